"""Every app's status changes are checked against its model's TRANSITIONS by one
mixin: a refused move raises portal's TransitionError, in the reader's language,
and changes and records nothing."""

from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from accountability import actions as accountability
from events import actions as events
from hotline import actions as hotline
from news import actions as news
from portal.models import AuditEntry
from portal.transitions import TransitionError
from tests.factories import article, comment, complaint, event, priority, report

pytestmark = pytest.mark.django_db

# Each model with a forbidden move: how to build it, the action and its arguments
# that attempt the move, and how the refusal reads.
Refusal = tuple[Callable[[], Any], Callable[..., Any], dict[str, str], str]
REFUSED: dict[str, Refusal] = {
    "complaint": (
        lambda: complaint()[0],
        hotline.change_status,
        {"new_status": "awaiting"},
        "A complaint that is “received” cannot become “awaiting the complainant”.",
    ),
    "report": (
        lambda: report(status="published"),
        accountability.change_report_status,
        {"new_status": "review"},
        "A report that is published cannot become in review.",
    ),
    "priority": (
        lambda: priority(status="achieved"),
        accountability.change_priority_status,
        {"new_status": "active", "note": "Again"},
        "A priority that is achieved cannot become active.",
    ),
    "event": (
        lambda: event(status="cancelled"),
        events.change_status,
        {"new_status": "scheduled"},
        "An event that is “cancelled” cannot become “scheduled”.",
    ),
    "article": (
        lambda: article(status="draft"),
        news.change_article_status,
        {"new_status": "draft"},
        "An article that is draft cannot become draft.",
    ),
    "comment": (
        lambda: comment(article(), status="pending"),
        news.moderate_comment,
        {"new_status": "hidden"},
        "A comment that is awaiting moderation cannot become hidden by a moderator.",
    ),
}


@pytest.mark.parametrize("model", REFUSED)
def test_a_refused_move_raises_the_shared_error_and_changes_nothing(model, admin_user):
    build, action, arguments, message = REFUSED[model]
    item = build()
    status, audited = item.status, AuditEntry.objects.count()

    with translation.override("en"), pytest.raises(TransitionError) as refused:
        action(item, actor=admin_user, **arguments)

    assert isinstance(refused.value, ValidationError)
    assert refused.value.code == "transition_refused"
    with translation.override("en"):
        assert refused.value.messages == [message]
    item.refresh_from_db()
    assert item.status == status
    assert AuditEntry.objects.count() == audited


def test_a_refusal_reads_in_ukrainian(admin_user):
    build, action, arguments, _ = REFUSED["complaint"]

    with translation.override("uk"):
        with pytest.raises(TransitionError) as refused:
            action(build(), actor=admin_user, **arguments)

        assert str(refused.value) == (
            "Звернення зі статусом «отримано» не може отримати статус "
            "«очікує відповіді заявника»."
        )


def test_the_refusal_is_the_sentence_itself_where_the_admin_shows_it(admin_user):
    build, action, arguments, message = REFUSED["event"]

    with translation.override("en"), pytest.raises(TransitionError) as refused:
        action(build(), actor=admin_user, **arguments)

    with translation.override("en"):
        assert str(refused.value) == message


def test_the_moves_offered_are_those_of_the_table():
    item = priority(status="active")

    assert item.allowed_moves() == {"achieved", "dropped"}
    assert item.can_move_to("dropped")
    assert not item.can_move_to("proposed")
    item.ensure_can_move_to("achieved")  # allowed: raises nothing
