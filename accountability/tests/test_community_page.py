"""The community page: every area's block about one hromada."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

from tests.factories import (
    community,
    complaint,
    formation,
    meeting,
    priority,
    progress,
    report,
    trust_survey,
)

pytestmark = pytest.mark.django_db


def section(page, name: str) -> str:
    start = page.text.index(f'id="community-{name}"')
    return page.text[start : page.text.index("</section>", start)]


@pytest.fixture
def place():
    return community("chuhuiv")


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_page_of_a_community_opens_in_both_languages(client, place, prefix):
    page = client.get(f"{prefix}/communities/chuhuiv/")

    assert page.status_code == 200
    assert place.name in page.text or place.name_en in page.text


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_an_unknown_community_is_not_found(client, prefix):
    assert client.get(f"{prefix}/communities/nowhere/").status_code == 404


def test_current_priorities_show_with_their_latest_progress(client, place):
    current = priority(place, issue_en="Speeding")
    progress(current, "Older progress.", days_ago=9)
    progress(current, "Latest progress.", days_ago=1)
    priority(place, issue_en="Proposed lights", status="proposed")
    priority(place, issue_en="Finished job", status="achieved")
    priority(community("malynivka"), issue_en="Elsewhere")

    block = section(client.get("/en/communities/chuhuiv/"), "priorities")

    assert "Speeding" in block and "Proposed lights" in block
    assert "Latest progress." in block and "Older progress." not in block
    assert "Finished job" not in block and "Elsewhere" not in block


def test_the_latest_report_of_the_community_is_shown(client, place):
    report("chuhuiv-2024", place=place, year=2024, period="year")
    report("chuhuiv-2025", place=place, year=2025, period="q1")
    report("chuhuiv-draft", place=place, year=2026, status="draft")
    report("malynivka-2026", place=community("malynivka"), year=2026)

    block = section(client.get("/en/communities/chuhuiv/"), "report")

    assert "Report chuhuiv-2025" in block
    assert "chuhuiv-2024" not in block and "draft" not in block
    assert "malynivka" not in block


def test_a_report_for_the_whole_raion_counts_as_the_communitys(client, place):
    report("chuhuiv-2024", place=place, year=2024, period="year")
    report("raion-2025", year=2025, period="q1")

    block = section(client.get("/en/communities/chuhuiv/"), "report")

    assert "Report raion-2025" in block


def test_hotline_figures_under_five_are_suppressed(client, place):
    for _ in range(3):
        complaint(community=place)

    block = section(client.get("/en/communities/chuhuiv/"), "hotline")

    assert "fewer than 5" in block
    assert ">3<" not in block.replace(" ", "")


def test_hotline_figures_are_suppressed_in_ukrainian_too(client, place):
    for _ in range(3):
        complaint(community=place)
    with translation.override("uk"):
        fewer = gettext("fewer than 5")

    block = section(client.get("/communities/chuhuiv/"), "hotline")

    assert fewer in block
    assert ">3<" not in block.replace(" ", "")


def test_hotline_figures_count_the_last_twelve_months(client, place):
    for _ in range(6):
        complaint(community=place, received_days_ago=30)
    for _ in range(4):
        complaint(community=place, received_days_ago=400)
    complaint(community=community("malynivka"))

    block = section(client.get("/en/communities/chuhuiv/"), "hotline")

    assert ">6<" in block.replace(" ", "")
    assert "fewer than 5" not in block


def test_the_trust_index_shows_when_a_trust_survey_is_published(client, place):
    trust_survey(place, trust=(4, 4, 4, 4, 4))

    block = section(client.get("/en/communities/chuhuiv/"), "trust")

    assert "Trust index 75.0 of 100 in wave 1" in block


def test_without_a_published_trust_survey_there_is_no_trust_block(client, place):
    page = client.get("/en/communities/chuhuiv/")

    assert 'id="community-trust"' not in page.text


def test_upcoming_events_of_the_community_and_the_raion_are_shown(client, place):
    soon = timezone.now() + timedelta(days=3)
    meeting("here", starts_at=soon, status="scheduled", place=place)
    meeting("raion", starts_at=soon, status="scheduled")
    meeting("there", starts_at=soon, status="scheduled", place=community("malynivka"))
    meeting("draft", starts_at=soon, status="draft", place=place)
    meeting("past", starts_at=timezone.now() - timedelta(days=3), place=place)

    block = section(client.get("/en/communities/chuhuiv/"), "events")

    assert "Meeting here" in block and "Meeting raion" in block
    assert "(whole raion)" in block
    for hidden in ["Meeting there", "Meeting draft", "Meeting past"]:
        assert hidden not in block


def test_active_formations_are_shown_without_contacts(client, place):
    formation(place, name_en="Chuhuiv Watch")
    formation(place, name_en="Retired Guard", is_active=False)

    block = section(client.get("/en/communities/chuhuiv/"), "formations")

    assert "Chuhuiv Watch" in block and "24 members" in block
    assert "Retired Guard" not in block
    assert "Контактенко" not in block and "varta@example.org" not in block
