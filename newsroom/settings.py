"""Newsroom's one settings module: every knob comes from the environment.

The defaults suit local development (DEBUG on, SQLite in the project folder). With ``DEBUG=False``,
``SECRET_KEY`` and ``ALLOWED_HOSTS`` must be set and the secure defaults below make
``manage.py check --deploy`` clean.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from psycopg_pool import ConnectionPool

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name, default):
    """Read a boolean; anything but true/false (any case, or 1/0, yes/no) is an error, never False."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if value.lower() in ("true", "1", "yes", "on"):
        return True
    if value.lower() in ("false", "0", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be True or False, not {value!r}.")


def envint(name, default):
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def envlist(name, default=()):
    """A comma-separated list; blank items are dropped."""
    value = os.environ.get(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = envbool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS")
if DEBUG:
    SECRET_KEY = SECRET_KEY or "django-insecure-newsroom-development-key-never-use-in-production"
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["localhost", "127.0.0.1", "[::1]"]
else:
    if not SECRET_KEY:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is False.")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is False.")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")

# Anonymous visitors may read articles, people and tags; every write needs a login either way.
PUBLIC_READING = envbool("PUBLIC_READING", True)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # Trigram lookups for finding people by a misspelt name (PostgreSQL; harmless on SQLite).
    "django.contrib.postgres",
    "taggit",
    # Before django_tasks_db: its db_worker command replaces that app's (retries, leases).
    "newsroom.apps.NewsroomConfig",
    "django_tasks_db",
    "axes",
    "simple_history",
    "articles",
    "annotations",
    "archive",
]

MIDDLEWARE = [
    # /healthz and /readyz, answered before the host check and the HTTPS redirect.
    "newsroom.health.HealthCheckMiddleware",
    "newsroom.logging.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Lets every history record name the user whose request made the change.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "newsroom.unavailable.DatabaseUnavailableMiddleware",
    # Last, as django-axes asks: it answers a locked-out login with the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

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


def database_from_url(url):
    """DATABASES["default"] from a URL; SQLite gets WAL, a busy timeout and immediate transactions
    so that a background worker beside the server does not hit "database is locked"."""
    try:
        config = dj_database_url.parse(url, conn_max_age=envint("CONN_MAX_AGE", 0))
    except ValueError as error:
        raise ImproperlyConfigured(f"DATABASE_URL is not a database URL Django knows: {error}") from None
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    elif config["ENGINE"] == "django.db.backends.postgresql":
        # A connection that died with the server (a restart) is found before a request uses it.
        config["CONN_HEALTH_CHECKS"] = True
        # psycopg's pool in production (measured against persistent connections: bench/connections.py).
        if envbool("DATABASE_POOL", not DEBUG):
            config["CONN_MAX_AGE"] = 0
            config["OPTIONS"] = {
                "pool": {
                    "min_size": envint("DATABASE_POOL_MIN", 1),
                    "max_size": envint("DATABASE_POOL_MAX", 4),
                    # Waiting longer for a connection than this is an error (a 503), not a hung page.
                    "timeout": envint("DATABASE_POOL_TIMEOUT", 5),
                    "check": ConnectionPool.check_connection,
                }
            }
    return config


DATABASES = {
    "default": database_from_url(os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes counts failed logins (the admin's and /accounts/login/ alike: both authenticate through
# it) and refuses further tries, the right password included, for a while.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=envint("LOGIN_COOLOFF_MINUTES", 15))
# A username from one address: a newsroom behind one office address is not locked out as a whole by
# one mistyped password, and nobody elsewhere can lock an editor out by guessing at their name.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "article-list"
LOGOUT_REDIRECT_URL = "article-list"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Where collectstatic puts the files whitenoise serves in production.
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploads waiting for a background ingestion are files here (the default storage), never served.
MEDIA_ROOT = os.environ.get("MEDIA_ROOT") or BASE_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "newsroom.storage.StaticFilesStorage"
        )
    },
}

# The reading pages run no inline script or style, so a strict policy holds everywhere.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_HTTPONLY = True

if not DEBUG:
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", True)
    # Behind a TLS-terminating proxy that sets X-Forwarded-Proto.
    if envbool("SECURE_PROXY_SSL", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

TAGGIT_CASE_INSENSITIVE = True

# Background work (large ingestion batches) runs through Django's tasks framework; the database
# backend needs a worker beside the server: `python manage.py db_worker`. The tests run tasks at once.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# The JSON API refuses bodies larger than this (413): an annotation with a 20,000-character note and
# a hundred tags is far smaller.
JSON_MAX_BYTES = envint("JSON_MAX_BYTES", 1024 * 1024)

# Ingestion refuses single documents larger than this.
INGEST_MAX_BYTES = envint("INGEST_MAX_BYTES", 10 * 1024 * 1024)
# An admin upload of at most this many documents is ingested in the request; a larger one is a
# background batch with a progress page.
INGEST_INLINE_MAX_DOCUMENTS = envint("INGEST_INLINE_MAX_DOCUMENTS", 20)
# A background batch is queued as up to this many task runs, which as many workers share.
INGEST_BATCH_PARALLELISM = envint("INGEST_BATCH_PARALLELISM", 4)
# A worker's hold on an upload it reads, renewed every few documents; once it runs out (the worker
# died), another worker takes the upload up again. Workers give up a file after this many attempts.
INGEST_LEASE_SECONDS = envint("INGEST_LEASE_SECONDS", 120)
INGEST_MAX_ATTEMPTS = envint("INGEST_MAX_ATTEMPTS", 3)
# Fetching a URL pasted in the admin: seconds to connect and between reads, and for the whole page;
# the largest page read; redirects followed.
FETCH_TIMEOUT = envint("FETCH_TIMEOUT", 10)
FETCH_MAX_BYTES = envint("FETCH_MAX_BYTES", 5 * 1024 * 1024)
FETCH_MAX_REDIRECTS = envint("FETCH_MAX_REDIRECTS", 5)
# Whether addresses inside the network (loopback, private, link-local) may be fetched: off, so that an
# editor's account cannot read internal services; the tests and an intranet newsroom turn it on.
FETCH_PRIVATE_ADDRESSES = envbool("FETCH_PRIVATE_ADDRESSES", False)

# Logs go to standard error, one JSON object a line in production (``LOG_FORMAT=json``), readable
# text in development; each line carries the id of the request (or of the request that queued the
# task) it belongs to. One line per request and per task, whatever LOG_LEVEL says.
LOG_LEVEL = os.environ.get("LOG_LEVEL", "WARNING").upper()
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text" if DEBUG else "json")
if LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be json or text, not {LOG_FORMAT!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "newsroom.logging.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "newsroom.logging.JsonFormatter"},
        "text": {"format": "{asctime} {levelname} {name} [{request_id}] {message}", "style": "{"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request_id"]}
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Django gives its "django" logger a console handler of its own (in DEBUG), and the record
        # then reaches the root's too: every warning was printed twice. The root's handler alone.
        "django": {"handlers": [], "level": LOG_LEVEL, "propagate": True},
        "newsroom.request": {"level": "INFO"},
        "newsroom.task": {"level": "INFO"},
        # Workers starting, stopping, retrying.
        "django_tasks_db": {"level": "INFO"},
        "newsroom.worker": {"level": "INFO"},
    },
}
