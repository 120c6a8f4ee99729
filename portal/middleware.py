import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)


class PermissionsPolicyMiddleware:
    """Turn off browser features that no page uses (camera, location...)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


# Errors of a database that is down, restarting or dropped the connection. Django wraps
# the driver's errors in these; an IntegrityError or a ProgrammingError is a bug and
# stays a 500.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def database_unavailable(request: HttpRequest, error: Exception) -> HttpResponse:
    """A short page in the visitor's language: the portal is back in a moment.

    It is rendered without the request's context processors, which could reach for
    the session or the user and so for the database that has just failed.
    """
    logger.warning("Database unavailable at %s: %s", request.path, type(error).__name__)
    language = getattr(request, "LANGUAGE_CODE", None) or settings.LANGUAGE_CODE
    with translation.override(language):
        html = render_to_string(
            "503.html",
            {"LANGUAGE_CODE": language, "retry_after": RETRY_AFTER_SECONDS},
        )
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
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
