"""Every page sends a strict policy and loads nothing from another host."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from portal.tests.pages import PUBLIC_PAGES, STAFF_PAGES, fill, make_page_data


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


class _Links(HTMLParser):
    """Collects every address a page would load or point to."""

    ATTRIBUTES = {"src", "href", "action", "srcset", "data", "poster", "formaction"}

    def __init__(self):
        super().__init__()
        self.addresses = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in self.ATTRIBUTES and value:
                self.addresses.append((tag, value))
            if name == "style" and value and "url(" in value:
                self.addresses.append((tag, value))


def test_no_page_references_another_host(pages):
    foreign = re.compile(r"^(https?:)?//", re.IGNORECASE)
    for path, response in pages:
        parser = _Links()
        parser.feed(response.text)
        external = [
            (tag, value) for tag, value in parser.addresses if foreign.match(value)
        ]
        assert external == [], path
        assert "@import" not in response.text, path


def test_static_stylesheets_load_nothing_from_another_host():
    from django.contrib.staticfiles import finders

    for name in ["css/portal.css", "bootstrap/css/bootstrap.min.css"]:
        text = Path(finders.find(name)).read_text(encoding="utf-8")
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", text), name
        assert "@import" not in text, name


def test_pages_with_scripts_carry_the_nonce(client, admin_user):
    client.force_login(admin_user)

    response = client.get("/admin/")

    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    scripts = re.findall(r"<script[^>]*>", response.text)
    assert scripts
    assert all(f'nonce="{nonce}"' in tag for tag in scripts)
