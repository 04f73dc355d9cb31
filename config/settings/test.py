"""Test settings: SQLite by default, PostgreSQL and Redis when DATABASE_URL / CELERY_BROKER_URL are set."""

from config.settings.base import *  # noqa: F403
from config.settings.base import env

DEBUG = False
SECRET_KEY = "test-key-not-for-production-use-0123456789-abcdefghijklmnopqrstuvwxyz"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "aixin-test"}}
# Tasks run inline unless a test starts a real worker (tests/test_celery_worker.py).
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
AIXIN_DEMO_DATA_ALLOWED = True
AIXIN_FIELD_ENCRYPTION_KEYS = ["dt7FN8ANzJVijWpOBWP5KGFuFjw1R4MOkiDAJp5NWS4="]
AIXIN_BLIND_INDEX_KEY = "test-blind-index-key"  # noqa: S105
AIXIN_REQUIRE_STAFF_MFA = True
# Static files come from the app and project folders through the finders; nothing is collected.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
