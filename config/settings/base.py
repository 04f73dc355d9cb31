"""Settings shared by every environment; each value that differs comes from the environment."""

from importlib.util import find_spec
from pathlib import Path
from urllib.parse import urlsplit

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    env.read_env(str(BASE_DIR / ".env"))

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

# --- Applications -------------------------------------------------------------------------

DJANGO_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]
THIRD_PARTY_APPS = [
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.simple_translation",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.locales",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "csp",
]
LOCAL_APPS = [
    "common",
    "accounts",
    "stations",
    "cms",
]

# Social sign-in: a provider is enabled only when its keys are in the environment.
# WeChat (weixin) is the one Chinese users expect; add others the same way.
SOCIALACCOUNT_PROVIDERS: dict[str, dict] = {}
if env("WEIXIN_CLIENT_ID", default=""):
    THIRD_PARTY_APPS.append("allauth.socialaccount.providers.weixin")
    SOCIALACCOUNT_PROVIDERS["weixin"] = {
        "APP": {
            "client_id": env("WEIXIN_CLIENT_ID"),
            "secret": env("WEIXIN_CLIENT_SECRET"),
        },
        "SCOPE": ["snsapi_login"],
    }

INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outermost but for static files, so that every page, redirects and error pages too, gets the policy.
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.StaffTwoFactorMiddleware",
    "cms.middleware.CmsAccessMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
                "csp.context_processors.nonce",
                "accounts.context_processors.roles",
            ],
        },
    },
]

# --- Data -----------------------------------------------------------------------------------

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    # A real cache even without Redis: allauth's rate limits do nothing on DummyCache.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "aixin"}}

# --- Celery ---------------------------------------------------------------------------------

CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_TIME_LIMIT = 5 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 4 * 60
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Redis redelivers an unacknowledged task after this long; tasks are kept far shorter.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_TIMEZONE = "Asia/Shanghai"
# Run by `celery -A config beat`: overdue reports and visits are found and their stations told.
CELERY_BEAT_SCHEDULE = {
    "overdue-scan": {"task": "stations.tasks.overdue_scan", "schedule": 15 * 60},
}

# --- Accounts -------------------------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:home"

ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "accounts.adapters.SocialAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[爱心驿站] "
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_ALLOW_SIGNUPS = env.bool("ACCOUNT_ALLOW_SIGNUPS", default=True)
# allauth's defaults, written out so that they are reviewed with the rest of the policy.
ACCOUNT_RATE_LIMITS = {
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reset_password": "20/m/ip,5/m/key",
    "reauthenticate": "10/m/user",
    "reset_password_from_key": "20/m/ip",
    "signup": "20/m/ip",
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "confirm_email": "1/3m/key",
}
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Aixin 爱心驿站"
# Staff roles (station, agency, fund, city) must sign in with a second factor.
AIXIN_REQUIRE_STAFF_MFA = True
# `seed_demo` refuses to run unless the settings module allows it (local and test only).
AIXIN_DEMO_DATA_ALLOWED = False
# Users granted the city administrator role join this group, which holds their CMS permissions.
AIXIN_CITY_ADMINISTRATORS_GROUP = "City administrators"

# --- Privacy --------------------------------------------------------------------------------

# Sensitive fields (identity numbers, health) are Fernet-encrypted: the first key encrypts, every
# key decrypts, so a new key is added in front and the old one dropped once rows are re-encrypted.
AIXIN_FIELD_ENCRYPTION_KEYS = env.list("AIXIN_FIELD_ENCRYPTION_KEYS", default=[])
# Keyed hashes that let records be found by a sensitive value without decrypting every row.
AIXIN_BLIND_INDEX_KEY = env("AIXIN_BLIND_INDEX_KEY", default="")

# Days between visits to a household in a watched group (南昌: monthly screening).
AIXIN_VISIT_INTERVAL_DAYS = env.int("AIXIN_VISIT_INTERVAL_DAYS", default=30)
# Days from a need's creation to its due date, by tier (南昌: simple the same day, general within a week,
# complex jointly; 张家界's tiers).
AIXIN_NEED_DUE_DAYS = {"special_urgent": 0, "single_department": 7, "joint": 15}
# Days past its due date after which an open need that nobody extended expires and leaves the public site.
AIXIN_NEED_EXPIRE_AFTER_DAYS = env.int("AIXIN_NEED_EXPIRE_AFTER_DAYS", default=30)
# Hours a station has to respond to a new discovery report before it is overdue.
AIXIN_REPORT_RESPONSE_HOURS = env.int("AIXIN_REPORT_RESPONSE_HOURS", default=24)

