"""Readers report comments that break the rules; three reports hide a comment until a
moderator has reviewed it."""

import pytest

from news.models import CommentFlag
from portal.models import AuditEntry
from tests.factories import article, comment

pytestmark = pytest.mark.django_db


def flag(client, item, reason="abuse", *, lang=""):
    prefix = f"/{lang}" if lang else ""
    return client.post(f"{prefix}/comments/{item.pk}/report/", {"reason": reason})


def test_each_comment_links_to_a_page_to_report_it(client):
    page = article()
    item = comment(page, "Сумнівний коментар")

    listed = client.get(f"/en/prevention/{page.slug}/").text
    form = client.get(f"/en/comments/{item.pk}/report/")

    assert f'href="/en/comments/{item.pk}/report/"' in listed
    assert form.status_code == 200
    assert "Сумнівний коментар" in form.text
    assert "What is wrong with it?" in form.text
    assert '<meta name="robots" content="noindex">' in form.text


def test_a_report_is_counted_and_the_reader_thanked(client):
    page = article()
    item = comment(page)

    response = flag(client, item, "spam")

    assert response.status_code == 302
    assert response["Location"] == f"/prevention/{page.slug}/#comments"
    assert list(item.flags.values_list("reason", flat=True)) == ["spam"]
    item.refresh_from_db()
    assert item.status == "approved"


def test_three_reports_hide_a_comment_until_it_is_reviewed(client, django_user_model):
    page = article()
    item = comment(page, "Образливий коментар")

    for _ in range(3):
        # Three readers, three browsers.
        client.cookies.clear()
        flag(client, item)

    item.refresh_from_db()
    assert item.status == "flagged"
    assert "Образливий коментар" not in client.get(f"/prevention/{page.slug}/").text
    entry = AuditEntry.objects.get(action="news.comment_hidden_by_reports")
    assert entry.data == {"comment": item.pk, "reports": 3}
    assert "Образливий" not in entry.object_repr


def test_one_browser_reports_a_comment_once(client):
    item = comment(article())

    flag(client, item)
    again = flag(client, item, lang="en")
    flag(client, item)

    assert item.flags.count() == 1
    assert "You have already reported this comment." in client.get(
        again["Location"]
    ).text.replace("&#x27;", "'")


def test_a_report_without_a_valid_reason_is_refused(client):
    item = comment(article())

    response = flag(client, item, "because", lang="en")

    assert response.status_code == 400
    assert "Select a valid choice." in response.text
    assert not CommentFlag.objects.exists()


@pytest.mark.parametrize("status", ["pending", "rejected", "hidden"])
def test_a_comment_that_is_not_shown_cannot_be_reported(client, status):
    item = comment(article(), status=status)

    assert flag(client, item).status_code == 404


def test_one_address_may_report_only_so_often(client):
    page = article()
    items = [comment(page, f"n {n}") for n in range(31)]

    statuses = [flag(client, item).status_code for item in items]

    assert statuses == [302] * 30 + [429]
