"""Status changes and the other recorded decisions, through hotline.actions."""

import pytest
from django.core import mail

from hotline import actions
from hotline.models import Complaint, PoliceUnit
from portal.models import AuditEntry
from portal.transitions import TransitionError
from tests.factories import complaint

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def operator(role_user):
    return role_user("operator")


@pytest.fixture
def unit(db):
    return PoliceUnit.objects.create(
        name="Сектор превенції", name_en="Prevention", email="unit@example.org"
    )


def test_every_transition_in_the_table_is_allowed_and_no_other():
    for old, allowed in Complaint.TRANSITIONS.items():
        for new in Complaint.Status:
            item = Complaint(status=old)
            assert item.can_move_to(new) == (new in allowed), (old, new)


def test_a_status_change_is_recorded_audited_and_told(
    operator, django_capture_on_commit_callbacks
):
    item, _ = complaint(formal=True)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        event = actions.change_status(
            item,
            new_status="triage",
            actor=operator,
            public_text="Ми отримали ваше звернення й перевіряємо його.",
            internal_note="Перевірити журнал.",
        )

    item.refresh_from_db()
    assert item.status == "triage"
    assert (event.old_status, event.new_status, event.actor) == (
        "received",
        "triage",
        operator,
    )
    assert item.first_reply_at is not None
    entry = AuditEntry.objects.get(action="hotline.complaint.status_changed")
    assert entry.actor == operator
    assert entry.data == {
        "old": "received",
        "new": "triage",
        "unit": None,
        "duplicate_of": None,
    }
    assert len(mail.outbox) == 1
    assert "Ми отримали ваше звернення" in mail.outbox[0].body
    assert "Перевірити журнал" not in mail.outbox[0].body


def test_a_forbidden_transition_is_refused_and_nothing_changes(operator):
    item, _ = complaint()
    actions.change_status(item, new_status="triage", actor=operator)
    actions.change_status(item, new_status="resolved", actor=operator)

    with pytest.raises(TransitionError):
        actions.change_status(item, new_status="referred", actor=operator)

    item.refresh_from_db()
    assert item.status == "resolved"
    assert item.events.count() == 2  # the two changes that were allowed


def test_referring_needs_a_unit_and_tells_the_unit_without_personal_data(
    operator, unit, django_capture_on_commit_callbacks
):
    item, _ = complaint(formal=True)
    with pytest.raises(TransitionError):
        actions.change_status(item, new_status="referred", actor=operator)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        actions.change_status(item, new_status="referred", actor=operator, unit=unit)

    item.refresh_from_db()
    assert item.unit == unit
    to_unit = [m for m in mail.outbox if m.to == ["unit@example.org"]]
    assert len(to_unit) == 1
    assert "Олена" not in to_unit[0].body
    assert "olena@example.org" not in to_unit[0].body
    assert item.reference in to_unit[0].subject


def test_rejecting_needs_a_public_reason(operator):
    item, _ = complaint()

    with pytest.raises(TransitionError, match="reason"):
        actions.change_status(item, new_status="rejected", actor=operator)

    actions.change_status(
        item,
        new_status="rejected",
        actor=operator,
        public_text="Факти не підтвердилися.",
    )
    item.refresh_from_db()
    assert item.status == "rejected"
    assert item.closed_at is not None


def test_only_a_formal_appeal_can_be_returned_for_missing_details(operator):
    anonymous, _ = complaint()
    formal, _ = complaint(formal=True)

    with pytest.raises(TransitionError, match="formal"):
        actions.change_status(
            anonymous,
            new_status="returned",
            actor=operator,
            public_text="Бракує адреси.",
        )
    actions.change_status(
        formal, new_status="returned", actor=operator, public_text="Бракує адреси."
    )

    formal.refresh_from_db()
    assert formal.status == "returned"


def test_a_duplicate_points_at_another_complaint(operator):
    first, _ = complaint()
    second, _ = complaint()

    with pytest.raises(TransitionError):
        actions.change_status(
            second, new_status="duplicate", actor=operator, duplicate_of=second
        )
    actions.change_status(
        second, new_status="duplicate", actor=operator, duplicate_of=first
    )

    second.refresh_from_db()
    assert second.duplicate_of == first


def test_reopening_clears_the_closing_time(operator):
    item, _ = complaint()
    actions.change_status(item, new_status="resolved", actor=operator)
    actions.change_status(item, new_status="in_progress", actor=operator)

    item.refresh_from_db()
    assert item.closed_at is None


def test_a_reply_needs_some_text(operator):
    item, _ = complaint()

    with pytest.raises(TransitionError):
        actions.reply(item, actor=operator, public_text=" ", internal_note="")


def test_monitors_flags_and_outside_referrals_are_recorded(role_user):
    monitor = role_user("monitor")
    item, _ = complaint()

    flag = actions.flag_disagreement(
        item, actor=monitor, reason="Скаргу класифіковано як пропозицію."
    )
    referral = actions.refer_externally(
        item, actor=monitor, body="ombudsman", referred_on=item.occurred_on
    )
    actions.settle_flag(flag, actor=role_user("operator"), note="Перекласифіковано.")
    actions.record_referral_outcome(
        referral,
        actor=monitor,
        outcome="Прийнято до розгляду.",
        outcome_on=item.occurred_on,
    )

    flag.refresh_from_db()
    assert flag.settled_at is not None
    assert item.external_referrals.get().outcome == "Прийнято до розгляду."
    actions_written = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "hotline.complaint.flagged",
        "hotline.complaint.flag_settled",
        "hotline.complaint.referred_externally",
        "hotline.complaint.external_outcome",
    } <= actions_written
    with pytest.raises(TransitionError):
        actions.settle_flag(flag, actor=monitor, note="again")
