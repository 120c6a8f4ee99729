"""Settings of the portal, read from the environment.

With nothing set, the portal runs its embedded default: SQLite in var/, Celery tasks
run eagerly in the web process, a local-memory cache, e-mail printed to the console and
DEBUG on. Production sets DATABASE_URL, REDIS_URL, SECRET_KEY, ALLOWED_HOSTS,
EMAIL_URL and DEBUG=false. README.md lists every variable.
"""

from pathlib import Path
from urllib.parse import urlsplit

from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from portal import env

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

DEBUG = env.boolean("DEBUG", True)

if env.is_set("SECRET_KEY"):
    SECRET_KEY = env.string("SECRET_KEY")
elif DEBUG:
    # Only for the embedded default on a developer's machine; production must set one.
    SECRET_KEY = "django-insecure-embedded-default-only-for-a-local-machine"  # noqa: S105
else:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is false.")

if not DEBUG and not env.is_set("ALLOWED_HOSTS"):
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is false.")
ALLOWED_HOSTS = env.string_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.string_list("CSRF_TRUSTED_ORIGINS", [])

# The address used in links that leave the site, such as those in e-mails.
SITE_URL = env.string("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "portal",
    "hotline",
    "surveys",
    "events",
    "accountability",
    "news",
    # The back office: Django's admin, whose site asks staff for a second factor
    # (portal/two_factor).
    "portal.apps.BackOfficeAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "bootstrap",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp_webauthn",
]

MIDDLEWARE = [
    "portal.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "portal.middleware.SecurityHeadersMiddleware",
    # Near the top, so that answers made by the middleware below (a refused host)
    # carry it too.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Which second factor, if any, the session's user passed; staff who have not
    # passed one are nobody outside the back office's log-in steps.
    "django_otp.middleware.OTPMiddleware",
    "portal.two_factor.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Last, so that its process_exception sees the views' errors first.
    "portal.middleware.DatabaseUnavailableMiddleware",
]

if not DEBUG:
    # Hashed, compressed static files straight from gunicorn when no proxy serves them;
    # with DEBUG on, the development server serves them from the apps.
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.middleware.csp.ContentSecurityPolicyMiddleware") + 1,
        "whitenoise.middleware.WhiteNoiseMiddleware",
    )

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.portal",
            ],
        },
    },
]

