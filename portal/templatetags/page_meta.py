"""What the head of every page says about it to browsers, search engines and social
networks: the canonical address, Open Graph and Twitter card tags, the feeds."""

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils.encoding import escape_uri_path
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from portal.areas import app_hooks
from portal.languages import path_in

register = template.Library()

# Twitter and Facebook draw this when a page has no picture of its own (1200 x 630).
DEFAULT_IMAGE = "img/share.png"
OPEN_GRAPH_LOCALES = {"uk": "uk_UA", "en": "en_GB"}


class CaptureNode(template.Node):
    def __init__(self, nodelist, name: str):
        self.nodelist, self.name = nodelist, name

    def render(self, context) -> str:
        # Whitespace collapsed: the text goes into attributes as well as the title.
        output = " ".join(self.nodelist.render(context).split())
        context[self.name] = mark_safe(output)  # noqa: S308 (rendered, so escaped)
        return ""


@register.tag
def capture(parser, token):
    """`{% capture as name %}...{% endcapture %}`: render once, use several times
    (a block's text in the title and in the Open Graph tags)."""
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("Use {% capture as name %}.")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])


@register.simple_tag
def absolute_url(path: str) -> str:
    """A path of the portal as an address on SITE_URL, for links that leave it."""
    return settings.SITE_URL + path


@register.simple_tag(takes_context=True)
def canonical_url(context) -> str:
    """This page's address on SITE_URL: the path, and the page of a list."""
    request = context.get("request")
    if request is None:
        return settings.SITE_URL + "/"
    url = settings.SITE_URL + escape_uri_path(request.path)
    page = request.GET.get("page", "")
    if page.isdigit() and page != "1":
        url += f"?page={page}"
    return url


@register.simple_tag(takes_context=True)
def language_alternates(context) -> SafeString:
    """<link rel="alternate" hreflang> to this page in every language, and the
    Ukrainian one as x-default, as the sitemap lists them; the page of a list is
    kept, any other query string is not (see canonical_url)."""
    request = context.get("request")
    if request is None:
        return mark_safe("")
    page = request.GET.get("page", "")
    suffix = f"?page={page}" if page.isdigit() and page != "1" else ""
    urls = {}
    for code, _name in settings.LANGUAGES:
        path = path_in(request, code)
        if path is None:
            return mark_safe("")  # a page with no address of its own
        urls[code] = settings.SITE_URL + escape_uri_path(path)
    links = [*urls.items(), ("x-default", urls[settings.LANGUAGE_CODE])]
    return format_html_join(
        "\n  ",
        '<link rel="alternate" hreflang="{}" href="{}{}">',
        ((code, url, suffix) for code, url in links),
    )


@register.simple_tag
def default_share_image() -> str:
    return settings.SITE_URL + static(DEFAULT_IMAGE)


@register.simple_tag
def open_graph_locales() -> SafeString:
    """og:locale, and the other language as og:locale:alternate."""
    current = get_language()
    tags = [format_html('<meta property="og:locale" content="{}">', _locale(current))]
    tags += [
        format_html('<meta property="og:locale:alternate" content="{}">', _locale(code))
        for code, _name in settings.LANGUAGES
        if code != current
    ]
    return mark_safe("\n  ".join(tags))  # noqa: S308 (built with format_html)


def _locale(code: str) -> str:
    return OPEN_GRAPH_LOCALES.get(code, code)


# Per language: the feeds change only with the code, which a restart reloads.
_feed_links: dict[str, SafeString] = {}


@register.simple_tag
def feed_links() -> SafeString:
    """A <link rel="alternate"> for every feed that an app advertises in its
    AppConfig (`feeds`, a dotted path to a function returning (title, URL name))."""
    language = get_language()
    if language not in _feed_links:
        feeds = [feed for hook in app_hooks("feeds") for feed in hook()]
        _feed_links[language] = format_html_join(
            "\n  ",
            '<link rel="alternate" type="application/atom+xml" title="{}" href="{}">',
            ((str(title), reverse(url_name)) for title, url_name in feeds),
        )
    return _feed_links[language]
