"""The newcomer's settings: SQLite, Celery inline, email to the console, no service needed."""

from config.settings.base import *  # noqa: F403
from config.settings.base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="local-development-key-not-for-production-use-0123456789")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
AIXIN_DEMO_DATA_ALLOWED = True
# Development keys, public in this file and so protecting nothing: production requires its own.
AIXIN_FIELD_ENCRYPTION_KEYS = env.list(
    "AIXIN_FIELD_ENCRYPTION_KEYS", default=["dlV67XFzLn2H5PdYwmRfwVHxvMxQ9HIeFVApAmXB5F0="]
)
AIXIN_BLIND_INDEX_KEY = env("AIXIN_BLIND_INDEX_KEY", default="local-blind-index-key-not-secret")

# The one switch that relaxes staff two-factor sign-in, so that a newcomer can look around the
# demo city without an authenticator app. Production ignores it.
AIXIN_REQUIRE_STAFF_MFA = not env.bool("AIXIN_STAFF_MFA_OPTIONAL", default=False)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# One INFO line per inline task drowns the console (seed_demo runs ~140); warnings still show.
LOGGING["loggers"]["celery.app.trace"] = {"level": "WARNING"}  # noqa: F405