# Database: SQLite in var/ by default, PostgreSQL in production.
DATABASES = {
    "default": env.database("DATABASE_URL", f"sqlite:///{VAR_DIR / 'portal.sqlite3'}")
}
DATABASES["default"]["CONN_MAX_AGE"] = env.integer("DATABASE_CONN_MAX_AGE", 0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(exist_ok=True)
    # Wait for a concurrent writer (the dev server and a shell) instead of failing.
    DATABASES["default"]["OPTIONS"] = {"timeout": 20}
# A streaming replica of the primary, for the reads that can bear its lag: see
# portal/db.py for which requests those are.
if env.is_set("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = env.database("DATABASE_REPLICA_URL", "")
    if DATABASES["replica"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured(
            "DATABASE_REPLICA_URL must be a postgres:// URL: a streaming replica of "
            "the PostgreSQL primary."
        )
    if DATABASES["default"]["ENGINE"] != DATABASES["replica"]["ENGINE"]:
        raise ImproperlyConfigured(
            "DATABASE_REPLICA_URL needs DATABASE_URL to be the PostgreSQL primary "
            "that it replicates."
        )
    DATABASES["replica"]["CONN_MAX_AGE"] = DATABASES["default"]["CONN_MAX_AGE"]
    DATABASES["replica"]["CONN_HEALTH_CHECKS"] = True
    # A replica that does not answer is skipped (portal/db.py): give up on it after
    # a few seconds rather than hold the request for the system's TCP timeout.
    DATABASES["replica"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 3)
    # Tests run against the primary's test database through both aliases.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["portal.db.ReplicaRouter"]
    MIDDLEWARE.insert(
        MIDDLEWARE.index("portal.middleware.SecurityHeadersMiddleware") + 1,
        "portal.middleware.ReplicaReadsMiddleware",
    )
REPLICA_PIN_SECONDS = env.integer("DATABASE_REPLICA_PIN_SECONDS", 10, minimum=1)
# PostgreSQL cancels a web request's statement that runs longer than this, and the
# visitor gets a page saying so (portal.middleware), so that no request holds a worker
# for long; 0 sets no limit. Applied by portal/wsgi.py, so to the web processes only:
# Celery tasks and management commands (exports, migrations) run without it.
DATABASE_STATEMENT_TIMEOUT = env.integer("DATABASE_STATEMENT_TIMEOUT", 5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis, when configured, is the Celery broker, the cache and the session store.
REDIS_URL = env.redis_url("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.string("CACHE_KEY_PREFIX", "portal"),
            # A Redis that does not answer (a network fault, a server stuck in a
            # save) must fail a cache call in seconds, not hold the worker: the
            # portal carries on without the cache (see README, "Fault drills").
            "OPTIONS": {
                "socket_connect_timeout": env.integer(
                    "CACHE_CONNECT_TIMEOUT", 2, minimum=1
                ),
                "socket_timeout": env.integer("CACHE_SOCKET_TIMEOUT", 2, minimum=1),
            },
        }
    }
    # Sessions are read from Redis and written through to the database, so a Redis
    # restart does not log the staff out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = env.boolean("CELERY_TASK_ALWAYS_EAGER", not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Publishing must not hang a web request when the broker is down: the outbox row is
# already saved and the sweep sends it later.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
}
# One quick retry, not Celery's default three, which held every filing about 0.7 s
# longer while the broker was down.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
CELERY_TIMEZONE = "Europe/Kyiv"
# Open data files are written out this often (accountability.opendata).
OPEN_DATA_MINUTES = env.integer("OPEN_DATA_MINUTES", 10, minimum=1)
CELERY_BEAT_SCHEDULE = {
    "send-unsent-outbox-messages": {
        "task": "portal.tasks.sweep_outbox",
        "schedule": float(env.integer("OUTBOX_SWEEP_SECONDS", 60, minimum=1)),
    },
    "purge-old-outbox-messages": {
        "task": "portal.tasks.purge_sent_outbox",
        "schedule": 24 * 3600.0,
    },
    "surveys-resume-exports": {
        "task": "surveys.tasks.resume_exports",
        "schedule": 5 * 60.0,
    },
    "surveys-count-pending-results": {
        "task": "surveys.tasks.count_pending_results",
        "schedule": 5 * 60.0,
    },
    "accountability-write-open-data": {
        "task": "accountability.tasks.write_open_data",
        "schedule": OPEN_DATA_MINUTES * 60.0,
    },
    "events-reminders": {
        "task": "events.tasks.send_reminders",
        "schedule": 15 * 60.0,
    },
    "events-expire-offers": {
        "task": "events.tasks.expire_offers",
        "schedule": 15 * 60.0,
    },
    "hotline-deadline-digest": {
        "task": "hotline.tasks.send_deadline_digest",
        "schedule": crontab(hour=7, minute=30),
    },
    "hotline-remove-orphan-files": {
        "task": "hotline.tasks.remove_orphan_files",
        "schedule": crontab(hour=4, minute=0),
    },
    # Every app's retention rules (portal.retention).
    "erase-expired-personal-data": {
        "task": "portal.tasks.erase_expired_personal_data",
        "schedule": crontab(hour=3, minute=15),
    },
    "accountability-weekly-digest": {
        "task": "accountability.tasks.send_digests",
        "schedule": crontab(day_of_week="mon", hour=8, minute=0),
    },
}

# E-mail: printed to the console unless EMAIL_URL says otherwise.
_email = env.email("EMAIL_URL", "console://")
_mailer_options = {}
if _email["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend":
    _mailer_options = {
        "host": _email["EMAIL_HOST"] or "localhost",
        "port": _email["EMAIL_PORT"] or 25,
        "username": _email["EMAIL_HOST_USER"] or "",
        "password": _email["EMAIL_HOST_PASSWORD"] or "",
        "use_tls": bool(_email["EMAIL_USE_TLS"]),
        "use_ssl": bool(_email["EMAIL_USE_SSL"]),
        "timeout": env.integer("EMAIL_TIMEOUT", 10, minimum=1),
    }
elif _email["EMAIL_BACKEND"] == "django.core.mail.backends.filebased.EmailBackend":
    _mailer_options = {"file_path": _email["EMAIL_FILE_PATH"]}
MAILERS = {"default": {"BACKEND": _email["EMAIL_BACKEND"], "OPTIONS": _mailer_options}}
DEFAULT_FROM_EMAIL = env.string("DEFAULT_FROM_EMAIL", "portal@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Sent e-mails hold personal data (addresses, names); the outbox forgets them after this
# many days.
OUTBOX_RETENTION_DAYS = env.integer("OUTBOX_RETENTION_DAYS", 30, minimum=1)
# A message the mail server did not take waits this long, doubled after every failed
# try up to the longest pause; it is never dropped.
OUTBOX_RETRY_SECONDS = env.integer("OUTBOX_RETRY_SECONDS", 120, minimum=1)
OUTBOX_RETRY_MAX_SECONDS = env.integer("OUTBOX_RETRY_MAX_SECONDS", 3600, minimum=1)

# Authentication and brute-force protection of the staff log-in.
AUTHENTICATION_BACKENDS = ["portal.auth.ThrottledModelBackend"]
LOGIN_FAILURE_LIMIT = env.integer("LOGIN_FAILURE_LIMIT", 5, minimum=1)
LOGIN_LOCKOUT_MINUTES = env.integer("LOGIN_LOCKOUT_MINUTES", 15, minimum=1)
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"
CSRF_FAILURE_VIEW = "portal.views.csrf_failure"

# Hotline: abuse control and retention.
HOTLINE_FILINGS_PER_HOUR = env.integer("HOTLINE_FILINGS_PER_HOUR", 5, minimum=1)
HOTLINE_FAILED_LOOKUPS_PER_HOUR = env.integer(
    "HOTLINE_FAILED_LOOKUPS_PER_HOUR", 10, minimum=1
)
HOTLINE_RETENTION_DAYS = env.integer("HOTLINE_RETENTION_DAYS", 3 * 365, minimum=30)
# Retention of the other personal data (portal.retention), in days: registrants'
# names and contacts after their event ended; a lecture request's contact person
# after it was received (and decided); a commenter's e-mail address after the comment
# was written; a follow request nobody confirmed.
EVENT_REGISTRANT_RETENTION_DAYS = env.integer(
    "EVENT_REGISTRANT_RETENTION_DAYS", 90, minimum=1
)
EVENT_REQUEST_RETENTION_DAYS = env.integer(
    "EVENT_REQUEST_RETENTION_DAYS", 365, minimum=1
)
COMMENT_EMAIL_RETENTION_DAYS = env.integer(
    "COMMENT_EMAIL_RETENTION_DAYS", 90, minimum=1
)
FOLLOW_CONFIRM_DAYS = env.integer("FOLLOW_CONFIRM_DAYS", 7, minimum=1)

# Surveys: answers accepted per client address per hour.
SURVEY_ANSWERS_PER_HOUR = env.integer("SURVEY_ANSWERS_PER_HOUR", 30, minimum=1)

# Comments on articles and reports: held for a coordinator's approval unless this is
# false, and limited per client address.
COMMENTS_PREMODERATED = env.boolean("COMMENTS_PREMODERATED", True)
COMMENTS_PER_HOUR = env.integer("COMMENTS_PER_HOUR", 5, minimum=1)

# Client addresses: behind a reverse proxy the address comes from X-Forwarded-For, but
# only when the request arrives from one of these proxies (else anyone could forge it).
TRUSTED_PROXIES = env.string_list("TRUSTED_PROXIES", [])
# Rate limits count an IPv6 client by its network of this many leading bits: one
# home or phone gets a whole /64, so counting each address would give it 2^64 tries.
RATE_LIMIT_IPV6_PREFIX = env.integer("RATE_LIMIT_IPV6_PREFIX", 64, minimum=16)

# Languages: Ukrainian at the root, English under /en/.
LANGUAGE_CODE = "uk"
LANGUAGES = [("uk", "Українська"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Date formats of our own where Django's read oddly (portal/formats).
FORMAT_MODULE_PATH = ["portal.formats"]
TIME_ZONE = "Europe/Kyiv"
USE_I18N = True
USE_TZ = True

# The raion this installation serves.
RAION_NAME = {
    "uk": env.string("RAION_NAME_UK", "Чугуївський район"),
    "en": env.string("RAION_NAME_EN", "Chuhuiv raion"),
}

# The second factor every staff member must pass after the password
# (portal/two_factor): an authenticator app's code (TOTP), a passkey, or one of ten
# recovery codes. Wrong codes count against the same limits as passwords.
OTP_TOTP_ISSUER = f"{RAION_NAME['en']} police portal"
# Passkeys belong to the portal's host name. Browsers refuse them on a bare IP
# address, so the embedded default (http://127.0.0.1:8000) offers them at
# http://localhost:8000.
_site = urlsplit(SITE_URL)
_passkey_host = (
    "localhost" if _site.hostname in {"127.0.0.1", "::1"} else _site.hostname
)
OTP_WEBAUTHN_RP_ID = _passkey_host
OTP_WEBAUTHN_RP_NAME = OTP_TOTP_ISSUER
OTP_WEBAUTHN_ALLOWED_ORIGINS = [
    f"{_site.scheme}://{_passkey_host}" + (f":{_site.port}" if _site.port else "")
]
# A passkey is a second factor here, after the password, never a way around it.
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
OTP_WEBAUTHN_HELPER_CLASS = "portal.two_factor.passkeys.PasskeyHelper"

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env.string("STATIC_ROOT", str(VAR_DIR / "static")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.string("MEDIA_ROOT", str(VAR_DIR / "media")))
# Files that only authorised staff may open (hotline attachments): outside MEDIA_ROOT,
# never served by URL, only through views that check permissions.
PRIVATE_MEDIA_ROOT = Path(env.string("PRIVATE_MEDIA_ROOT", str(VAR_DIR / "private")))
# With nginx in front, private files leave through its `internal` location at this
# prefix (X-Accel-Redirect) once the view has checked permissions.
PRIVATE_MEDIA_ACCEL_REDIRECT = env.url_prefix("PRIVATE_MEDIA_ACCEL_REDIRECT")
# S3-compatible object storage instead of local folders: a public bucket served at
# MEDIA_URL through the proxy, and a private one (portal/s3storage.py).
_s3 = env.s3_storage("MEDIA_STORAGE_URL")
if _s3 and PRIVATE_MEDIA_ACCEL_REDIRECT:
    raise ImproperlyConfigured(
        "PRIVATE_MEDIA_ACCEL_REDIRECT works with local private files only; with "
        "MEDIA_STORAGE_URL the portal streams private files itself."
    )
STORAGES = {
    "default": (
        {"BACKEND": "portal.s3storage.PublicS3Storage", "OPTIONS": _s3["public"]}
        if _s3
        else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    ),
    "private": (
        {"BACKEND": "portal.s3storage.PrivateS3Storage", "OPTIONS": _s3["private"]}
        if _s3
        else {
            "BACKEND": "portal.storage.PrivateFileSystemStorage",
            "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
        }
    ),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Security headers. The policy allows nothing from another host: the portal must work on
# a closed network and must not tell third parties who visits it.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()"
)
# No other site may embed the portal's pages, images or files.
CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_SSL_REDIRECT = env.boolean("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env.integer("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS >= 31536000
if env.boolean("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 3600
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
# Cookies that views set themselves get Secure and SameSite from
# portal.middleware.SecurityHeadersMiddleware.

# `make bench` installs the bench package: its commands and the floor views (see
# bench/); never in a real deployment.
BENCH_ENDPOINTS = env.boolean("BENCH_ENDPOINTS", False)
if BENCH_ENDPOINTS:
    INSTALLED_APPS.append("bench")

# Logs go to standard error: JSON lines in production (LOG_FORMAT=json, the default
# when DEBUG is off), plain lines for a person at a terminal otherwise. Both carry the
# request id and never personal data (see portal/logging.py). Celery workers use the
# same configuration (portal/celery.py).
LOG_FORMAT = env.choice("LOG_FORMAT", "plain" if DEBUG else "json", ["json", "plain"])
LOGGING_CONFIG = "portal.logging.configure"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "portal.logging.JsonFormatter"},
        "plain": {"()": "portal.logging.PlainFormatter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT},
    },
    "root": {
        "handlers": ["console"],
        "level": env.choice(
            "LOG_LEVEL", "INFO", ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]
        ),
    },
    "loggers": {
        # 4xx and 5xx answers; portal.request logs every request at INFO already.
        "django.request": {"level": "WARNING"},
        # SQL statements carry the values residents typed: never logged, not even at
        # LOG_LEVEL=DEBUG.
        "django.db.backends": {"level": "INFO"},
        # The development server's own lines repeat query strings; portal.request
        # logs each request instead.
        "django.server": {"level": "WARNING"},
    },
}
