import logging
import time

from django.conf import settings

from portal.logging import KNOWN_METHODS, loggable_path, new_request_id, request_id

request_logger = logging.getLogger("portal.request")


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
