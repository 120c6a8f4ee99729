"""Disagreements and referrals are read by triage staff only.

Analysts open a complaint without its personal data, free texts or history; the
monitors' flags and their referrals to outside bodies are part of that history.
"""

import pytest
from django.utils import timezone

from hotline import actions
from tests.factories import complaint

pytestmark = pytest.mark.django_db

REASON = "Категорію обрано хибно: це бездіяльність, а не грубість."
REFERENCE = "ОМБ-2026-0417"
OUTCOME = "Омбудсман відкрив провадження."


@pytest.fixture
def flagged(role_user):
    item, _ = complaint(formal=True)
    monitor = role_user("monitor", username="the-monitor")
    actions.flag_disagreement(item, actor=monitor, reason=REASON)
    referral = actions.refer_externally(
        item,
        actor=monitor,
        body="ombudsman",
        referred_on=timezone.localdate(),
        reference=REFERENCE,
    )
    actions.record_referral_outcome(
        referral, actor=monitor, outcome=OUTCOME, outcome_on=timezone.localdate()
    )
    return item


def test_an_analyst_does_not_read_flags_or_referrals(client, role_user, flagged):
    client.force_login(role_user("analyst"))

    response = client.get(f"/en/admin/hotline/complaint/{flagged.pk}/change/")

    assert response.status_code == 200
    page = response.text
    for text in [REASON, REFERENCE, OUTCOME, "the-monitor", "Disagreement flags"]:
        assert text not in page


@pytest.mark.parametrize("role", ["operator", "monitor"])
def test_triage_staff_read_flags_and_referrals(client, role_user, flagged, role):
    client.force_login(role_user(role))

    page = client.get(f"/en/admin/hotline/complaint/{flagged.pk}/change/").text

    for text in [REASON, REFERENCE, OUTCOME, "the-monitor"]:
        assert text in page
