"""Settings for drug-permits, read from the environment with safe defaults for `make run`.

Production sets DEBUG=0, SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL (PostgreSQL). With DEBUG=0
a missing SECRET_KEY or PUBLIC_BASE_URL refuses to start; so does, always, a switch that is
not 1/0/true/false (core.env).
"""

from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from config.caches import caches_setting
from config.csp import STRICT_POLICY
from config.databases import default_database
from core.env import default_storage_from_env, env_bool, env_int, env_list, env_str, secret_key
from core.logs import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = secret_key(VAR_DIR, debug=DEBUG)  # required with DEBUG=0
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "csp",
    "captcha",
    "axes",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "django_prometheus",
    "accounts",
    "reference",
    "documents",
    "permits",
    "review",
    "customs",
    "bench",
    "operations",
]

MIDDLEWARE = [
    "operations.requests.RequestLogMiddleware",
    "config.middleware.HeadAsGetMiddleware",
    "config.middleware.PrivateCachingMiddleware",
    "config.middleware.ApiErrorShapeMiddleware",
    "config.middleware.RequestLimitsMiddleware",
    "core.client.ClientAddressMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "config.speed.token_requests.TokenRequestRouting",  # bearer-token API: no session stack
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "accounts.session_store.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "accounts.session_user.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.keys.middleware.KeyPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "config.csp.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
    "config.middleware.DomainErrorMiddleware",
    "operations.prometheus.PrometheusAfterMiddleware",
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
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "config.pages.context_processors.workspace",
            ],
            "builtins": ["config.templatetags.ui"],
        },
    },
    # Fragments drawn many times per page, from the apps' jinja2/ folders (config.pages.jinja).
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "APP_DIRS": True,
        "OPTIONS": {"environment": "config.pages.jinja.environment"},
    },
]

# Form widgets with Django's Jinja2 form renderer where Django ships the template for it.
FORM_RENDERER = "config.pages.form_renderer.FormRenderer"

# Database: SQLite file under var/ by default; PostgreSQL via DATABASE_URL (config.databases).
DATABASES = {"default": default_database(VAR_DIR)}
# A kept PostgreSQL connection used again within this many seconds skips Django's per-request
# health check (config.postgresql.base); 0 checks before every request.
DB_HEALTH_CHECK_IDLE_SECONDS = env_int("DB_HEALTH_CHECK_IDLE_SECONDS", 2)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "workspace"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sign-in lock-out: 5 failures for one user from one address lock both for 15 minutes.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.web.views.locked_out"
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "core.client.client_address"

# 卡介质 policy (accounts.keys.policy; both off by default, so the demo logins keep working):
# roles whose users must sign in with a security key, and the actions that need a fresh key
# confirmation (submit = 申报, approve = 审批通过, reject = 审批不通过, void = 作废).
SECURITY_KEY_REQUIRED_ROLES = env_list("SECURITY_KEY_REQUIRED_ROLES")
SECURITY_KEY_CONFIRM_ACTIONS = env_list("SECURITY_KEY_CONFIRM_ACTIONS")
# API tokens: lifetime in days when none is asked for, and the longest allowed.
API_TOKEN_DAYS = env_int("API_TOKEN_DAYS", 90)
API_TOKEN_MAX_DAYS = 365

# Proxies whose X-Forwarded-For is believed (addresses or networks; none by default).
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")

# The shared cache (Django's database cache, or Redis when CACHE_URL names one) and the
# answers and pages each process keeps (BODY_CACHE_ENTRIES, PAGE_CACHE_ENTRIES): config.caches.
CACHE_URL = env_str("CACHE_URL", "")
CACHES = caches_setting(
    CACHE_URL, env_int("BODY_CACHE_ENTRIES", 2000), env_int("PAGE_CACHE_ENTRIES", 500)
)

# Tasks (Django's Tasks API): documents are rendered, signed and stored after the commit.
# The database backend with its `manage.py db_worker` on PostgreSQL (production); in-process
# right after the commit on SQLite (`make run`: nothing more to start). TASKS_BACKEND=database
# or immediate chooses explicitly.
_TASKS_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
TASKS_BACKEND = env_str(
    "TASKS_BACKEND",
    "immediate" if DATABASES["default"]["ENGINE"].endswith("sqlite3") else "database",
)
TASKS = {"default": {"BACKEND": _TASKS_BACKENDS[TASKS_BACKEND], "QUEUES": ["default"]}}

