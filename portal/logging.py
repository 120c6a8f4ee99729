"""Structured logs: one JSON object a line, tagged with the request or the task it
belongs to, and with nothing that identifies a resident.

A request line carries the method, the path with its secret parts replaced (the private
links of event registrations and of follows hold tokens), the status and the duration;
never the query string, the client's address, the browser string, cookies or form data.
Django's own warnings attach the whole request to their records: only the same redacted
path is taken from it. Tracebacks keep the frames and the exception's type but not its
message, since database errors repeat the values that caused them (an e-mail address in
a unique key, for one).

Gunicorn's configuration can use these formatters too (`portal.logging.JsonFormatter`);
nothing here needs Django's settings until a record is formatted.
"""

import contextvars
import json
import logging
import logging.config
import re
import uuid
from datetime import UTC, datetime

# The id of the request being served, or of the request that queued the running task.
request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "request_id", default=None
)
# The name and id of the Celery task being run.
current_task: contextvars.ContextVar[tuple[str, str] | None] = contextvars.ContextVar(
    "current_task", default=None
)

# An id handed over by the proxy is kept only when it looks like nginx's $request_id
# (32 hex digits) or a UUID: nothing readable can ride along into the logs.
_INCOMING_REQUEST_ID = re.compile(r"[0-9A-Fa-f-]{16,64}")


def new_request_id(incoming: str | None = None) -> str:
    """The proxy's request id when it is well-formed, else a fresh random one."""
    if incoming and _INCOMING_REQUEST_ID.fullmatch(incoming):
        return incoming
    return uuid.uuid4().hex


# URL parameters that are secrets, logged as "{token}".
SECRET_URL_PARAMETERS = frozenset({"token"})
REDACTED_SEGMENT = "{redacted}"

# Any other segment is logged only when it looks like the portal's own words, slugs
# and ids: lower-case ASCII, no long numbers (phones), nothing shaped like a receipt
# code and no long run mixing letters and digits (tokens). That covers paths no route
# matches and routes that take anything (the admin's catch-all): whatever else a
# client typed is replaced.
_PLAIN_SEGMENT = re.compile(r"[a-z0-9._~-]{1,80}")
_LONG_NUMBER = re.compile(r"\d{7}")
_RECEIPT_SHAPE = re.compile(r"[0-9a-z]{4}(-?[0-9a-z]{4}){3}")
_TOKEN_SHAPE = re.compile(r"(?=[a-z0-9_]*[0-9])(?=[a-z0-9_]*[a-z])[a-z0-9_]{16,}")


def _plain(segment: str) -> bool:
    return not segment or (
        _PLAIN_SEGMENT.fullmatch(segment) is not None
        and not _LONG_NUMBER.search(segment)
        and not _RECEIPT_SHAPE.search(segment)
        and not _TOKEN_SHAPE.search(segment)
    )


def _route_of(request):
    """The URL pattern the request matched, also for requests answered before the
    resolver ran (an HTTPS redirect, a refused host)."""
    match = getattr(request, "resolver_match", None)
    if match is not None:
        return match
    from django.conf import settings
    from django.urls import Resolver404, resolve
    from django.utils import translation

    language = translation.get_language_from_path(request.path_info)
    try:
        with translation.override(language or settings.LANGUAGE_CODE):
            return resolve(request.path_info, getattr(request, "urlconf", None))
    except Resolver404:
        return None


def loggable_path(request) -> str:
    """The request's path without secrets or anything personal a client typed in it."""
    path = request.path
    match = _route_of(request)
    secrets = {}
    if match is not None:
        secrets = {
            str(value): f"{{{name}}}"
            for name, value in match.kwargs.items()
            if name in SECRET_URL_PARAMETERS
        }
    segments = [
        secrets.get(segment) or (segment if _plain(segment) else REDACTED_SEGMENT)
        for segment in path.split("/")
    ]
    return "/".join(segments)


