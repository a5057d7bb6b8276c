"""Settings for both configurations, read from the environment (see README "Configuration").

Embedded default: SQLite file + django-q2 ORM broker + files under MEDIA_ROOT.
Production: DATABASE_URL (PostgreSQL) + REDIS_URL (Redis broker) + any storage backend.
"""

import os
from pathlib import Path

import dj_database_url

from config.env import env_bool, env_float, env_float_list, env_int, env_list, env_str
from config.object_storage import s3_storage
from config.security import DEV_SECRET_KEY

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
# Serving (web or cluster) with this key and DEBUG off is refused: see config/security.py.
# One-shot commands such as `extract` may run without a key of their own.
SECRET_KEY = env_str("SECRET_KEY", DEV_SECRET_KEY)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "config.apps.TakeoffAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_q",
    "jobs",
    "floorplans",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
# Persistent, health-checked connections: with CONN_MAX_AGE=0 django-q2 opens a new
# PostgreSQL connection per task and per broker call (measured: ~1,000 -> ~120 tasks/s).
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("CONN_MAX_AGE", 600),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite creates the file but not its folder; a fresh checkout has no var/ yet.
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets the web process read while a worker writes; IMMEDIATE takes the write lock
    # at BEGIN so concurrent writers wait (timeout) instead of failing mid-transaction.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    }
    # A file (not :memory:) so qcluster subprocesses in the tests can open it.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-db-{os.getpid()}.sqlite3")}
else:
    # Test runs side by side (several checkouts, CI) must not share a test database.
    DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}_{os.getpid()}"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Files ----------------------------------------------------------------------------
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
STATIC_URL = "/static/"
STORAGES = {
    # Workers read uploads through this backend, never a local path, so web and workers
    # on different machines share nothing but the bucket (S3_BUCKET below).
    "default": {"BACKEND": env_str("FILE_STORAGE", "django.core.files.storage.FileSystemStorage")},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
S3_BUCKET = env_str("S3_BUCKET", "")
if S3_BUCKET:  # any S3-compatible service (AWS, MinIO, Ceph, R2...)
    STORAGES["default"] = s3_storage(
        bucket=S3_BUCKET,
        endpoint_url=env_str("S3_ENDPOINT_URL", ""),
        region=env_str("S3_REGION", ""),
        prefix=env_str("S3_PREFIX", "uploads"),
    )
WHITENOISE_USE_FINDERS = DEBUG
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 50 * 1024 * 1024)
# Uploads above this size are streamed to a temporary file rather than held in memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Any request body that is not a file (JSON, form fields): DRF's JSON and form parsers
# read through request.body and Django's multipart parser counts the fields, so every
# parser refuses more (413 `body_too_large`, config/api_errors.py).
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)

# --- Broker and cluster ---------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL", "")
JOB_TIMEOUT_SECONDS = env_int("JOB_TIMEOUT_SECONDS", 600)
Q_CLUSTER = {
    "name": env_str("Q_CLUSTER_NAME", "takeoff"),
    "workers": env_int("Q_WORKERS", 2),
    "recycle": 200,
    # django-q2 kills a task after `timeout`; with the ORM broker an unacknowledged task
    # is redelivered after `retry`, which must exceed the queue wait plus the run time.
    "timeout": JOB_TIMEOUT_SECONDS,
    "retry": JOB_TIMEOUT_SECONDS * 2,
    "queue_limit": env_int("Q_QUEUE_LIMIT", 4),
    # Our AsyncJob layer owns retries; django-q2 must not re-run failed tasks on its own.
    "max_attempts": 1,
    "ack_failures": True,
    "save_limit": env_int("Q_SAVE_LIMIT", 500),
    "catch_up": False,
    "poll": env_float("Q_POLL_SECONDS", 0.2),
    "label": "Task cluster",
}
if REDIS_URL:
    Q_CLUSTER["redis"] = REDIS_URL
else:
    Q_CLUSTER["orm"] = "default"
# django-q2 keeps cluster statistics in the cache (ORM broker) and health/dashboard read
# them from other processes, so the cache must be shared: Redis when there is one.
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    )
}
# The web side enqueues with short socket timeouts: a dead or hung broker must not hold
# a request for more than about a second (the job stays queued and recovery enqueues it).
BROKER_ENQUEUE_TIMEOUT_SECONDS = env_float("BROKER_ENQUEUE_TIMEOUT_SECONDS", 0.5)

# --- Job lifecycle --------------------------------------------------------------------
JOB_MAX_ATTEMPTS = env_int("JOB_MAX_ATTEMPTS", 4)  # the first run plus three retries
JOB_RETRY_BACKOFF_SECONDS = env_float_list("JOB_RETRY_BACKOFF_SECONDS", [5, 10, 20])
JOB_LEASE_SECONDS = env_float(
    "JOB_LEASE_SECONDS", 60
)  # running job with an older heartbeat is lost
JOB_ENQUEUE_GRACE_SECONDS = env_float("JOB_ENQUEUE_GRACE_SECONDS", 30)
JOB_REDELIVER_AFTER_SECONDS = env_float("JOB_REDELIVER_AFTER_SECONDS", 900)
# The sweep runs in `manage.py jobs_cluster`, not as a task in the queue it repairs.
JOB_RECOVERY_INTERVAL_MINUTES = env_float("JOB_RECOVERY_INTERVAL_MINUTES", 1)
# jobs_cluster restarts its cluster when tasks wait in the cluster's own queue but none of
# its workers has run a job for this long (a wedged django-q2), SIGKILL after the grace.
JOB_WATCHDOG_STALL_SECONDS = env_float("JOB_WATCHDOG_STALL_SECONDS", 60)
JOB_WATCHDOG_STOP_GRACE_SECONDS = env_float("JOB_WATCHDOG_STOP_GRACE_SECONDS", 10)
# A queue whose oldest job waited longer than this, while no job finished for as long,
# is wedged (/health/ 503); if jobs are finishing it is only a backlog (still 200).
HEALTH_MAX_QUEUE_AGE_SECONDS = env_float("HEALTH_MAX_QUEUE_AGE_SECONDS", 300)
# Callers presenting it (X-Health-Token header) see the health details, as staff do.
HEALTH_TOKEN = env_str("HEALTH_TOKEN", "")

