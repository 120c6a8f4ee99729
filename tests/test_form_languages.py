"""Every public form reads wholly in the page's language: its labels, legends, help,
choices, placeholders and buttons carry no string of the other language (a button
built once per process in the first reader's language, Django's "- Select an option
-" on a Ukrainian form, a label nobody translated)."""

import re
from html.parser import HTMLParser

import polib
import pytest
from django.conf import settings
from django.utils import translation

from tests.pages import PUBLIC_PAGES, fill, make_page_data

pytestmark = pytest.mark.django_db

CYRILLIC = re.compile(r"[а-яіїєґ]", re.IGNORECASE)
# Attributes whose words a reader sees or hears.
READ_ATTRIBUTES = {"placeholder", "aria-label", "title", "alt"}


class FormWords(HTMLParser):
    """The words of each <form>: its text and read attributes, with the value of its
    buttons; the text of a <textarea> and the value of a filled field are what the
    reader typed, not the form's."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0  # inside how many forms
        self.typed = 0  # inside a textarea
        self.words: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "form":
            self.depth += 1
        if not self.depth:
            return
        if tag == "textarea":
            self.typed += 1
        for name in READ_ATTRIBUTES & set(values):
            self.words.append(values[name] or "")
        if tag in {"input", "button"} and values.get("type") in {"submit", "button"}:
            self.words.append(values.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "form" and self.depth:
            self.depth -= 1
        if tag == "textarea" and self.typed:
            self.typed -= 1

    def handle_data(self, data):
        if self.depth and not self.typed and data.strip():
            self.words.append(" ".join(data.split()))


def form_words(html: str) -> list[str]:
    parser = FormWords()
    parser.feed(html)
    return [word for word in parser.words if word.strip()]


def english_sentences() -> set[str]:
    """The portal's English strings whose Ukrainian differs, and Django's blank
    choice: one of them whole on a Ukrainian form was left untranslated."""
    catalogue = polib.pofile(str(settings.LOCALE_PATHS[0] / "uk/LC_MESSAGES/django.po"))
    found = set()
    for entry in catalogue:
        text = entry.msgid
        if "%" in text or "{" in text or "<" in text or len(text) < 3:
            continue
        if entry.msgstr and entry.msgstr != text:
            found.add(text)
    with translation.override("en"):
        found.add(str(translation.gettext("- Select an option -")))
    return found


def pages_with_forms(client, language: str, ids: dict) -> dict[str, list[str]]:
    prefix = "/en/" if language == "en" else "/"
    shown = {}
    for path in fill(PUBLIC_PAGES, ids):
        bare = path.removeprefix("/en/").lstrip("/")
        if bare.startswith("admin/"):
            continue
        response = client.get(prefix + bare)
        if response.status_code != 200 or "text/html" not in response["Content-Type"]:
            continue
        words = form_words(response.text)
        if words:
            shown[prefix + bare] = words
    return shown


def test_english_forms_carry_no_ukrainian(client):
    ids = make_page_data()

    pages = pages_with_forms(client, "en", ids)

    assert len(pages) >= 15
    ukrainian = {
        path: [word for word in words if CYRILLIC.search(word)]
        for path, words in pages.items()
    }
    assert {path: words for path, words in ukrainian.items() if words} == {}


def test_ukrainian_forms_carry_no_english(client):
    ids = make_page_data()
    sentences = english_sentences()

    pages = pages_with_forms(client, "uk", ids)

    assert len(pages) >= 15
    english = {
        path: [word for word in words if word in sentences]
        for path, words in pages.items()
    }
    assert {path: words for path, words in english.items() if words} == {}


def test_the_checks_find_a_word_of_the_other_language():
    html = (
        "<form><label>Ім’я</label><select><option>- Select an option -</option>"
        '</select><input type="submit" value="Send"><textarea>Я написав це</textarea>'
        "</form><p>Поза формою</p>"
    )

    words = form_words(html)

    assert words == ["Ім’я", "- Select an option -", "Send"]
    assert [word for word in words if CYRILLIC.search(word)] == ["Ім’я"]
    assert {"- Select an option -", "Send"} <= english_sentences()
