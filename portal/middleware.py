import logging
import time

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import add_never_cache_headers

from portal.db import replica_reads_allowed, statement_timed_out
from portal.logging import KNOWN_METHODS, loggable_path, new_request_id, request_id

logger = logging.getLogger(__name__)
request_logger = logging.getLogger("portal.request")

REPLICA_PIN_COOKIE = "portal_primary"
REPLICA_SAFE_METHODS = {"GET", "HEAD"}
REPLICA_PINNING_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class RequestLogMiddleware:
    """Give every request an id, send it back in X-Request-ID, and log one line for
    the response: method, redacted path, status and duration.

    It comes first in MIDDLEWARE, so that its line and its id cover every response,
    including redirects to HTTPS and refusals made by the other middleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        identifier = new_request_id(request.META.get("HTTP_X_REQUEST_ID"))
        request.request_id = identifier
        token = request_id.set(identifier)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = identifier
            method = request.method if request.method in KNOWN_METHODS else "other"
            path = loggable_path(request)
            request_logger.info(
                "%s %s %s",
                method,
                path,
                response.status_code,
                extra={
                    "method": method,
                    "path": path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )
            return response
        finally:
            request_id.reset(token)


class SecurityHeadersMiddleware:
    """What Django's SecurityMiddleware leaves out: a Permissions-Policy that turns off
    browser features no page uses (camera, location...), a Cross-Origin-Resource-Policy,
    and the Secure and SameSite flags on every cookie, including those a view sets
    itself."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.headers.setdefault(
            "Cross-Origin-Resource-Policy", settings.CROSS_ORIGIN_RESOURCE_POLICY
        )
        secure = settings.SESSION_COOKIE_SECURE or request.is_secure()
        for cookie in response.cookies.values():
            if secure:
                cookie["secure"] = True
            if not cookie["samesite"]:
                cookie["samesite"] = "Lax"
        return response


# Errors of a database that is down, restarting or dropped the connection. Django wraps
# the driver's errors in these; an IntegrityError or a ProgrammingError is a bug and
# stays a 500.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


# After a statement cancelled for its time limit: the database is up, the page was
# too slow to make.
RETRY_AFTER_SLOW_SECONDS = 5


def database_unavailable(request: HttpRequest, error: Exception) -> HttpResponse:
    """A short page in the visitor's language: the portal is back in a moment, or
    (for a statement cancelled by DATABASE_STATEMENT_TIMEOUT) the page took too long.

    It is rendered without the request's context processors, which could reach for
    the session or the user and so for the database that has just failed.
    """
    slow = statement_timed_out(error)
    retry_after = RETRY_AFTER_SLOW_SECONDS if slow else RETRY_AFTER_SECONDS
    if slow:
        logger.warning("Statement time limit reached at %s", loggable_path(request))
    else:
        logger.warning(
            "Database unavailable at %s: %s",
            loggable_path(request),
            type(error).__name__,
        )
    language = getattr(request, "LANGUAGE_CODE", None) or settings.LANGUAGE_CODE
    with translation.override(language):
        html = render_to_string(
            "503.html",
            {
                "LANGUAGE_CODE": language,
                "retry_after": retry_after,
                "slow": slow,
                "limit": settings.DATABASE_STATEMENT_TIMEOUT,
            },
        )
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(retry_after)
    add_never_cache_headers(response)
    return response


class DatabaseUnavailableMiddleware:
    """Answer 503 with a friendly page, not a 500, while the database is unreachable.

    PostgreSQL restarting or failing over is an outage the portal recovers from by
    itself: the broken connection is dropped at the end of the request and the next
    request opens a new one.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_UNAVAILABLE):
            return database_unavailable(request, exception)
        return None


class ReplicaReadsMiddleware:
    """Let a request read from the PostgreSQL replica only when it cannot miss a
    write that its visitor has just made or is about to see.

    That is a GET or HEAD from a visitor without a session cookie (staff signed in to
    the back office see their own changes at once; the cookie's presence is enough,
    so no session or user is loaded to decide), and with no write from the same
    browser in the last REPLICA_PIN_SECONDS: after a POST, PUT, PATCH or DELETE a
    short-lived cookie that carries nothing but "1" keeps its next pages (the receipt
    of a filing, say) on the primary until the replica has caught up.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        allowed = (
            request.method in REPLICA_SAFE_METHODS
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and REPLICA_PIN_COOKIE not in request.COOKIES
        )
        token = replica_reads_allowed.set(allowed)
        try:
            response = self.get_response(request)
        finally:
            replica_reads_allowed.reset(token)
        if request.method in REPLICA_PINNING_METHODS:
            response.set_cookie(
                REPLICA_PIN_COOKIE,
                "1",
                max_age=settings.REPLICA_PIN_SECONDS,
                secure=not settings.DEBUG,
                httponly=True,
                samesite="Lax",
            )
        return response