# --- PDF pipeline and generator -------------------------------------------------------
# Every parse of an upload runs in a sandboxed child process (floorplans/pipeline/sandbox.py)
# with these limits; exceeding one fails the job as `too_complex` after one attempt.
PIPELINE_MAX_OBJECTS = env_int("PIPELINE_MAX_OBJECTS", 200_000)
PIPELINE_MAX_OPERATORS = env_int("PIPELINE_MAX_OPERATORS", 10_000_000)
PIPELINE_MAX_STREAM_MB = env_int("PIPELINE_MAX_STREAM_MB", 256)
PIPELINE_MAX_DECODED_MB = env_int("PIPELINE_MAX_DECODED_MB", 1024)
PIPELINE_MAX_MEMORY_MB = env_int("PIPELINE_MAX_MEMORY_MB", 2048)
# The parse must end (failing its job as too_complex) before django-q2's task timeout
# strikes, which would end the attempt as lost and run it again: the parse gets at most
# 60% of JOB_TIMEOUT_SECONDS, the sandbox's kill follows within 15% more, and the rest
# is left for reading the file and recording the failure.
PIPELINE_MAX_SECONDS = min(env_float("PIPELINE_MAX_SECONDS", 120), JOB_TIMEOUT_SECONDS * 0.6)
PIPELINE_KILL_SECONDS = PIPELINE_MAX_SECONDS + min(15.0, JOB_TIMEOUT_SECONDS * 0.15)
GEMINI_API_KEY = env_str("GEMINI_API_KEY", "")
GEMINI_MODEL = env_str("GEMINI_MODEL", "gemini-2.5-flash")
TAKEOFF_CURRENCY = env_str("TAKEOFF_CURRENCY", "USD")

# --- API ------------------------------------------------------------------------------
REST_FRAMEWORK = {
    # Token first: an unauthenticated request then gets 401 with `WWW-Authenticate: Token`
    # (DRF takes the header from the first class; sessions have none and would give 403).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "config.logins.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # JSON unless a view says otherwise (the upload takes multipart). The OpenAPI schema
    # advertises exactly a view's parsers, one media type per body, which is what
    # generated clients can call (several types of one schema break openapi-python-client).
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "floorplans.api.pagination.StrictLimitOffsetPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "config.api_errors.api_exception_handler",
    # How many reverse proxies in front of gunicorn append to X-Forwarded-For. 0 (the
    # default): the header is ignored and the client is the socket's peer address; with
    # a wrong value anyone could pick their own address and escape the login throttles.
    "NUM_PROXIES": env_int("NUM_PROXIES", 0),
    "DEFAULT_THROTTLE_RATES": {
        "uploads": env_str("THROTTLE_UPLOADS", "60/hour"),
        "jobs": env_str("THROTTLE_JOBS", "240/hour"),
        # Corrections re-price the plan and renders draw the whole sheet: CPU in the web
        # tier, so a script cannot spin on them either.
        "corrections": env_str("THROTTLE_CORRECTIONS", "600/hour"),
        "renders": env_str("THROTTLE_RENDERS", "600/hour"),
        # Logins (token and admin), per client address and per username: slows password
        # guessing from one address and spread over many.
        "login": env_str("THROTTLE_AUTH", "30/minute"),
        "login_username": env_str("THROTTLE_AUTH_USERNAME", "10/minute"),
    },
}
# API tokens older than this are refused (401 token_expired); logging in issues a new
# one. 0 = tokens never expire.
API_TOKEN_LIFETIME_HOURS = env_float("API_TOKEN_LIFETIME_HOURS", 24 * 30)
SPECTACULAR_SETTINGS = {
    "TITLE": "Floor-plan takeoff API",
    "DESCRIPTION": (
        "Upload floor-plan PDFs, extract walls/openings/rooms, generate priced BOMs. "
        "Authenticate with `Authorization: Token <key>` (POST /api/v1/auth/token/, or "
        "`python manage.py drf_create_token USER`). Errors are JSON "
        '`{"code", "detail", ["field"]}` with a stable `code`.'
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI's scripts from this project's static files, not a CDN: it works offline.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # File fields are binary in requests and absent from responses only with split components.
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "JobStatusEnum": "jobs.models.JobStatus",
        "FloorplanStatusEnum": "floorplans.models.FloorplanStatus",
        "JobTypeEnum": "jobs.models.JobType",
    },
}

# --- Security -------------------------------------------------------------------------
SECURE_COOKIES = env_bool("SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LANGUAGE_CODE = "en-us"
FORMAT_MODULE_PATH = ["config.formats"]  # timestamps with seconds in the admin
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["stderr"], "level": env_str("LOG_LEVEL", "INFO")},
}