# --- Internationalisation -------------------------------------------------------------------

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static and media -----------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "var" / "static")
# django-leaflet ships Leaflet's files (leaflet/leaflet.js, leaflet/leaflet.css, marker images). It is
# not an installed app: the admin's autodiscovery would import its leaflet.admin, which imports
# GeoDjango's form widgets and so needs the GDAL C library (makinacorpus/django-leaflet#336), a
# large system dependency for a page that only needs the static files and LEAFLET_CONFIG below.
STATICFILES_DIRS = [BASE_DIR / "static", Path(find_spec("leaflet").origin).parent / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "var" / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Upload limits: forms and uploads larger than these are refused with a clear message.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
AIXIN_IMAGE_MAX_PIXELS = WAGTAILIMAGES_MAX_IMAGE_PIXELS
WAGTAILIMAGES_IMAGE_MODEL = "cms.AixinImage"
# The formats common/images.py re-encodes; anything else (SVG, HEIC, AVIF) is refused at upload.
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
# Originals are re-encoded without EXIF (GPS) before they are stored.
WAGTAILIMAGES_IMAGE_FORM_BASE = "cms.forms.MetadataFreeImageForm"
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "odt", "ods", "txt", "csv"]

# --- Email ----------------------------------------------------------------------------------

vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="爱心驿站 <noreply@aixin.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Wagtail --------------------------------------------------------------------------------

WAGTAIL_SITE_NAME = "爱心驿站 Aixin"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# Every sign-in goes through allauth, so its two-factor step and rate limits apply to the CMS too.
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_PASSWORD_RESET_ENABLED = False
# Email and password are managed in allauth only: Wagtail's account page would change the email
# without verifying it and the password outside allauth's rate limits.
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# --- Map -----------------------------------------------------------------------------------

# Station coordinates are GCJ-02, the datum Chinese maps use, so the default tiles are AutoNavi's
# (Amap, 高德地图), which are drawn in GCJ-02 too. OpenStreetMap tiles are WGS-84: in China they
# would put every marker a few hundred metres off its street. Another GCJ-02 provider (or a tile
# server of the city's own) is configured through the environment; the page lists the stations
# whether or not the tiles load.
AIXIN_MAP_TILE_URL = env(
    "AIXIN_MAP_TILE_URL",
    default="https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}",
)
# Leaflet's {s}: each character is one subdomain.
AIXIN_MAP_TILE_SUBDOMAINS = env("AIXIN_MAP_TILE_SUBDOMAINS", default="1234")
AIXIN_MAP_TILE_ATTRIBUTION = env("AIXIN_MAP_TILE_ATTRIBUTION", default="© 高德地图 AutoNavi")
# Read through django-leaflet (``leaflet.app_settings``), which checks and completes it. The public
# pages draw their maps with static/js/station_map.js, not with {% leaflet_map %}, whose inline
# script the content security policy would block.
LEAFLET_CONFIG = {
    "TILES": [
        (
            "map",
            AIXIN_MAP_TILE_URL,
            {
                "attribution": AIXIN_MAP_TILE_ATTRIBUTION,
                "subdomains": AIXIN_MAP_TILE_SUBDOMAINS,
                "maxZoom": 18,
            },
        )
    ],
    # Wenzhou, where the demo city and the first stations are.
    "DEFAULT_CENTER": (27.99, 120.70),
    "DEFAULT_ZOOM": 9,
    "MIN_ZOOM": 5,
    "MAX_ZOOM": 18,
    "ATTRIBUTION_PREFIX": "Leaflet",
}


def _tile_sources(url: str, subdomains: str) -> list[str]:
    """Return the CSP sources a tile URL loads images from: one per subdomain when it has ``{s}``."""
    parts = urlsplit(url)
    origin = f"{parts.scheme}://{parts.netloc}" if parts.scheme else parts.netloc
    if "{s}" not in origin:
        return [origin]
    return [origin.replace("{s}", subdomain) for subdomain in subdomains]


# --- Security -------------------------------------------------------------------------------

SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Wagtail marks its own preview views SAMEORIGIN; everything else may not be framed.
X_FRAME_OPTIONS = "DENY"

# Content security policy. The public site and the account pages are enforced strictly; the
# two admin sites (Wagtail's and Django's) rely on inline script and style, so there it is
# report-only until their needs are known (see the report log).
_CSP_STRICT = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    # Map tiles are images from the tile server configured above.
    "img-src": ["'self'", "data:", *_tile_sources(AIXIN_MAP_TILE_URL, AIXIN_MAP_TILE_SUBDOMAINS)],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "frame-ancestors": ["'self'"],
    "form-action": ["'self'"],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
    "report-uri": ["/csp-report/"],
}
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/cms/", "/django-admin/"],
    "DIRECTIVES": _CSP_STRICT,
}
CONTENT_SECURITY_POLICY_REPORT_ONLY = {
    "DIRECTIVES": _CSP_STRICT,
}

# --- Logging --------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
