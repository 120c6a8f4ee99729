"""Ukrainian at the root and English under /en/, with a complete Ukrainian catalogue."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = ROOT / "locale" / "uk" / "LC_MESSAGES" / "django.po"


def html_lang(response) -> str:
    found = re.search(r'<html lang="([^"]+)"', response.text)
    assert found is not None
    return found.group(1)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "lang", "phrase"),
    [
        ("/", "uk", "Моя громада. Моя поліція"),
        ("/en/", "en", "My Community. My Police"),
        ("/no-such-page/", "uk", "Сторінку не знайдено"),
        ("/en/no-such-page/", "en", "Page not found"),
    ],
)
def test_pages_render_in_the_language_of_their_address(client, path, lang, phrase):
    response = client.get(path)

    assert html_lang(response) == lang
    assert response["Content-Language"] == lang
    assert phrase in response.text


@pytest.mark.django_db
def test_ukrainian_is_the_default_whatever_the_browser_asks(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert html_lang(response) == "uk"


@pytest.mark.django_db
def test_the_language_switch_is_a_plain_link_to_the_same_page(client):
    uk = client.get("/")
    en = client.get("/en/")
    admin_login = client.get("/en/admin/login/")

    assert '<a href="/en/" hreflang="en" lang="en">English</a>' in uk.text
    assert '<a href="/" hreflang="uk" lang="uk">Українська</a>' in en.text
    assert 'href="/admin/login/" hreflang="uk"' in admin_login.text
    assert "<form" not in uk.text


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/en/", "/communities/chuhuiv/", "/news/"])
def test_one_visitors_query_string_never_reaches_a_page_kept_for_others(client, path):
    from portal.models import Community

    Community.objects.create(
        slug="chuhuiv", name="Чугуївська", name_en="Chuhuiv", kind="urban"
    )

    first = client.get(f"{path}?fbclid=visitor-tag-1234")
    second = client.get(path)

    assert first.status_code == second.status_code == 200
    assert "visitor-tag-1234" not in first.text
    assert "visitor-tag-1234" not in second.text


@pytest.mark.django_db
def test_the_back_office_log_in_keeps_where_it_leads_in_the_other_language(client):
    page = client.get("/admin/login/?next=/admin/hotline/complaint/")

    assert 'href="/en/admin/login/?next=/admin/hotline/complaint/"' in page.text


@pytest.mark.django_db
def test_an_unknown_page_links_to_the_home_page_in_the_other_language(client):
    response = client.get("/no-such-page/")

    assert 'href="/en/" hreflang="en"' in response.text


def test_the_ukrainian_catalogue_translates_every_string():
    catalogue = polib.pofile(str(CATALOGUE))

    assert catalogue.untranslated_entries() == []
    assert catalogue.fuzzy_entries() == []
    assert len(catalogue.translated_entries()) > 50


def test_every_string_in_the_code_is_in_the_catalogue(tmp_path):
    """Extract the strings afresh (GNU gettext) and find none left untranslated.

    makemessages writes into the `locale` folder beside the code it reads, so it runs
    on a copy of the code: the real catalogue stays as committed.
    """
    if not shutil.which("xgettext"):
        pytest.skip("GNU gettext is not installed (apt-get install gettext)")
    source = tmp_path / "source"
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(
            ".*", "var", "node_modules", "static", "__pycache__", "*.mo", "test-results"
        ),
    )
    copy = source / "locale" / "uk" / "LC_MESSAGES"
    code = (
        "import django; django.setup(); "
        "from django.core.management import call_command; "
        "call_command('makemessages', locale=['uk'], no_obsolete=True, verbosity=0, "
        "ignore_patterns=['var/*', 'node_modules/*'])"
    )
    subprocess.run(
        [sys.executable, "-c", code],
        cwd=source,
        check=True,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "portal.settings"},
    )
    fresh = polib.pofile(str(copy / "django.po"))

    missing = [entry.msgid for entry in fresh.untranslated_entries()]
    missing += [entry.msgid for entry in fresh.fuzzy_entries()]
    assert missing == []
