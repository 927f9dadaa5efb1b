"""hocvuso's one settings module, configured from the environment (README lists every variable)."""

import ipaddress
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor

from hocvuso.web.errors import init_error_reporting


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ValueError(f"{name} must be true or false, not {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ValueError(f"{name} must be a whole number, not {value!r}") from None


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def env_networks(name: str) -> list[str]:
    """A comma-separated list of IP addresses or CIDR networks."""
    networks = env_list(name, "")
    for network in networks:
        try:
            ipaddress.ip_network(network, strict=False)
        except ValueError:
            raise ValueError(f"{name} must list addresses or networks, not {network!r}") from None
    return networks


PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = PACKAGE_DIR.parent.parent
DATA_DIR = Path(env_str("HOCVUSO_DATA_DIR", str(BASE_DIR / "var")))
DATA_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("HOCVUSO_DEBUG", False)
SECRET_KEY = env_str("HOCVUSO_SECRET_KEY", "")
if not SECRET_KEY:
    # A laptop demo needs no configuration: keep a random key beside the data.
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        from django.core.management.utils import get_random_secret_key

        key_file.write_text(get_random_secret_key())
        key_file.chmod(0o600)
    SECRET_KEY = key_file.read_text().strip()

# Keys for sensitive data at rest (people.encryption): the first encrypts, all decrypt.
DATA_KEYS = env_list("HOCVUSO_DATA_KEYS", "")
if not DATA_KEYS:
    # As with the secret key, a demo keeps one beside the data; production sets its own.
    data_key_file = DATA_DIR / "data_keys"
    if not data_key_file.exists():
        from cryptography.fernet import Fernet

        data_key_file.write_text(Fernet.generate_key().decode())
        data_key_file.chmod(0o600)
    DATA_KEYS = [key.strip() for key in data_key_file.read_text().split(",") if key.strip()]

ALLOWED_HOSTS = env_list("HOCVUSO_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("HOCVUSO_CSRF_TRUSTED_ORIGINS", "")
# Our own reverse proxies (addresses or networks): only from them are X-Forwarded-For and
# X-Forwarded-Proto believed (web/addresses.py).
TRUSTED_PROXIES = env_networks("HOCVUSO_TRUSTED_PROXIES")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "django_tasks",
    "django_tasks_db",
    # Only so that /api/docs serves Swagger UI from our static files, not from a CDN.
    "ninja",
    "django_prometheus",
    "hocvuso.places",
    "hocvuso.accounts",
    "hocvuso.audit",
    "hocvuso.people",
    "hocvuso.teams",
    "hocvuso.support",
    "hocvuso.learning",
    "hocvuso.campaigns",
    "hocvuso.outreach",
    "hocvuso.assistant",
    "hocvuso.fieldapp",
    "hocvuso.devices",
    # Reads every app above people: a resident's data rights and the retention periods.
    "hocvuso.privacy",
    "hocvuso.demo",
    "hocvuso.web",
]

MIDDLEWARE = [
    # Outermost, so that the figures and the request's log line time all of the rest.
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "hocvuso.web.requestlog.RequestLogMiddleware",
    "hocvuso.web.addresses.UntrustedProxyHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Public pages kept whole answer here, before the rest; static files never reach it
    # (web/kept_pages.py).
    "hocvuso.web.kept_pages.KeptPagesMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "hocvuso.web.language.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "hocvuso.web.caching.PersonalPagesNotCachedMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "hocvuso.audit.context.RequestAddressMiddleware",
    "axes.middleware.AxesMiddleware",
    "hocvuso.web.refusals.RefusalMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "hocvuso.urls"
WSGI_APPLICATION = "hocvuso.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "hocvuso.web.context.navigation",
            ],
        },
    },
]

DATABASE_URL = env_str("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
    # PostgreSQL cancels any statement running longer than this (0: never), so a runaway query
    # frees its web thread; deploy/run-profile gives the web processes 30 s, the worker none.
    DB_STATEMENT_TIMEOUT_MS = env_int("HOCVUSO_DB_STATEMENT_TIMEOUT_MS", 0)
    if DATABASES["default"]["ENGINE"].endswith("postgresql"):
        options = DATABASES["default"].setdefault("OPTIONS", {})
        # JIT compiling pays off for long analytical queries; hocvuso's are short and were
        # costed high only because a metropolis's tables are large, so JIT added 40-60 ms to
        # a 45 ms search (docs/scale.md). HOCVUSO_DB_JIT=1 gives it back.
        settings_sent = "" if env_bool("HOCVUSO_DB_JIT", False) else "-c jit=off"
        if DB_STATEMENT_TIMEOUT_MS:
            settings_sent += f" -c statement_timeout={DB_STATEMENT_TIMEOUT_MS}"
        options["options"] = f"{options.get('options', '')} {settings_sent}".strip()
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("HOCVUSO_SQLITE_PATH", str(DATA_DIR / "hocvuso.sqlite3")),
            # Kept open between requests: opening one runs the pragmas below, which cost a
            # cached public page more than the rest of its answer.
            "CONN_MAX_AGE": 600,
            "OPTIONS": {
                # Writers take the lock when they start, so two writers queue instead of
                # failing half-way; WAL lets readers go on while one writes.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=NORMAL;"
                    "PRAGMA foreign_keys=ON;"
                    "PRAGMA cache_size=-32000;"
                ),
            },
        }
    }
