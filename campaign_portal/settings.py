"""Settings for the cadre-campaign portal.

One module, configured by environment variables. The defaults are safe for a laptop
(DEBUG on, SQLite file, console e-mail); production sets the variables listed in
docs/configuration.md and then `manage.py check --deploy` prints no warning.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", True)

_DEV_SECRET_KEY = "django-insecure-dev-only-key-do-not-use-in-production-0123456789"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = _DEV_SECRET_KEY

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "treebeard",
    "simple_history",
    "axes",
    "django_filters",
    "import_export",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "common",
    "accounts",
    "notices",
    "organizations",
    "campaigns",
    "registrations",
    "checkins",
    "feedback",
    "evaluations",
    "reports",
    "unitratings",
    "unitreports",
    "documents",
    "privacy",
    "messaging",
    "programmes",
    "meetings",
    "api",
    "demo",
    "ninja",  # its static files: the API's Swagger UI page without a CDN
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Compresses pages on their way out (static files come precompressed from WhiteNoise, below it).
    "common.middleware.TextGZipMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether this session gave its second step (django-otp) …
    "django_otp.middleware.OTPMiddleware",
    # … and, until it has, only the step itself for the accounts that owe it (accounts.second_factor).
    "accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "common.middleware.ContentSecurityPolicyMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "campaign_portal.urls"
WSGI_APPLICATION = "campaign_portal.wsgi.application"
ASGI_APPLICATION = "campaign_portal.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
# DATABASE_URL names the database: postgres://user@host:5432/name for PostgreSQL, sqlite:///path/to/file.sqlite3
# for a SQLite file (the default, db.sqlite3 beside manage.py; SQLITE_PATH names another file too). SQLite runs in
# WAL mode with IMMEDIATE transactions however it is named, so that two writers queue for the lock instead of
# failing half-way with "database is locked".
DATABASE_URL = os.environ.get("DATABASE_URL", "")


def sqlite_database(path: str) -> dict:
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": path,
        # Kept open between requests, as PostgreSQL's: opening it and running the pragmas below cost every
        # request about a millisecond.
        "CONN_MAX_AGE": 60,
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        },
    }


if DATABASE_URL.startswith("sqlite:"):
    DATABASES = {"default": sqlite_database(dj_database_url.parse(DATABASE_URL)["NAME"])}
elif DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
else:
    DATABASES = {"default": sqlite_database(os.environ.get("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")))}

# DATABASE_REPLICA_URL: a PostgreSQL read replica of the same database (streaming replication). The dashboards'
# figures and the export jobs' rows read from it (common/replica.py); everything else stays on the primary.
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "").strip()
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(DATABASE_REPLICA_URL, conn_max_age=60, conn_health_checks=True)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}  # tests read the primary's test database
DATABASE_ROUTERS = ["common.replica.ReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Shared state and background work ----------------------------------------------------
# Several app servers share one cache and one task queue. REDIS_URL (redis://127.0.0.1:6379/0) puts the cache on
# Redis (common.cache: Django's RedisCache that serves pages without it when Redis is away, asking it again after a
# few seconds; half a second at most to connect or answer). Without it the cache is a database table (made by
# `migrate`: common/migrations/0001), shared by every process on the same database. Sessions are in the database
# either way: a Redis outage signs no one out, and a logout made during one cannot come back from the cache.
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "common.cache.ForgivingRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "portal_cache"}}
# The API's request counts (api/throttle.py): shared on Redis; without it, each process's own memory.
CACHES["api_rate"] = (
    {**CACHES["default"], "KEY_PREFIX": "api-rate"}
    if REDIS_URL
    else {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "api-rate",
    }
)

# Background tasks through Django's Tasks API (the django-tasks backport). TASKS_BACKEND picks where they wait:
# "database" (the default: a table, run by `manage.py db_worker`, which `make run` starts beside the server),
# "rq" (Redis at REDIS_URL through RQ: `manage.py rqworker --job-class django_tasks_rq.Job --with-scheduler`),
# "immediate" (run inside the request: the tests, and a machine with no worker at all).
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "database")
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
if TASKS_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be one of {', '.join(_TASK_BACKENDS)}.")
if TASKS_BACKEND == "rq" and not REDIS_URL:
    raise ImproperlyConfigured("TASKS_BACKEND=rq needs REDIS_URL.")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TASKS_BACKEND], "QUEUES": ["default"]}}
RQ_QUEUES = {"default": {"URL": REDIS_URL or "redis://127.0.0.1:6379/0", "DEFAULT_TIMEOUT": 3600}}
if TASKS_BACKEND == "rq":
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]

# --- Accounts ---------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out login before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "accounts.oidc.PortalOIDCBackend",  # stands aside until a provider is configured
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "organizations:home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling: five failures for one username from one address lock it for 15 minutes.
# --- Sign-in through an OpenID Connect provider (accounts/oidc.py; off while OIDC_RP_CLIENT_ID is empty) ---------
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
OIDC_OP_ISSUER = os.environ.get("OIDC_OP_ISSUER", "").rstrip("/")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_OP_AUTHORIZATION_ENDPOINT", f"{OIDC_OP_ISSUER}/authorize/")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_OP_TOKEN_ENDPOINT", f"{OIDC_OP_ISSUER}/token/")
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT", f"{OIDC_OP_ISSUER}/userinfo/")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", f"{OIDC_OP_ISSUER}/.well-known/jwks.json")
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.environ.get("OIDC_RP_SCOPES", "openid email profile")
OIDC_MEMBER_NUMBER_CLAIM = os.environ.get("OIDC_MEMBER_NUMBER_CLAIM", "member_number")
OIDC_PROVIDER_NAME = os.environ.get("OIDC_PROVIDER_NAME", "tài khoản Đoàn")
OIDC_USE_NONCE = True
OIDC_TIMEOUT = 10
LOGIN_REDIRECT_URL_FAILURE = "/dang-nhap/"

# --- Two-step sign-in (accounts/second_factor.py) --------------------------------------------------------
# Office and administrator accounts must give a code from their phone after the password: always in production;
# in development only when asked (SECOND_FACTOR_FOR_OFFICES=1), so that the demo's office logins open at once.
SECOND_FACTOR_FOR_OFFICES = env_bool("SECOND_FACTOR_FOR_OFFICES", not DEBUG)
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "Cổng rèn luyện cán bộ Đoàn")
# How long a phone may be remembered ("do not ask again on this phone").
SECOND_FACTOR_REMEMBER_DAYS = int(os.environ.get("SECOND_FACTOR_REMEMBER_DAYS", "30"))

# --- Web Push to the installed app (notices/push.py) -------------------------------------------------------------
# The VAPID private key (PEM); empty in development: one is made into var/webpush-vapid.pem.
WEBPUSH_VAPID_PRIVATE_KEY = os.environ.get("WEBPUSH_VAPID_PRIVATE_KEY", "").replace("\\n", "\n")
WEBPUSH_CONTACT = os.environ.get("WEBPUSH_CONTACT", "mailto:quantri@doan.example.vn")
# The push services whose addresses a subscription may name (and their subdomains).
WEBPUSH_PUSH_SERVICES = env_list(
    "WEBPUSH_PUSH_SERVICES", "fcm.googleapis.com,push.services.mozilla.com,push.apple.com,notify.windows.com"
)
WEBPUSH_REQUIRE_HTTPS = True

# --- Messages to groups (messaging/) ------------------------------------------------------------------------------
COHORT_MESSAGES_PER_DAY = int(os.environ.get("COHORT_MESSAGES_PER_DAY", "10"))  # per sender, any 24 hours
COHORT_MAX_RECIPIENTS = int(os.environ.get("COHORT_MAX_RECIPIENTS", "5000"))  # per message

# --- Personal data (organizations/access.py, privacy/) ------------------------------------------------------
# How long the record of who opened or exported whose data is kept.
ACCESS_LOG_KEEP_DAYS = int(os.environ.get("ACCESS_LOG_KEEP_DAYS", "730"))
# People who aged out, left or were removed more than this many years ago are anonymised (privacy/retention.py).
PERSONAL_DATA_KEEP_YEARS = int(os.environ.get("PERSONAL_DATA_KEEP_YEARS", "5"))

# --- The API (api/) ---------------------------------------------------------------------------
# Requests a minute per service token or signed-in user (answered 429 with Retry-After beyond).
API_REQUESTS_PER_MINUTE = int(os.environ.get("API_REQUESTS_PER_MINUTE", "300"))
# The longest a service token may be made for.
API_TOKEN_MAX_DAYS = int(os.environ.get("API_TOKEN_MAX_DAYS", "366"))

AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_RESET_ON_SUCCESS = True
# The client's address (accounts.throttle.client_address): behind TRUSTED_PROXY_COUNT proxies (deploy/: nginx, so 1),
# the address the outermost of them saw, which it appended to X-Forwarded-For; without a proxy, the connection's
# own. Every throttle counts per (login name, address) and per address with it: never one lock for everyone
# behind the proxy.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", os.environ.get("AXES_PROXY_COUNT", "0")))
AXES_CLIENT_IP_CALLABLE = "accounts.throttle.client_address"
# Password-reset e-mails in an hour: per address asked for (more are silently not sent) and per client address.
PASSWORD_RESETS_PER_EMAIL = int(os.environ.get("PASSWORD_RESETS_PER_EMAIL", "3"))
PASSWORD_RESETS_PER_IP = int(os.environ.get("PASSWORD_RESETS_PER_IP", "10"))

# Activation codes handed to cadres on paper expire after this many days.
ACTIVATION_CODE_DAYS = int(os.environ.get("ACTIVATION_CODE_DAYS", "30"))
# Wrong activation codes: past this many in the cool-off window, from one address or for one login
# name, the activation form is refused until the window has passed.
ACTIVATION_FAILURES_PER_IP = int(os.environ.get("ACTIVATION_FAILURES_PER_IP", "10"))
ACTIVATION_FAILURES_PER_USERNAME = int(os.environ.get("ACTIVATION_FAILURES_PER_USERNAME", "5"))
ACTIVATION_COOLOFF_MINUTES = int(os.environ.get("ACTIVATION_COOLOFF_MINUTES", "15"))

# --- Language, time, formats ---------------------------------------------------------
LANGUAGE_CODE = "vi"
# One language: Vietnamese whatever the browser asks for (staff phones are often set to English).
LANGUAGES = [("vi", _("Vietnamese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Dates everywhere read dd/mm/yyyy, the way every Vietnamese document writes them.
FORMAT_MODULE_PATH = ["campaign_portal.formats"]

# --- Static and media files ----------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Public uploads (published "Gương sáng" story photos only), served by the web server as they are.
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Private uploads (people's photos, evidence, deployment and commitment photos, documents): outside any
# public URL, served only through the scoped view /tep/<name> (common.private_files).
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "var" / "private"))
# How that view hands a file over: streamed by Django ("simple"), or by nginx through X-Accel-Redirect
# ("nginx", with an internal location SENDFILE_URL aliased to PRIVATE_MEDIA_ROOT; see deploy/nginx.conf).
SENDFILE_BACKEND = "django_sendfile.backends." + os.environ.get("SENDFILE_BACKEND", "simple")
SENDFILE_ROOT = str(PRIVATE_MEDIA_ROOT)
SENDFILE_URL = os.environ.get("SENDFILE_URL", "/_private")
STORAGES = {
    "default": {"BACKEND": "common.storage.PrivateStorage"},
    "public": {"BACKEND": "common.storage.PublicStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("DJANGO_STATIC_MANIFEST", not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# FILE_STORAGE=s3: uploads, exports and pending imports on an S3-compatible object store instead of the two roots
# above, so app servers and workers need no shared disk (common/s3.py). Private objects are never public: the scoped
# view /tep/ checks who asks, then redirects to a one-minute presigned address.
FILE_STORAGE = os.environ.get("FILE_STORAGE", "filesystem")
if FILE_STORAGE not in ("filesystem", "s3"):
    raise ImproperlyConfigured("FILE_STORAGE must be filesystem or s3.")
if FILE_STORAGE == "s3":
    _S3 = {
        "bucket_name": os.environ.get("S3_BUCKET", ""),
        "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,  # empty: AWS itself
        "region_name": os.environ.get("S3_REGION") or None,
        "access_key": os.environ.get("S3_ACCESS_KEY_ID") or None,
        "secret_key": os.environ.get("S3_SECRET_ACCESS_KEY") or None,
        "addressing_style": os.environ.get("S3_ADDRESSING_STYLE", "path"),  # MinIO and most providers: path
        "signature_version": "s3v4",
        "file_overwrite": False,
    }
    if not _S3["bucket_name"]:
        raise ImproperlyConfigured("FILE_STORAGE=s3 needs S3_BUCKET.")
    STORAGES["default"] = {
        "BACKEND": "common.s3.PrivateS3Storage",
        "OPTIONS": {**_S3, "location": "private", "default_acl": "private", "querystring_auth": True},
    }
    STORAGES["public"] = {
        "BACKEND": "common.s3.PublicS3Storage",
        "OPTIONS": {
            **_S3,
            "location": "public",
            "default_acl": "public-read",
            "querystring_auth": False,
            "custom_domain": os.environ.get("S3_PUBLIC_DOMAIN") or None,  # e.g. a CDN or the bucket's web address
        },
    }
# Uploads larger than this stay on disk while they are checked, not in memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Photos: real images only, at most this many bytes and pixels; stored re-encoded without EXIF.
IMAGE_UPLOAD_MAX_BYTES = int(os.environ.get("IMAGE_UPLOAD_MAX_BYTES", str(5 * 1024 * 1024)))
IMAGE_UPLOAD_MAX_PIXELS = int(os.environ.get("IMAGE_UPLOAD_MAX_PIXELS", str(40_000_000)))
IMAGE_STORED_MAX_SIDE = 1600
# Excel imports: refused above this size or row count. Between preview and confirmation the file waits in the
# private storage (imports/), where every worker finds it.
# 200,000 rows (a province's members) make a file of about 9 MB, checked and written on the worker in ~2.5 minutes.
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", str(25 * 1024 * 1024)))
IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", "200000"))
# Excel exports run as background jobs (reports.exports): the file is kept this long for the person who asked; a
# running job silent this long lost its worker and is run again.
# The backup as a periodic job (common.periodic): every BACKUP_EVERY_HOURS (0: never; the default in development),
# the newest BACKUP_KEEP archives kept in BACKUP_DIR.
BACKUP_EVERY_HOURS = int(os.environ.get("BACKUP_EVERY_HOURS", "0" if DEBUG else "24"))
BACKUP_KEEP = int(os.environ.get("BACKUP_KEEP", "14"))
BACKUP_DIR = Path(os.environ.get("BACKUP_DIR", BASE_DIR / "var" / "backups"))
EXPORT_KEEP_HOURS = int(os.environ.get("EXPORT_KEEP_HOURS", "24"))
EXPORT_STALE_SECONDS = int(os.environ.get("EXPORT_STALE_SECONDS", "120"))
EXPORT_WATCHDOG_SECONDS = int(os.environ.get("EXPORT_WATCHDOG_SECONDS", "60"))  # how often that is looked for

# --- E-mail ------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "Cổng rèn luyện cán bộ Đoàn <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Names this release in the service worker's cache (static/js/pwa.js, templates/common/sw.js): set it when
# deploying, so phones drop the previous release's files.
PORTAL_RELEASE = os.environ.get("PORTAL_RELEASE", "1")

# The portal's public address (no trailing slash): links in e-mails and the shared story previews (Open Graph).
# Required in production: a forgotten value would send people to 127.0.0.1.
# The phone channel of notifications (notices.channels): Zalo Official Account's ZNS template messages. Off unless
# NOTIFY_PHONE_BACKEND=zalo_zns with the OA's access token and an approved template (parameters tieu_de, noi_dung,
# duong_dan); each person turns it on for themself.
NOTIFY_PHONE_BACKEND = os.environ.get("NOTIFY_PHONE_BACKEND", "")
ZALO_ZNS_URL = os.environ.get("ZALO_ZNS_URL", "https://business.openapi.zalo.me/message/template")
ZALO_ZNS_ACCESS_TOKEN = os.environ.get("ZALO_ZNS_ACCESS_TOKEN", "")
ZALO_ZNS_TEMPLATE_ID = os.environ.get("ZALO_ZNS_TEMPLATE_ID", "")

SITE_URL = os.environ.get("SITE_URL", "").strip().rstrip("/")
if not SITE_URL:
    if not DEBUG:
        raise ImproperlyConfigured("SITE_URL must be set when DJANGO_DEBUG is off (e.g. https://doan.example.vn).")
    SITE_URL = f"http://127.0.0.1:{os.environ.get('PORT', '8000')}"

# --- Security -------------------------------------------------------------------------
# Off in development (plain http on 127.0.0.1), on in production.
SECURE = not DEBUG
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = int(os.environ.get("DJANGO_SESSION_SECONDS", str(8 * 3600)))
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", SECURE)
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(31536000 if SECURE else 0)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'"
)
# The admin's own: its scripts are all files (an inline handler of django-import-export is re-attached by
# static/js/admin-csp.js); a few of its templates still carry style attributes, hence 'unsafe-inline' for styles.
ADMIN_CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; "
    "object-src 'none'"
)
ADMIN_PATH = "/admin/"
if env_bool("DJANGO_BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Third-party apps ------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
# Admin exports through django-import-export: a cell starting with = + - @ becomes text, not a formula.
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True
IMPORT_EXPORT_ESCAPE_ILLEGAL_CHARS_ON_EXPORT = True

# DJANGO_LOG_FORMAT=json: one JSON object per line (time, level, logger, message, host, path, status), for a log
# collector gathering several servers; plain text otherwise.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "common.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if os.environ.get("DJANGO_LOG_FORMAT") == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
