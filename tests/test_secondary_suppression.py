"""A hidden count cannot be worked out from what is published beside it: the total
minus the shown counts of a breakdown, in the hotline's statistics (page, CSV and
JSON) and in survey results."""

import csv
import io
import random

import pytest

from portal.suppression import SUPPRESS_BELOW, hidden_cells, suppressed
from tests.factories import complaint

pytestmark = pytest.mark.django_db


def narrowest(counts: list[int], hidden: list[bool]) -> list[tuple[int, int]]:
    """What an attacker who knows the rules makes of each small hidden count: the
    least and the most it can be, given the published total and shown counts, and
    that a hidden count is either small (1 to 4) or at least 5, and knowing which."""
    left = sum(count for count, hide in zip(counts, hidden, strict=True) if hide)
    small = [i for i, count in enumerate(counts) if hidden[i] and suppressed(count)]
    large = [i for i, count in enumerate(counts) if hidden[i] and not suppressed(count)]
    bounds = []
    for _small in small:
        others_small = len(small) - 1
        least_others = others_small + SUPPRESS_BELOW * len(large)
        most_others = (SUPPRESS_BELOW - 1) * others_small + left * len(large)
        bounds.append(
            (max(1, left - most_others), min(SUPPRESS_BELOW - 1, left - least_others))
        )
    return bounds


def test_hiding_only_the_small_ones_gives_them_away():
    # The attacker works: with the total published, a lone hidden count is exact.
    counts = [6, 2, 12]
    only_small = [suppressed(count) for count in counts]

    assert narrowest(counts, only_small) == [(2, 2)]


@pytest.mark.parametrize("seed", range(40))
def test_no_small_count_can_be_narrowed_down(seed):
    rng = random.Random(seed)
    for _ in range(50):
        counts = [
            rng.choice([0, 1, 2, 3, 4, 5, 6, 7, rng.randint(5, 300)])
            for _ in range(rng.randint(2, 9))
        ]
        if sum(counts) < SUPPRESS_BELOW:
            continue  # the total itself is not published
        hidden = hidden_cells(counts)
        if sum(hidden) == len([c for c in counts if c]):
            continue  # everything hidden: only the total is known
        for least, most in narrowest(counts, hidden):
            assert (least, most) == (1, SUPPRESS_BELOW - 1), (counts, hidden)


def test_small_counts_stay_hidden_and_nones_shown():
    counts = [0, 3, 40, 60]

    assert hidden_cells(counts) == [False, True, True, False]


def kinds_published(records) -> dict:
    return {r["code"]: r["value"] for r in records if r["dimension"] == "kind"}


@pytest.fixture
def ten():
    """The hotline's ten messages: six complaints, two thanks, two suggestions."""
    for kind, many in [("complaint", 6), ("thanks", 2), ("suggestion", 2)]:
        for _ in range(many):
            complaint(kind=kind, category=None)


def test_the_statistics_give_no_hidden_count_away(client, ten):
    data = client.get("/hotline/stats.json").json()
    text = b"".join([client.get("/hotline/stats.csv").content]).decode()
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    page = client.get("/en/hotline/stats/").text

    total = next(r["value"] for r in data["records"] if r["code"] == "total")
    kinds = kinds_published(data["records"])
    assert total == 10
    # 10 - 6 would be the thanks and suggestions together: the 6 is hidden too.
    assert kinds == {
        "complaint": None,
        "thanks": None,
        "suggestion": None,
        "problem": 0,
    }
    csv_kinds = {r["code"]: r["value"] for r in rows if r["dimension"] == "kind"}
    assert csv_kinds == {
        "complaint": "",
        "thanks": "",
        "suggestion": "",
        "problem": "0",
    }
    assert ">6<" not in page and ">2<" not in page
    assert page.count("not shown") >= 3


def test_counts_that_give_nothing_away_are_still_published(client):
    for kind, many in [("complaint", 12), ("thanks", 7)]:
        for _ in range(many):
            complaint(kind=kind, category=None)

    kinds = kinds_published(client.get("/hotline/stats.json").json()["records"])

    assert kinds == {"complaint": 12, "thanks": 7, "suggestion": 0, "problem": 0}


def test_the_ukrainian_page_says_not_shown(client, ten):
    page = client.get("/hotline/stats/").text

    assert "не показано" in page
