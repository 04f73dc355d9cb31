# Two commands do all set-up: `make run` and `make test`. Both build .venv from requirements.txt.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
INSTALLED := $(VENV)/.installed
TEST_SETTINGS := DJANGO_SETTINGS_MODULE=config.settings.test

.PHONY: run test bench install lint messages clean

$(INSTALLED): requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' \
		|| { echo "Aixin needs Python 3.11 or newer; '$(PYTHON)' is older (set PYTHON=python3.11)."; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	@touch $@

install: $(INSTALLED)

## Serve the demo city at http://127.0.0.1:8000 on SQLite, Celery inline, email to the console.
run: $(INSTALLED)
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo
	$(MANAGE) runserver 127.0.0.1:8000

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(TEST_SETTINGS) $(MANAGE) makemigrations --check --dry-run
	$(TEST_SETTINGS) $(MANAGE) check

## Lint, import contracts, migrations check, system check, then the whole suite with the browser journeys.
test: lint
	$(BIN)/pytest

## Benchmarks: each prints its figures beside its baseline (PostgreSQL when DATABASE_URL is set, else SQLite).
bench: $(INSTALLED)
	$(BIN)/python -m bench

## Refresh the Chinese message catalogue after changing interface text, then compile it.
messages: $(INSTALLED)
	$(MANAGE) makemessages --locale zh_Hans --ignore '.venv/*' --ignore 'var/*' --no-obsolete --no-location --ignore 'tests/*'
	$(MANAGE) compilemessages --locale zh_Hans --ignore '.venv/*'

clean:
	rm -rf $(VENV) var db.sqlite3