# Methods logged by name; any other word a client sends is logged as "other".
KNOWN_METHODS = frozenset(
    {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT"}
)

# Addresses in messages (a CSRF failure names the Referer) keep only their scheme and
# host: no user name, path or query.
_URL = re.compile(
    r"\b([a-z][a-z0-9+.-]*://)(?:[^@/\s?#'\"]*@)?([^/\s?#'\"]+)[^\s'\"]*",
    re.IGNORECASE,
)
# Celery's task records: these values are the task's arguments, its result and its
# exception, which the portal does not let into logs.
_CELERY_HIDDEN = ("args", "kwargs", "return_value")


def _escaped(text: str) -> str:
    # django.utils.log escapes the arguments of its records this way.
    return text.encode("unicode_escape").decode("ascii")


def _django_message(record, request) -> str:
    paths = {request.path, _escaped(request.path)}
    args = record.args
    if isinstance(args, tuple):
        path = loggable_path(request)
        args = tuple(path if arg in paths else arg for arg in args)
    try:
        message = str(record.msg) % args if args else str(record.msg)
    except (TypeError, ValueError):
        message = str(record.msg)
    return _URL.sub(r"\1\2", message)


def _celery_message(record, data: dict) -> str:
    safe = {**data, **dict.fromkeys(_CELERY_HIDDEN, "-")}
    if "exc" in data:
        exc = record.exc_info[1] if record.exc_info else None
        safe["exc"] = type(exc).__name__ if exc else str(data["exc"]).split("(", 1)[0]
    # "succeeded in 0.02s: <the result>" loses the result.
    message = str(record.msg).replace(": %(return_value)s", "")
    try:
        return message % safe
    except (TypeError, ValueError, KeyError):
        return f"Task {data.get('name')}[{data.get('id')}]"


def _django_request(record):
    request = getattr(record, "request", None)
    from django.http import HttpRequest

    return request if isinstance(request, HttpRequest) else None


def _celery_task_data(record) -> dict | None:
    data = getattr(record, "data", None)
    if record.name.startswith("celery.") and isinstance(data, dict) and "id" in data:
        return data
    return None


def safe_message(record: logging.LogRecord) -> str:
    """The record's message, with paths redacted and task values left out."""
    request = _django_request(record)
    if request is not None:
        return _django_message(record, request)
    data = _celery_task_data(record)
    if data is not None:
        return _celery_message(record, data)
    return record.getMessage()


def exception_text(exc_info) -> str:
    """The traceback of an exception and of those it came from, without messages."""
    exception = exc_info[1]
    chain = []
    seen = set()
    while exception is not None and id(exception) not in seen:
        seen.add(id(exception))
        chain.append(exception)
        if exception.__cause__ is not None:
            exception = exception.__cause__
        elif not exception.__suppress_context__:
            exception = exception.__context__
        else:
            exception = None
    import traceback

    parts = []
    for exception in reversed(chain):
        kind = type(exception)
        frames = "".join(traceback.format_tb(exception.__traceback__))
        parts.append(
            f"Traceback (most recent call last):\n{frames}"
            f"{kind.__module__}.{kind.__qualname__}"
        )
    return "\n\nThe above led to:\n\n".join(parts)


def fields(record: logging.LogRecord) -> dict:
    """What a line says besides its message: the request or the task it belongs to."""
    found = {}
    request = _django_request(record)
    # Django logs 4xx and 5xx answers after the middleware has returned, so the id
    # is also read from the request itself.
    identifier = request_id.get() or getattr(request, "request_id", None)
    if identifier:
        found["request_id"] = identifier
    if request is not None:
        found["method"] = request.method if request.method in KNOWN_METHODS else "other"
        found["path"] = loggable_path(request)
        status = getattr(record, "status_code", None)
        if isinstance(status, int):
            found["status"] = status
    for name in ("method", "path", "status", "duration_ms"):
        if name in record.__dict__:
            found[name] = record.__dict__[name]
    task = current_task.get()
    data = _celery_task_data(record)
    if data is not None:
        task = (str(data.get("name")), str(data["id"]))
    if task is not None:
        found["task"], found["task_id"] = task
    return found


def _timestamp(record: logging.LogRecord) -> str:
    moment = datetime.fromtimestamp(record.created, UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message, request_id, and the
    request's method, path, status and duration or the task's name and id."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": _timestamp(record),
            "level": record.levelname,
            "logger": record.name,
            "message": safe_message(record),
            **fields(record),
        }
        if record.exc_info:
            entry["exception"] = exception_text(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class PlainFormatter(logging.Formatter):
    """The same lines for a person at a terminal (the embedded default)."""

    def format(self, record: logging.LogRecord) -> str:
        found = fields(record)
        tag = found.pop("request_id", None) or found.get("task_id")
        extras = " ".join(
            f"{name}={value}"
            for name, value in found.items()
            if name not in {"task_id", "method", "path", "status"}
        )
        line = " ".join(
            part
            for part in [
                _timestamp(record),
                record.levelname,
                record.name,
                f"[{tag}]" if tag else "",
                safe_message(record),
                extras,
            ]
            if part
        )
        if record.exc_info:
            line += "\n" + exception_text(record.exc_info)
        return line


def configure(config: dict) -> None:
    """Apply LOGGING (Django's LOGGING_CONFIG, and the Celery workers' set-up), with
    Python's warnings turned into log records, so that every line is in one format."""
    logging.config.dictConfig(config)
    logging.captureWarnings(True)
