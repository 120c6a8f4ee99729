"""Personal data is kept no longer than its purpose needs: every app's rules run in
one nightly task, erase what identifies a person and keep what is counted."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from accountability.models import Follow
from events.models import EventRequest, Registration
from hotline.models import Complaint
from news.models import Comment
from portal.models import AuditEntry
from portal.retention import retention_rules
from portal.tasks import erase_expired_personal_data
from tests.factories import article, comment, community, complaint, event, follower

pytestmark = pytest.mark.django_db


def days_ago(days: float):
    return timezone.now() - timedelta(days=days)


def registrant(item, n):
    return Registration.objects.create(
        event=item,
        name=f"Людмила {n}",
        email=f"l{n}@example.org",
        phone="+380501234567",
        needs="пандус",
        affiliation="resident",
        status="confirmed",
        attended=True,
    )


def test_every_kind_of_personal_data_has_a_rule_and_a_setting(settings):
    rules = {rule.code: rule.days for rule in retention_rules()}

    assert rules == {
        "hotline.complaints": settings.HOTLINE_RETENTION_DAYS,
        "events.registrants": 90,
        "events.requesters": 365,
        "news.commenters": 90,
        "accountability.unconfirmed_followers": 7,
    }


def test_registrants_are_forgotten_after_their_event_but_still_counted(settings):
    settings.EVENT_REGISTRANT_RETENTION_DAYS = 30
    past = event("past", days=-40)
    recent = event("recent", days=-10)
    old_one, recent_one = registrant(past, 1), registrant(recent, 2)

    erased = erase_expired_personal_data()

    old_one.refresh_from_db()
    recent_one.refresh_from_db()
    assert erased["events.registrants"] == 1
    assert (old_one.name, old_one.email, old_one.phone, old_one.needs) == ("",) * 4
    assert (old_one.status, old_one.attended, old_one.affiliation) == (
        "confirmed",
        True,
        "resident",
    )
    assert recent_one.email == "l2@example.org"
    assert past.registrations.count() == 1


def test_decided_requests_lose_their_contact_person_new_ones_do_not(settings):
    settings.EVENT_REQUEST_RETENTION_DAYS = 100
    fields = {
        "kind": "school_lecture",
        "topic": "Кібербезпека",
        "audience": "pupils",
        "preferred_dates": "травень",
        "organisation": "Ліцей № 1",
        "contact_name": "Ірина Петрівна",
        "email": "school@example.org",
        "phone": "+380577000000",
        "created_at": days_ago(200),
    }
    decided = EventRequest.objects.create(status="declined", **fields)
    waiting = EventRequest.objects.create(status="new", **fields)

    erase_expired_personal_data()

    decided.refresh_from_db()
    waiting.refresh_from_db()
    assert (decided.contact_name, decided.email, decided.phone) == ("", "", "")
    assert decided.organisation == "Ліцей № 1" and decided.status == "declined"
    assert waiting.contact_name == "Ірина Петрівна"


def test_commenters_addresses_go_their_comments_stay(settings):
    settings.COMMENT_EMAIL_RETENTION_DAYS = 30
    page = article()
    old = comment(page, email="olena@example.org", created_at=days_ago(31))
    new = comment(page, "Нове", email="new@example.org")

    erase_expired_personal_data()

    old.refresh_from_db()
    assert (old.email, old.name, old.text) == ("", "Олена", "Дякую за пораду!")
    assert Comment.objects.get(pk=new.pk).email == "new@example.org"


def test_unconfirmed_followers_go_confirmed_ones_stay(settings):
    old = days_ago(8)
    follower(community("a"), "old@example.org", created_at=old)
    follower(community("b"), "kept@example.org", created_at=old, confirmed_days_ago=8)

    erase_expired_personal_data()

    assert list(Follow.objects.values_list("email", flat=True)) == ["kept@example.org"]


def test_complaints_closed_long_ago_are_erased_by_the_same_run(settings):
    settings.HOTLINE_RETENTION_DAYS = 30
    closed, _receipt = complaint(formal=True)
    Complaint.objects.filter(pk=closed.pk).update(
        status="closed", closed_at=days_ago(31)
    )

    erased = erase_expired_personal_data()

    closed.refresh_from_db()
    assert erased["hotline.complaints"] == 1
    assert closed.personal_data_erased_at is not None
    assert (closed.full_name, closed.email) == ("", "")


def test_each_rule_that_erased_is_audited_without_personal_data(settings):
    settings.EVENT_REGISTRANT_RETENTION_DAYS = 1
    registrant(event("past", days=-5), 1)

    erase_expired_personal_data()
    erase_expired_personal_data()

    entries = AuditEntry.objects.filter(action="portal.personal_data.erased")
    assert [entry.data for entry in entries] == [
        {"rule": "events.registrants", "rows": 1, "days": 1}
    ]
    assert "example.org" not in str(entries[0].data)


def test_the_command_runs_every_rule(capsys):
    call_command("erase_expired_personal_data")

    out = capsys.readouterr().out
    for rule in retention_rules():
        assert f"{rule.code}: 0 erased (kept {rule.days} days)" in out


def test_the_nightly_schedule_runs_it(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert "portal.tasks.erase_expired_personal_data" in tasks