CAPTCHA_TEST_MODE = env_bool("CAPTCHA_TEST_MODE", False)
CAPTCHA_LENGTH = 4
CAPTCHA_CHALLENGE_FUNCT = "captcha.helpers.random_char_challenge"
CAPTCHA_IMAGE_SIZE = (110, 38)
CAPTCHA_FONT_SIZE = 28

# Foreign-trade operator registration (对外贸易经营者备案) required to apply; on as in the manual.
REQUIRE_FOREIGN_TRADE_QUALIFICATION = env_bool("REQUIRE_FOREIGN_TRADE_QUALIFICATION", True)

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise expects it before collectstatic
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    # Local files under MEDIA_ROOT, or any backend of Django's STORAGES: STORAGE_BACKEND=s3
    # takes django-storages' S3 backend (README: several machines).
    "default": default_storage_from_env(),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# Uploads are never served directly (views stream them as downloads) and no URL routes here;
# it must still be a string: Django's test live server parses MEDIA_URL.
MEDIA_URL = "/media-not-served/"
WHITENOISE_USE_FINDERS = DEBUG

# Security baseline.
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_COOKIES = env_bool("SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = SECURE_COOKIES
LANGUAGE_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)
SESSION_ENGINE = "accounts.session_store"  # database sessions read with their user (one statement)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if not DEBUG else None

CONTENT_SECURITY_POLICY = {"DIRECTIVES": STRICT_POLICY}  # config.csp: nothing inline

UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
# Every upload is parsed in a child process with these hard limits (documents.pdfguard).
PDF_CHECK_MEMORY_MB = env_int("PDF_CHECK_MEMORY_MB", 256)
PDF_CHECK_CPU_SECONDS = env_int("PDF_CHECK_CPU_SECONDS", 2)
PDF_CHECK_WALL_SECONDS = env_int("PDF_CHECK_WALL_SECONDS", 3)
# Upload checks at once (documents.upload_slots); 0 lifts a bound. The node's default keeps
# one of its gunicorn workers for everyone else.
UPLOAD_CHECKS_PER_USER = env_int("UPLOAD_CHECKS_PER_USER", 2)
UPLOAD_CHECKS_PER_ADDRESS = env_int("UPLOAD_CHECKS_PER_ADDRESS", 8)
UPLOAD_CHECKS_PER_NODE = env_int(
    "UPLOAD_CHECKS_PER_NODE", max(1, env_int("GUNICORN_WORKERS", 2) - 1)
)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Uploads past the memory size wait in unnamed temporary files: nothing is left behind when a
# worker is killed mid-request (documents.upload_handler).
FILE_UPLOAD_HANDLERS = ["documents.upload_handler.BoundedUploadHandler"]

# JSON lines on stderr (core.logs); one line per request (operations.requests).
LOGGING = logging_config(env_str("LOG_LEVEL", "WARNING"))

# Operations: `/metrics` answers a direct loopback peer or this bearer token; `/readyz` fails
# once more tasks than this wait to run (the workers do not keep up).
METRICS_TOKEN = env_str("METRICS_TOKEN", "")
READY_TASK_BACKLOG = env_int("READY_TASK_BACKLOG", 1000)
# A notice still pending this long after its decision (and not waiting for a planned retry)
# is counted by /readyz and the metrics: its task is late or lost.
NOTICE_PENDING_SECONDS = env_int("NOTICE_PENDING_SECONDS", 300)

NINJA_PAGINATION_MAX_LIMIT = 100

# Where the public can reach this system: the permit's QR code links to PUBLIC_BASE_URL/verify/…
# Required in production (DEBUG=0): a permit must never carry a loopback address. `make run`
# sets http://localhost:8000 (WebAuthn needs a host name, not an IP address).
PUBLIC_BASE_URL = env_str("PUBLIC_BASE_URL", "" if not DEBUG else "http://localhost:8000")
PUBLIC_BASE_URL = PUBLIC_BASE_URL.rstrip("/")
if not PUBLIC_BASE_URL:
    raise ImproperlyConfigured(
        "PUBLIC_BASE_URL must be set when DEBUG=0 (the address users reach; the permit's QR "
        "code links to PUBLIC_BASE_URL/verify/…)."
    )
# The key and certificate that sign issued documents (PEM files). When unset, a self-signed
# pair is generated once under var/signing/ (fine for demos; production sets real ones).
SIGNING_KEY_FILE = env_str("SIGNING_KEY_FILE", "")
SIGNING_CERT_FILE = env_str("SIGNING_CERT_FILE", "")

# E-mail (copies of 站内消息 for those who ask): printed to the console unless EMAIL_HOST is
# set, then sent over SMTP.
EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "drug-permits <noreply@localhost>")
