"""The hotline's part of a police report: what the summary gives accountability."""

from datetime import date

import pytest

from hotline.models import Complaint
from hotline.summaries import period_figures
from tests.factories import at, community, complaint

pytestmark = pytest.mark.django_db

QUARTER = (at(date(2025, 1, 1), 0), at(date(2025, 3, 31), 23, 59))


def test_raion_figures_count_appeals_that_name_no_community():
    complaint(community=community(), received_at=at(date(2025, 2, 1)))
    complaint(community=None, received_at=at(date(2025, 2, 2)))

    assert period_figures(None, *QUARTER)["received"] == 2
    assert period_figures(community(), *QUARTER)["received"] == 1


def test_ratings_count_closed_appeals_with_or_without_a_statutory_clock():
    for formal in [True, False, False, False, False]:
        item = complaint(formal=formal, received_at=at(date(2025, 1, 10)))[0]
        Complaint.objects.filter(pk=item.pk).update(
            status=Complaint.Status.RESOLVED,
            closed_at=at(date(2025, 1, 20)),
            satisfaction=4,
        )

    figures = period_figures(None, *QUARTER)

    assert figures["answered"] == 1  # only the formal appeal has a clock
    assert figures["average_satisfaction"] == 4.0  # five ratings: shown
