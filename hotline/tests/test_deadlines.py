"""The statutory clock of formal appeals (Art. 20 of the Law "On Citizens' Appeals")."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone

from hotline import actions
from hotline.models import Complaint, add_month
from hotline.tasks import send_deadline_digest
from portal.transitions import TransitionError
from tests.factories import complaint

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
KYIV = ZoneInfo("Europe/Kyiv")


@pytest.fixture
def operator(role_user):
    user = role_user("operator")
    user.email = "operator@example.org"
    user.save()
    return user


def received_on(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 10, 0, tzinfo=KYIV)


def test_no_further_study_means_fifteen_days():
    assert Complaint.due_date(date(2026, 3, 2), "short") == date(2026, 3, 17)


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (date(2026, 3, 2), date(2026, 4, 2)),
        (date(2026, 1, 31), date(2026, 2, 28)),
        (date(2028, 1, 31), date(2028, 2, 29)),
        (date(2026, 12, 15), date(2027, 1, 15)),
    ],
)
def test_study_means_one_calendar_month(received, due):
    assert Complaint.due_date(received, "month") == due
    assert add_month(received) == due


def test_a_formal_appeal_is_due_in_a_month_unless_triage_shortens_it(operator):
    item, _ = complaint(formal=True, received_at=received_on(date(2026, 3, 2)))
    assert item.due_on == date(2026, 4, 2)

    actions.change_status(item, new_status="triage", actor=operator, term="short")

    item.refresh_from_db()
    assert (item.term, item.due_on) == ("short", date(2026, 3, 17))


def test_anonymous_feedback_has_no_clock():
    item, _ = complaint()

    assert item.due_on is None
    assert item.days_left() is None


def test_an_extension_is_capped_at_45_days_in_all(operator):
    item, _ = complaint(formal=True, received_at=received_on(date(2026, 3, 2)))

    with pytest.raises(TransitionError, match="45 days"):
        actions.extend_deadline(
            item,
            actor=operator,
            new_due=date(2026, 4, 17),
            reason="Потрібна експертиза.",
        )
    actions.extend_deadline(
        item, actor=operator, new_due=date(2026, 4, 16), reason="Потрібна експертиза."
    )

    item.refresh_from_db()
    assert item.deadline == date(2026, 4, 16)
    assert (
        item.events.filter(kind="extension").get().public_text == "Потрібна експертиза."
    )


def test_an_extension_needs_a_reason_and_a_later_date(operator):
    item, _ = complaint(formal=True, received_at=received_on(date(2026, 3, 2)))

    with pytest.raises(TransitionError):
        actions.extend_deadline(
            item, actor=operator, new_due=date(2026, 4, 10), reason=""
        )
    with pytest.raises(TransitionError):
        actions.extend_deadline(
            item, actor=operator, new_due=date(2026, 3, 30), reason="Причина."
        )


def test_the_complainant_is_told_of_an_extension(
    operator, django_capture_on_commit_callbacks
):
    item, _ = complaint(formal=True, received_at=received_on(date(2026, 3, 2)))
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        actions.extend_deadline(
            item, actor=operator, new_due=date(2026, 4, 10), reason="Чекаємо висновок."
        )

    assert len(mail.outbox) == 1
    assert "Чекаємо висновок." in mail.outbox[0].body


def test_overdue_and_due_soon_are_detected():
    today = timezone.localdate()
    overdue, _ = complaint(formal=True, received_days_ago=40)
    soon, _ = complaint(formal=True, received_days_ago=29)
    fresh, _ = complaint(formal=True, received_days_ago=1)
    anonymous_old, _ = complaint(received_days_ago=60)

    assert list(Complaint.objects.overdue(today)) == [overdue]
    assert list(Complaint.objects.due_soon(today)) == [soon]
    assert (overdue.days_left(today) or 0) < 0
    assert (fresh.days_left(today) or 0) > 3
    assert anonymous_old.days_left(today) is None


def test_a_closed_complaint_is_never_overdue(operator):
    item, _ = complaint(formal=True, received_days_ago=40)
    actions.change_status(item, new_status="resolved", actor=operator, public_text="ok")

    assert not Complaint.objects.overdue().exists()


def test_the_daily_digest_lists_overdue_and_soon_due_complaints_by_number_only(
    operator, role_user, django_capture_on_commit_callbacks
):
    analyst = role_user("analyst")
    analyst.email = "analyst@example.org"
    analyst.save()
    overdue, _ = complaint(formal=True, received_days_ago=40)
    soon, _ = complaint(formal=True, received_days_ago=29)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        sent = send_deadline_digest()

    assert sent == 1
    assert [m.to for m in mail.outbox] == [["operator@example.org"]]
    body = mail.outbox[0].body
    assert overdue.reference in body and soon.reference in body
    assert "Олена" not in body
    assert "olena@example.org" not in body


def test_no_digest_when_nothing_is_due(operator):
    complaint(formal=True)

    assert send_deadline_digest() == 0


def test_days_left_counts_from_today():
    item, _ = complaint(formal=True)
    today = timezone.localdate()
    assert item.due_on is not None

    assert item.days_left(today) == (item.due_on - today).days
    assert item.days_left(today + timedelta(days=1)) == (item.due_on - today).days - 1