# A read replica for the campaign snapshots dashboards, reports and open data read
# (campaigns/replica.py, docs/scale.md).
REPLICA_URL = env_str("HOCVUSO_REPLICA_URL", "")
if REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(REPLICA_URL, conn_max_age=60)
    DATABASE_ROUTERS = ["hocvuso.campaigns.replica.SnapshotReadsToReplica"]
# Behind pgbouncer in transaction mode a cursor cannot outlive its transaction.
if env_bool("HOCVUSO_PGBOUNCER", False):
    for database in DATABASES.values():
        database["DISABLE_SERVER_SIDE_CURSORS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env_str("REDIS_URL", ""),
        }
        if env_str("REDIS_URL", "")
        # Shared by the web and the worker processes on one machine: throttle counts, import
        # progress, the worker's heartbeat. diskcache keeps it in SQLite with atomic counters;
        # Django's file cache listed its folder on every write and, past 300 entries, dropped a
        # third of them at random, throttle counts included.
        else {
            "BACKEND": "hocvuso.web.shared_cache.SharedDiskCache",
            "LOCATION": str(DATA_DIR / "cache"),
            "OPTIONS": {"size_limit": 256 * 1024 * 1024},
        }
    ),
    # Public pages rendered once for every anonymous visitor (web/public_pages.py), in each
    # web worker's own memory; when to render them again is decided in the shared cache.
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "public-pages",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
}

