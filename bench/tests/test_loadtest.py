"""The mixed load's own logic (bench.loadtest): the plan, the ramp, the percentiles
and the verdicts. The load itself runs in `make bench`, never in the test suite."""

import pytest

from bench.loadtest import (
    PAGE_P95_MS,
    SUBMISSION_P95_MS,
    BenchSubmission,
    build_plan,
    page_views,
    percentile,
    pick_users,
    ramp,
    rows_table,
    summarise,
    verdicts,
)
from bench.pages import BenchPage

PAGES = [
    BenchPage("home (uk)", "/"),
    BenchPage("healthz", "/healthz/"),
    BenchPage("community page (uncached)", "/communities/c/", headers=(("C", "s"),)),
    BenchPage("community page (cached)", "/communities/c/"),
    BenchPage("an article page (uncached)", "/news/a/", headers=(("C", "s"),)),
    BenchPage("hotline filing", "/hotline/new/", method="POST", body="x=1"),
    BenchPage("search, never asked before", "/search/?q=x", fresh=True),
]


def submission(label: str, **fields) -> BenchSubmission:
    return BenchSubmission(
        label, f"/{label}/", bodies=((("a", "1"),),), count=lambda: 0, **fields
    )


FORMS = [
    submission("survey answer", redirect_to="/survey answer/thanks/"),
    submission("hotline filing", page_marker="receipt"),
]


def test_page_views_read_each_public_path_once_as_an_anonymous_visitor():
    assert page_views(PAGES) == [
        ("home (uk)", "/"),
        ("community page", "/communities/c/"),
        ("an article page", "/news/a/"),
    ]


def test_the_plan_gives_page_views_answers_and_filings_their_shares():
    plan, kinds = build_plan(PAGES, FORMS, floor_path="/floor/", csrf_cookie="csrf")

    shares = {form["label"]: form["share"] for form in plan["forms"]}
    assert (plan["page_share"], shares) == (
        70,
        {"survey answer": 20, "hotline filing": 10},
    )
    assert plan["pages"] == [[label, path] for label, path in page_views(PAGES)]
    survey = plan["forms"][0]
    assert survey["bodies"] == [[["a", "1"]]]
    assert survey["redirect_to"] == "/survey answer/thanks/"
    assert (plan["floor_path"], plan["csrf_cookie"]) == ("/floor/", "csrf")
    limits = {kind.name: (kind.method, kind.p95_limit_ms) for kind in kinds}
    assert limits["home (uk)"] == ("GET", PAGE_P95_MS)
    assert limits["survey answer: form"] == ("GET", PAGE_P95_MS)
    assert limits["survey answer: sending"] == ("POST", SUBMISSION_P95_MS)
    assert limits["hotline filing: sending"] == ("POST", SUBMISSION_P95_MS)


def test_the_plan_refuses_a_mix_of_other_submissions_than_the_bench_has():
    with pytest.raises(ValueError, match="hotline filing"):
        build_plan(PAGES, FORMS[:1], floor_path="/floor/", csrf_cookie="csrf")


def test_percentiles_are_nearest_rank():
    ordered = [float(n) for n in range(1, 101)]

    assert percentile(ordered, 0.50) == 50
    assert percentile(ordered, 0.95) == 95
    assert percentile(ordered, 0.99) == 99
    assert percentile([7.0], 0.99) == 7
    assert percentile([], 0.5) == 0


def _records():
    _plan, kinds = build_plan(PAGES, FORMS, floor_path="/f/", csrf_cookie="c")
    records = [("home (uk)", float(ms), True) for ms in range(1, 101)]
    records += [("community page", 400.0, False)]
    records += [("hotline filing: sending", 120.0, True)] * 3
    return kinds, records


def test_summary_has_a_row_per_kind_one_for_all_page_views_and_one_for_all():
    kinds, records = _records()

    rows = {row.name: row for row in summarise(records, kinds, seconds=2.0)}

    home = rows["home (uk)"]
    assert (home.requests, home.per_second, home.p50, home.p95) == (100, 50, 50, 95)
    assert home.label == "home (uk) (GET /)"
    assert rows["community page"].errors == 1
    assert rows["an article page"].requests == 0
    assert rows["all page views"].requests == 101
    assert rows["all page views"].p99 == 100
    assert rows["all requests"].requests == 104
    assert rows["hotline filing: sending"].met is True


def test_table_marks_each_p95_against_its_target():
    kinds, records = _records()
    rows = summarise(records, kinds, seconds=2.0)

    table = rows_table(rows, users=4, seconds=2.0)

    assert table.startswith("| mixed load, 4 users, 2 s |")
    assert "| home (uk) (GET /) | 100 | 50.0 | 50 | 95 | 99 | 0 | < 300 met |" in table
    assert (
        "| community page (GET /communities/c/) | 1 | 0.5 | 400 | 400 | 400 | 1 "
        in (table)
    )
    assert "< 300 MISSED" in table


def test_verdicts_judge_ratio_errors_latency_and_what_was_stored():
    kinds, records = _records()
    rows = summarise(records, kinds, seconds=2.0)

    found = {
        label: (result, met)
        for label, result, _target, met in verdicts(
            rows,
            floor_rps=(200.0, 220.0),
            stored={"hotline filing": (3, 3), "survey answer": (1, 0)},
            broken_visits=2,
        )
    }

    ratio = found["mixed load: requests/s against the floor view under the same tool"]
    assert ratio == ("52 against 210 (200 before, 220 after), ratio 0.25", False)
    errors = found["mixed load: errors (failed requests and checks, broken visits)"]
    assert errors == ("1 + 2", False)
    assert found["mixed load: slowest p95 of pages"] == (
        "400 ms, community page (GET /communities/c/)",
        False,
    )
    assert found["mixed load: slowest p95 of submissions"][1] is True
    assert found["mixed load: hotline filings stored"][1] is True
    assert found["mixed load: survey answers stored"] == (
        "1 rows added, 0 answered as done",
        False,
    )
    never = found["mixed load: kinds of request never made"]
    assert "an article page" in never[0]
    assert never[1] is False


def test_ramp_stops_once_more_users_no_longer_raise_throughput():
    measured = {2: 100.0, 4: 190.0, 8: 200.0, 16: 203.0, 32: 150.0}
    asked = []

    def throughput(users: int) -> float:
        asked.append(users)
        return measured[users]

    steps = ramp(throughput)

    assert asked == [2, 4, 8, 16]
    assert pick_users(steps) == 8


def test_ramp_takes_its_first_steps_even_when_one_looks_like_a_fall():
    measured = {2: 100.0, 4: 90.0, 8: 150.0, 16: 152.0}

    steps = ramp(measured.__getitem__)

    assert [users for users, _rate in steps] == [2, 4, 8, 16]
    assert pick_users(steps) == 8


def test_the_fewest_users_within_reach_of_the_best_are_picked():
    assert pick_users([(1, 100.0), (2, 98.0)]) == 1
    assert pick_users([(1, 50.0), (2, 90.0), (4, 100.0)]) == 4
