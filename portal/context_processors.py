from django.conf import settings
from django.utils.translation import get_language

from portal.areas import portal_areas
from portal.languages import path_in


def portal(request):
    """What base.html needs on every page: the raion, the areas, the language links."""
    language = get_language()
    # The public pages link the same page in the other language without the query
    # string: many are kept and shared between visitors, and one visitor's query
    # (a tracking tag a social network added, say) must not reach the others. The
    # back office shares nothing, and its log-in page keeps where it leads (`next`).
    match = getattr(request, "resolver_match", None)
    in_back_office = match is not None and match.namespace == "admin"
    query = request.META.get("QUERY_STRING", "") if in_back_office else ""
    links = []
    for code, name in settings.LANGUAGES:
        if code == language:
            continue
        url = path_in(request, code)
        if url is None:  # a page with no address of its own: that language's home
            url = "/" if code == settings.LANGUAGE_CODE else f"/{code}/"
        elif query:
            url += "?" + query
        links.append({"code": code, "name": name, "url": url})
    return {
        "raion_name": settings.RAION_NAME.get(language, settings.RAION_NAME["uk"]),
        "portal_areas": portal_areas(),
        "language_links": links,
    }