TASKS = {
    "default": {
        "BACKEND": env_str("HOCVUSO_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

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
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Login throttling: five wrong passwords for one user name from one address lock it
# for fifteen minutes.
AXES_FAILURE_LIMIT = env_int("HOCVUSO_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "hocvuso.web.addresses.client_address"

# Staff sessions are read from the shared cache (one for every web process and server,
# docs/deploy.md), written through to the database, and deleted from both at logout.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("HOCVUSO_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# HTTPS. Browsers remember HSTS for HOCVUSO_HSTS_SECONDS: set it only once the site (and,
# with include-subdomains, every name under it) answers on HTTPS. Behind a proxy, list it in
# HOCVUSO_TRUSTED_PROXIES, or the redirect would loop: its X-Forwarded-Proto says "https".
SECURE_HSTS_SECONDS = env_int("HOCVUSO_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HOCVUSO_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("HOCVUSO_HSTS_PRELOAD", True)
SECURE_SSL_REDIRECT = env_bool("HOCVUSO_SSL_REDIRECT", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if TRUSTED_PROXIES else None
# Monitoring asks the web server itself, over plain HTTP on the machine (docs/deploy.md).
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^metrics$"]
SESSION_COOKIE_AGE = 60 * 60 * 12

# Content-Security-Policy: scripts, styles and everything else only from our own static
# files, so an injected <script> or onclick= never runs. No inline script or style anywhere:
# behaviour hangs on data-* attributes in static JS, progress bars are <progress>, charts are
# SVG attributes. Images may be data: URIs, which Swagger UI (/api/docs) draws its icons with.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LANGUAGE_CODE = "vi"
FORMAT_MODULE_PATH = ["hocvuso.formats"]
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_ROOT = Path(env_str("HOCVUSO_MEDIA_ROOT", str(DATA_DIR / "media")))
MEDIA_URL = "media/"
# In production static files get a hash of their content in their names, so WhiteNoise serves
# them from STATIC_ROOT, compressed, with a year's cache; the demo and the tests read them
# from the source folders.
HASHED_STATIC = env_bool("HOCVUSO_HASHED_STATIC", False)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if HASHED_STATIC
            else "whitenoise.storage.CompressedStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not HASHED_STATIC
# Source maps are for developers' tools: compressing them (brotli, megabytes) would take a
# third of collectstatic's time.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [*Compressor.SKIP_COMPRESS_EXTENSIONS, "map"]
# The curriculum's illustrations are served from the folder they are reviewed in.
STATICFILES_DIRS = [("curriculum", PACKAGE_DIR / "learning" / "curriculum")]

# Uploads: the registry import accepts lists up to this size; Django refuses bigger bodies.
IMPORT_MAX_BYTES = env_int("HOCVUSO_IMPORT_MAX_BYTES", 20 * 1024 * 1024)
IMPORT_MAX_ROWS = env_int("HOCVUSO_IMPORT_MAX_ROWS", 200_000)
# What an .xlsx may unpack to: its sheets' XML, and everything read from it together.
IMPORT_MAX_UNPACKED_BYTES = env_int("HOCVUSO_IMPORT_MAX_UNPACKED_BYTES", 256 * 1024 * 1024)
# What reading one list may add to the task worker's memory, and its CPU seconds: a list of
# 200,000 rows needs about a third of each.
IMPORT_READ_MEMORY_BYTES = env_int("HOCVUSO_IMPORT_READ_MEMORY_BYTES", 1536 * 1024 * 1024)
IMPORT_READ_SECONDS = env_int("HOCVUSO_IMPORT_READ_SECONDS", 60)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "hocvuso.people.importing.uploads.SizeLimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

# Text for a person at a terminal; JSON, one object a line, for a log collector. With JSON
# every request is logged too (web/requestlog.py), each line with its request's id.
LOG_FORMAT = env_str("HOCVUSO_LOG_FORMAT", "text")
if LOG_FORMAT not in ("text", "json"):
    raise ValueError(f"HOCVUSO_LOG_FORMAT must be text or json, not {LOG_FORMAT!r}")
LOG_LEVEL = env_str("HOCVUSO_LOG_LEVEL", "WARNING")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "hocvuso.web.requestlog.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"hocvuso.requests": {"level": "INFO" if LOG_FORMAT == "json" else LOG_LEVEL}},
}

# Prometheus figures at /metrics (web/metrics.py): from this machine and our proxies, or to
# anyone sending this bearer token.
METRICS_TOKEN = env_str("HOCVUSO_METRICS_TOKEN", "")

# Errors reported to Sentry or GlitchTip only when a DSN is set (web/errors.py).
init_error_reporting(
    env_str("HOCVUSO_SENTRY_DSN", ""),
    environment=env_str("HOCVUSO_SENTRY_ENVIRONMENT", "production"),
)

# Group messages. Email goes out over SMTP; with no EMAIL_HOST it stays ready to copy.
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = env_str("HOCVUSO_EMAIL_HOST", "")
EMAIL_PORT = env_int("HOCVUSO_EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("HOCVUSO_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env_str("HOCVUSO_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("HOCVUSO_EMAIL_TLS", True)
EMAIL_TIMEOUT = env_int("HOCVUSO_EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = env_str("HOCVUSO_EMAIL_FROM", "hocvuso@localhost")
# Zalo Official Account (openapi.zalo.me) and the eSMS.vn SMS gateway; empty: not configured.
ZALO_OA_URL = env_str("HOCVUSO_ZALO_OA_URL", "https://openapi.zalo.me")
ZALO_OA_ACCESS_TOKEN = env_str("HOCVUSO_ZALO_OA_ACCESS_TOKEN", "")
ESMS_URL = env_str("HOCVUSO_ESMS_URL", "https://rest.esms.vn")
ESMS_API_KEY = env_str("HOCVUSO_ESMS_API_KEY", "")
ESMS_SECRET_KEY = env_str("HOCVUSO_ESMS_SECRET_KEY", "")
ESMS_BRANDNAME = env_str("HOCVUSO_ESMS_BRANDNAME", "")
MESSAGE_TIMEOUT = env_int("HOCVUSO_MESSAGE_TIMEOUT", 10)  # seconds per request to a provider

# How many wards' assistant indexes each process keeps, the least recently asked dropped
# first: every ward of the largest province (Hà Nội has 126), at about 0.15 MB each.
ASSISTANT_WARD_INDEXES = env_int("HOCVUSO_ASSISTANT_WARD_INDEXES", 128)

# The assistant may have a language model write its answer from the guides it found: any
# OpenAI-compatible endpoint (…/v1). Off unless HOCVUSO_LLM_URL is set.
LLM_URL = env_str("HOCVUSO_LLM_URL", "")
LLM_MODEL = env_str("HOCVUSO_LLM_MODEL", "")
LLM_API_KEY = env_str("HOCVUSO_LLM_API_KEY", "")
LLM_TIMEOUT = env_int("HOCVUSO_LLM_TIMEOUT", 8)
