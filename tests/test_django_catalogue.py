"""Every word that Django and the second-factor libraries can show reads in Ukrainian
on the Ukrainian pages: what their own catalogues leave in English, the portal's
catalogue translates (portal/django_catalogue.py lists those strings for extraction,
locale/uk/LC_MESSAGES/djangojs.po holds the admin scripts' ones)."""

from datetime import date
from pathlib import Path

import django
import django_otp
import django_otp_webauthn
import polib
import pytest
from django.conf import settings
from django.utils import formats, translation
from django.utils.translation.trans_real import DjangoTranslation

DJANGO = Path(django.__file__).parent
# The catalogues whose words reach the portal's pages, each read from its source
# language (django-otp's ship none in English: their German one lists every string).
CATALOGUES = [
    DJANGO / "conf/locale/en/LC_MESSAGES/django.po",
    DJANGO / "contrib/admin/locale/en/LC_MESSAGES/django.po",
    DJANGO / "contrib/auth/locale/en/LC_MESSAGES/django.po",
    DJANGO / "contrib/contenttypes/locale/en/LC_MESSAGES/django.po",
    DJANGO / "contrib/sessions/locale/en/LC_MESSAGES/django.po",
    Path(django_otp.__file__).parent / "locale/de/LC_MESSAGES/django.po",
    Path(django_otp_webauthn.__file__).parent / "locale/de/LC_MESSAGES/django.po",
]
ADMIN_SCRIPTS = DJANGO / "contrib/admin/locale/en/LC_MESSAGES/djangojs.po"


def _catalogue(translation_: DjangoTranslation) -> dict:
    """The messages a translation holds, merged from every catalogue it read."""
    return translation_._catalog  # type: ignore[attr-defined]


def _key(entry: polib.POEntry):
    text = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
    return (text, 0) if entry.msgid_plural else text


def _untranslated(source: Path, catalogue: dict) -> list[str]:
    return [
        entry.msgid
        for entry in polib.pofile(str(source))
        if not entry.obsolete and not catalogue.get(_key(entry))
    ]


@pytest.mark.parametrize("source", CATALOGUES, ids=lambda path: path.parts[-5])
def test_every_library_string_has_a_ukrainian_translation(source):
    assert source.exists()
    merged = _catalogue(DjangoTranslation("uk"))
    assert _untranslated(source, merged) == []


def test_every_admin_script_string_has_a_ukrainian_translation():
    # As the admin's JavaScript catalogue reads them: its own words, then the
    # project's (LOCALE_PATHS), which come last and win.
    scripts = _catalogue(
        DjangoTranslation(
            "uk", domain="djangojs", localedirs=[str(DJANGO / "contrib/admin/locale")]
        )
    )
    assert _untranslated(ADMIN_SCRIPTS, scripts) == []
    assert Path(settings.LOCALE_PATHS[0], "uk/LC_MESSAGES/djangojs.mo").exists()


def test_the_check_catches_a_string_nobody_translates(tmp_path):
    source = tmp_path / "django.po"
    catalogue = polib.POFile()
    catalogue.append(polib.POEntry(msgid="A string no catalogue has", msgstr=""))
    catalogue.append(polib.POEntry(msgid="Save", msgstr=""))
    catalogue.save(str(source))
    merged = _catalogue(DjangoTranslation("uk"))
    assert _untranslated(source, merged) == ["A string no catalogue has"]


def test_the_blank_choice_and_the_date_drill_down_read_in_ukrainian():
    from django.db.models.fields import BLANK_CHOICE_LABEL

    with translation.override("uk"):
        assert str(BLANK_CHOICE_LABEL) == "— Оберіть —"
        assert (
            translation.gettext("Filter by %(field_name)s") % {"field_name": "отримано"}
            == "Відібрати за полем «отримано»"
        )
        # A day and its month as Ukrainian writes them, not "02 Грудень".
        assert formats.date_format(date(2026, 12, 2), "MONTH_DAY_FORMAT") == (
            "2 грудня"
        )
    with translation.override("en"):
        assert formats.date_format(date(2026, 12, 2), "MONTH_DAY_FORMAT") == (
            "December 2"
        )
