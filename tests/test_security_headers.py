"""Every page sends a strict policy and loads nothing from another host."""

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings

from tests.pages import PUBLIC_PAGES, STAFF_PAGES, fill, make_page_data


@pytest.fixture
def pages(db, client, admin_user):
    ids = make_page_data()
    responses = [(path, client.get(path)) for path in fill(PUBLIC_PAGES, ids)]
    client.force_login(admin_user)
    responses += [(path, client.get(path)) for path in fill(STAFF_PAGES, ids)]
    for path, response in responses:
        assert response.status_code in {200, 404}, path
    return responses


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = (part.strip().split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in directives}


def test_every_page_sends_a_csp_without_inline_scripts(pages):
    for path, response in pages:
        csp = policy(response)
        assert "'unsafe-inline'" not in csp["script-src"], path
        assert "'unsafe-eval'" not in csp["script-src"], path
        assert csp["default-src"] == ["'self'"], path
        assert csp["frame-ancestors"] == ["'none'"], path
        assert csp["object-src"] == ["'none'"], path


def test_every_page_sends_the_other_security_headers(pages):
    for path, response in pages:
        assert response["X-Content-Type-Options"] == "nosniff", path
        assert response["Referrer-Policy"] == "same-origin", path
        assert response["X-Frame-Options"] == "DENY", path
        assert "camera=()" in response["Permissions-Policy"], path
        assert response["Cross-Origin-Resource-Policy"] == "same-origin", path


# Share links are plain links: a page loads nothing from these sites, and tells them
# nothing, until the reader follows one.
SHARE_HOSTS = {"www.facebook.com", "t.me", "x.com"}
FOREIGN = re.compile(r"^(https?:)?//", re.IGNORECASE)
FOREIGN_URL_IN_STYLE = re.compile(r"url\(\s*['\"]?(https?:)?//", re.IGNORECASE)


class _Links(HTMLParser):
    """Collects every address a page would load or point to."""

    ATTRIBUTES = {"src", "href", "action", "srcset", "data", "poster", "formaction"}

    def __init__(self):
        super().__init__()
        self.addresses = []

    def handle_starttag(self, tag, attrs):
        rel = set((dict(attrs).get("rel") or "").split())
        for name, value in attrs:
            if name in self.ATTRIBUTES and value:
                self.addresses.append((tag, name, rel, value))
            if name == "style" and value and "url(" in value:
                self.addresses.append((tag, name, rel, value))


def foreign_references(html: str) -> list[tuple[str, str, str]]:
    """What a page loads from, or points to on, another host. Allowed: plain links
    (<a href>) to the share sites, and links to the portal's own public address
    (SITE_URL) in <a href> and in the canonical and alternate <link>s."""
    own = urlsplit(settings.SITE_URL).netloc
    parser = _Links()
    parser.feed(html)
    found = []
    for tag, name, rel, value in parser.addresses:
        if name == "style":
            if FOREIGN_URL_IN_STYLE.search(value):
                found.append((tag, name, value))
            continue
        if not FOREIGN.match(value):
            continue
        host = urlsplit(value if "://" in value else f"http:{value}").netloc
        plain_link = tag == "a" and name == "href"
        own_link = tag == "link" and name == "href" and rel & {"canonical", "alternate"}
        if plain_link and host in SHARE_HOSTS:
            continue
        if host == own and (plain_link or own_link):
            continue
        found.append((tag, name, value))
    return found


def test_no_page_references_another_host(pages):
    for path, response in pages:
        assert foreign_references(response.text) == [], path
        assert "@import" not in response.text, path


def test_the_host_check_allows_plain_share_links_and_nothing_else():
    own = settings.SITE_URL
    allowed = (
        '<a href="https://www.facebook.com/sharer/sharer.php?u=x">Facebook</a>'
        '<a href="https://t.me/share/url?url=x">Telegram</a>'
        '<a href="https://x.com/intent/tweet?url=x">X</a>'
        '<a href="viber://forward?text=x">Viber</a>'
        f'<link rel="canonical" href="{own}/news/">'
        f'<link rel="alternate" type="application/atom+xml" href="{own}/news/feed/">'
    )
    refused = [
        '<img src="https://www.facebook.com/tr?id=1">',
        '<script src="//t.me/widget.js"></script>',
        '<link rel="stylesheet" href="https://x.com/style.css">',
        '<link rel="preconnect" href="https://t.me">',
        '<form action="https://x.com/collect"></form>',
        '<img srcset="https://t.me/a.png 2x">',
        '<iframe src="https://www.facebook.com/plugins/like.php"></iframe>',
        '<div style="background: url(https://x.com/pixel.png)"></div>',
        '<a href="https://example.org/">elsewhere</a>',
        f'<img src="{own}/static/img/share.png">',
    ]

    assert foreign_references(allowed) == []
    for html in refused:
        assert foreign_references(html) != [], html


def test_static_stylesheets_load_nothing_from_another_host():
    from django.contrib.staticfiles import finders

    for name in ["css/portal.css", "bootstrap/css/bootstrap.min.css"]:
        found = finders.find(name)
        assert isinstance(found, str), name
        text = Path(found).read_text(encoding="utf-8")
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", text), name
        assert "@import" not in text, name


def test_pages_with_scripts_carry_the_nonce(client, admin_user):
    client.force_login(admin_user)

    response = client.get("/admin/")

    found = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])
    assert found is not None
    nonce = found.group(1)
    scripts = re.findall(r"<script[^>]*>", response.text)
    assert scripts
    assert all(f'nonce="{nonce}"' in tag for tag in scripts)
