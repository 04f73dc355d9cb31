"""Run every benchmark against a throw-away database: PostgreSQL when DATABASE_URL names one, else SQLite.

    make bench                      # or: .venv/bin/python -m bench [name ...]

Each benchmark builds its own data, measures whole requests through Django's test client (middleware,
queries and templates, as a server would spend them, without the network), and prints its figures beside
its baseline in one table. Timings are medians of repeated runs on this machine: compare the ratios, not
the milliseconds, between machines.
"""

import os
import sys


def main(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    from bench import needs_index

    benchmarks = {"needs_index": needs_index.run}
    chosen = argv or list(benchmarks)
    unknown = [name for name in chosen if name not in benchmarks]
    if unknown:
        print(f"Unknown benchmark: {', '.join(unknown)}. Known: {', '.join(benchmarks)}.", file=sys.stderr)
        return 2
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        print(f"Database: {connection.vendor} {connection.settings_dict['NAME']}")
        for name in chosen:
            benchmarks[name]()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
