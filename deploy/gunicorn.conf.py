"""gunicorn's configuration for the portal: `gunicorn -c deploy/gunicorn.conf.py`.

Read from the same environment as the portal (deploy/portal.env.example). The access
log names the method, the path, the status, the size and the time only: no client
address, no query string, no referrer and no browser string, so that no visitor of
the hotline or of a private registration link can be traced from it.
"""

import multiprocessing
import os


def _number(name: str, default: int, minimum: int = 1) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        raise SystemExit(f"{name} must be a whole number, not {value!r}.") from None
    if number < minimum:
        raise SystemExit(f"{name} must be at least {minimum}, not {number}.")
    return number


wsgi_app = "portal.wsgi:application"
bind = [
    address.strip()
    for address in os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")
    if address.strip()
]
# Synchronous workers: a page is a few queries and a template. Two per core and one
# more is gunicorn's own advice; each holds a database connection.
workers = _number("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1)
timeout = _number("GUNICORN_TIMEOUT", 60)
graceful_timeout = 30
# Workers are replaced now and then, so that a slow leak never grows.
max_requests = 2000
max_requests_jitter = 200
# The heartbeat file in memory rather than on a disk that may stall.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108

# X-Forwarded-Proto is believed from the same proxies as the portal believes.
forwarded_allow_ips = os.environ.get("TRUSTED_PROXIES", "").strip() or "127.0.0.1,::1"

# No access log of gunicorn's own: the portal logs every request itself (logger
# `portal.request`, with its request id, method, path without the query, status and
# duration, and never the address or the browser). gunicorn's own lines (start,
# workers, timeouts) go to standard error in the portal's format.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
_format = os.environ.get("LOG_FORMAT") or (
    "plain"
    if os.environ.get("DEBUG", "true").lower() in {"1", "true", "yes", "on"}
    else "json"
)
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "portal": {
            "()": f"portal.logging.{'Json' if _format == 'json' else 'Plain'}Formatter"
        }
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "portal",
            "stream": "ext://sys.stderr",
        }
    },
    "loggers": {
        "gunicorn.error": {
            "handlers": ["console"],
            "level": loglevel.upper(),
            "propagate": False,
        },
        "gunicorn.access": {"handlers": [], "propagate": False},
    },
}
proc_name = "portal-web"
# systemd reloads and stops gunicorn by signals; the control socket is not needed.
control_socket_disable = True
