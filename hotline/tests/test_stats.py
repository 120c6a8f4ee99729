"""Public statistics: grouped figures, small cells suppressed, open data, caching."""

import csv
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hotline import actions, stats
from tests.factories import category, community, complaint

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(role_user):
    return role_user("operator")


def test_counts_below_five_are_suppressed_everywhere(client):
    for _ in range(4):
        complaint(kind="thanks", category=None)
    for _ in range(6):
        complaint(kind="complaint")

    page = client.get("/en/hotline/stats/")
    records = client.get("/hotline/stats.json").json()["records"]

    kinds = {r["code"]: r for r in records if r["dimension"] == "kind"}
    assert kinds["thanks"] == kinds["thanks"] | {"value": None, "suppressed": True}
    # The total (10) minus the 6 would give the 4 away: the 6 is hidden with it.
    assert kinds["complaint"] == kinds["complaint"] | {
        "value": None,
        "suppressed": True,
    }
    assert kinds["suggestion"]["value"] == 0
    assert "not shown" in page.text
    assert ">4<" not in page.text and ">6<" not in page.text


def test_figures_match_what_the_database_holds(operator):
    chuhuiv = community("chuhuiv")
    for _ in range(5):
        item, _ = complaint(formal=True, community=chuhuiv, received_days_ago=3)
        actions.change_status(
            item, new_status="resolved", actor=operator, public_text="Відповідь."
        )
        actions.rate_answer(item, satisfaction=4, comment="")
    complaint(formal=True, received_days_ago=40, community=community("malynivka"))

    figures = stats.compute()

    assert figures["total"] == 6
    assert figures["formal_closed"] == 5
    assert figures["answered_in_time"] == 5
    assert figures["answered_in_time_share"] == 100.0
    assert figures["average_satisfaction"] == 4.0
    assert figures["median_days_to_first_reply"] == pytest.approx(3.0, abs=0.1)
    chuhuiv_row = next(r for r in figures["by_community"] if r["code"] == "chuhuiv")
    assert chuhuiv_row["count"] == 5
    assert sum(month["received"] for month in figures["by_month"]) == 6


def test_figures_from_fewer_than_five_cases_are_not_published(operator):
    item, _ = complaint(formal=True)
    actions.change_status(item, new_status="resolved", actor=operator, public_text="ok")
    actions.rate_answer(item, satisfaction=1, comment="")

    figures = stats.compute()

    assert figures["average_satisfaction"] is None
    assert figures["answered_in_time_share"] is None
    assert figures["median_days_to_first_reply"] is None


def test_the_csv_and_json_parse_and_agree(client):
    for _ in range(7):
        complaint(category=category("corruption"))

    response = client.get("/hotline/stats.csv")
    text = response.content.decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    records = json.loads(client.get("/hotline/stats.json").content)["records"]

    assert text.startswith("\ufeff")
    assert response["Content-Type"].startswith("text/csv")
    corruption = next(r for r in rows if r["code"] == "corruption")
    assert corruption["value"] == "7"
    assert corruption["label_uk"] and corruption["label_en"]
    assert len(rows) == len(records)
    assert {r["dimension"] for r in records} == {
        "kind",
        "category",
        "community",
        "month",
        "figure",
    }


def test_the_figures_are_cached_and_dropped_when_a_complaint_changes(
    client, operator, django_capture_on_commit_callbacks
):
    for _ in range(5):
        complaint()
    client.get("/hotline/stats/")

    with CaptureQueriesContext(connection) as cached:
        client.get("/hotline/stats/")
    item, _receipt = complaint()
    with django_capture_on_commit_callbacks(execute=True):
        actions.change_status(item, new_status="triage", actor=operator)
    after = client.get("/hotline/stats.json").json()["records"]

    assert len(cached.captured_queries) == 0
    total = next(r for r in after if r["code"] == "total")
    assert total["value"] == 6


def test_the_stats_page_query_count_does_not_grow_with_complaints(client):
    from django.core.cache import cache

    def queries() -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/hotline/stats/").status_code == 200
        return len(captured.captured_queries)

    for _ in range(3):
        complaint()
    small = queries()
    for number in range(40):
        complaint(formal=number % 2 == 0, received_days_ago=number * 9)
    large = queries()

    assert small == large


def test_stats_page_renders_in_both_languages(client):
    for _ in range(5):
        complaint()

    assert "Статистика гарячої лінії" in client.get("/hotline/stats/").text
    assert "Hotline statistics" in client.get("/en/hotline/stats/").text
