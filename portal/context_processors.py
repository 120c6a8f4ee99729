from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language

from portal.areas import portal_areas


def portal(request):
    """What base.html needs on every page: the raion, the areas, the language links."""
    language = get_language()
    # The public pages link the same page in the other language without the query
    # string: many are kept and shared between visitors, and one visitor's query
    # (a tracking tag a social network added, say) must not reach the others. The
    # back office shares nothing, and its log-in page keeps where it leads (`next`).
    match = getattr(request, "resolver_match", None)
    in_back_office = match is not None and match.namespace == "admin"
    path = request.get_full_path() if in_back_office else request.path
    links = []
    for code, name in settings.LANGUAGES:
        if code == language:
            continue
        url = translate_url(path, code)
        if url == path:  # a page that does not exist in that language: its home page
            url = "/" if code == settings.LANGUAGE_CODE else f"/{code}/"
        links.append({"code": code, "name": name, "url": url})
    return {
        "raion_name": settings.RAION_NAME.get(language, settings.RAION_NAME["uk"]),
        "portal_areas": portal_areas(),
        "language_links": links,
    }
