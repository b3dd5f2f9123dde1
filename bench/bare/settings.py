"""Settings of the bare comparison project (bench/bare/__init__.py)."""

SECRET_KEY = "bench-bare-not-secret"  # noqa: S105 - a benchmark's throwaway project
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "bench.bare.urls"
INSTALLED_APPS: list[str] = []
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
]
DATABASES: dict = {}
USE_TZ = True
WSGI_APPLICATION = "bench.bare.wsgi.application"
