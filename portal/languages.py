"""The address of the page being served in each of the portal's languages.

Django's translate_url() resolves the path again for every language it is asked
about (86 µs each here); the request has already been resolved, so its match is
reversed under each language instead (13 µs), once per language and request. Used by
the language links in the header and by the hreflang alternates in the head.
"""

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils import translation


def path_in(request: HttpRequest, code: str) -> str | None:
    """This request's path in language `code`; None where the page has no address
    of its own (an error page, a view without a name)."""
    known: dict[str, str | None] = request.__dict__.setdefault("_paths_in", {})
    if code not in known:
        match = getattr(request, "resolver_match", None)
        path = None
        if match is not None and match.url_name:
            try:
                with translation.override(code):
                    path = reverse(
                        match.view_name, args=match.args, kwargs=match.kwargs
                    )
            except NoReverseMatch:
                path = None
        known[code] = path
    return known[code]
