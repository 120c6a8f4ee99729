"""Readers comment on articles and on published reports: name required, e-mail
optional and never shown, plain text shown as typed, held for moderation, limited per
client, and nothing kept about the writer."""

import pytest
from django.forms import Field
from django.utils import translation
from django.utils.html import escape

from news.models import Comment
from tests.factories import article, comment, report

pytestmark = pytest.mark.django_db

TEXT = "Мені теж дзвонили «з банку». Дякую за пораду!"


def post(client, page, *, lang="", **fields):
    prefix = f"/{lang}" if lang else ""
    data = {"name": "Олена", "email": "", "text": TEXT, "homepage": "", **fields}
    return client.post(
        f"{prefix}/comments/{page._meta.label_lower}/{page.pk}/",
        {f"comment-{name}": value for name, value in data.items()},
        REMOTE_ADDR="203.0.113.9",
        HTTP_USER_AGENT="CommenterBrowser/2.0",
    )


def test_a_comment_waits_for_a_moderator_and_keeps_nothing_about_the_writer(client):
    item = article()

    response = post(client, item, email="olena@example.org")

    assert response.status_code == 302
    assert response["Location"] == f"/prevention/{item.slug}/#comments"
    stored = Comment.objects.get()
    assert (stored.target, stored.name, stored.text, stored.status) == (
        item,
        "Олена",
        TEXT,
        "pending",
    )
    # The stubs' plugin cannot type values() of a model with a generic foreign key.
    row = str(Comment.objects.values().get())  # type: ignore[misc]
    assert "203.0.113.9" not in row and "CommenterBrowser" not in row
    page = client.get(f"/prevention/{item.slug}/").text
    assert TEXT not in page


def test_the_writer_is_told_the_comment_awaits_approval(client):
    item = article()

    page = client.get(post(client, item, lang="en")["Location"].split("#")[0])

    assert "will appear once a moderator has approved it" in page.text


def test_with_premoderation_off_a_comment_is_published_at_once(client, settings):
    settings.COMMENTS_PREMODERATED = False
    item = article()

    post(client, item)

    assert Comment.objects.get().status == "approved"
    assert "Дякую за пораду!" in client.get(f"/prevention/{item.slug}/").text


def test_a_published_report_takes_comments(client):
    item = report()

    response = post(client, item)

    assert response.status_code == 302
    assert response["Location"] == f"/accountability/reports/{item.slug}/#comments"
    assert Comment.objects.get().target == item


@pytest.mark.parametrize("status", ["draft", "review", "withdrawn"])
def test_a_report_that_is_not_published_takes_no_comments(client, status):
    item = report(status=status)

    assert post(client, item).status_code == 404
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    ("status", "days_ago"), [("draft", 1), ("published", -1)], ids=["draft", "later"]
)
def test_an_article_readers_cannot_see_takes_no_comments(client, status, days_ago):
    item = article(status=status, days_ago=days_ago)

    assert post(client, item).status_code == 404
    assert not Comment.objects.exists()


def test_only_pages_that_take_comments_can_be_commented_on(client):
    response = client.post("/comments/auth.user/1/", {"comment-name": "x"})

    assert response.status_code == 404


def test_a_comment_without_a_name_is_refused_with_the_text_kept(client):
    item = article()

    response = post(client, item, lang="en", name="  ", text="<b>Моя</b> думка")

    assert response.status_code == 400
    assert "This field is required." in response.text
    assert "&lt;b&gt;Моя&lt;/b&gt; думка</textarea>" in response.text
    assert f'href="/en/prevention/{item.slug}/#comments"' in response.text
    assert not Comment.objects.exists()


def test_the_error_is_in_the_readers_language(client):
    item = article()
    with translation.override("uk"):
        required = str(Field.default_error_messages["required"])

    response = post(client, item, name="", email="not-an-address")

    assert response.status_code == 400
    assert escape(required) in response.text
    assert 'value="not-an-address"' in response.text


def test_a_filled_honeypot_is_refused_without_saving(client):
    item = article()

    response = post(client, item, lang="en", homepage="http://spam.example/")

    assert response.status_code == 400
    assert "The form could not be sent." in response.text
    assert not Comment.objects.exists()


def test_one_address_may_comment_only_so_often(client, settings):
    item = article()

    statuses = [post(client, item).status_code for _ in range(6)]

    assert statuses == [302] * 5 + [429]
    assert Comment.objects.count() == 5


def test_refused_comments_do_not_count_against_the_limit(client):
    item = article()

    for _ in range(6):
        post(client, item, name="")

    assert post(client, item).status_code == 302


def test_html_in_a_comment_is_shown_as_typed_and_links_are_not_clickable(client):
    item = article()
    comment(item, "<b>hello</b><script>alert(1)</script> див. https://example.org/x")

    page = client.get(f"/prevention/{item.slug}/").text

    assert "&lt;b&gt;hello&lt;/b&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page
    assert 'href="https://example.org/x"' not in page
    assert "https://example.org/x" in page


def test_the_email_is_never_shown(client):
    item = report()
    comment(item, "Питання до звіту", email="writer@example.org")

    page = client.get(f"/accountability/reports/{item.slug}/").text

    assert "Питання до звіту" in page
    assert "writer@example.org" not in page


def test_only_published_comments_are_shown(client):
    item = article()
    for status in ["pending", "rejected", "flagged", "hidden"]:
        comment(item, f"comment {status}", status=status)
    comment(item, "comment approved")

    page = client.get(f"/prevention/{item.slug}/").text

    assert "comment approved" in page
    for status in ["pending", "rejected", "flagged", "hidden"]:
        assert f"comment {status}" not in page


def test_comments_are_paged_fifty_at_a_time(client):
    item = article()
    for n in range(55):
        comment(item, f"number {n:02d}.")

    first = client.get(f"/en/prevention/{item.slug}/").text
    second = client.get(f"/en/prevention/{item.slug}/?comments=2").text

    assert "number 54." in first and "number 05." in first
    assert "number 04." not in first
    assert 'href="?comments=2#comments"' in first
    assert "number 04." in second and "number 00." in second
    assert "number 05." not in second


def test_the_form_marks_the_required_fields_and_asks_for_consent(client):
    item = article()

    page = client.get(f"/en/prevention/{item.slug}/").text
    form = page[page.index('class="comment-form') :]

    assert "Fields marked with an asterisk (*) are required." in form
    assert form.count('<span class="asteriskField">*</span>') == 2
    assert "you agree that your name and your comment are published" in form
    assert 'name="comment-homepage"' in form
