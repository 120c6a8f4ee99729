"""The public pages of reports: who sees which report, what its body may contain, and
how the list is filtered."""

import re

import pytest

from tests.factories import community, report

pytestmark = pytest.mark.django_db


def body_of(page) -> str:
    """The rendered Markdown of the report, without the rest of the page."""
    start = page.text.index('aria-labelledby="report-title"')
    return page.text[start : page.text.index("</section>", start)]


@pytest.mark.parametrize("status", ["draft", "review"])
def test_an_unpublished_report_is_not_found_by_the_public(client, status):
    item = report(status=status)

    assert client.get(f"/accountability/reports/{item.slug}/").status_code == 404
    assert client.get(f"/en/accountability/reports/{item.slug}/").status_code == 404


@pytest.mark.parametrize("status", ["draft", "review"])
def test_an_unpublished_report_is_not_found_by_a_deputy(client, role_user, status):
    item = report(status=status)
    client.force_login(role_user("deputy"))

    assert client.get(f"/accountability/reports/{item.slug}/").status_code == 404


@pytest.mark.parametrize("role", ["press", "coordinator", "analyst"])
@pytest.mark.parametrize("status", ["draft", "review"])
def test_staff_who_read_reports_see_an_unpublished_one_as_a_preview(
    client, role_user, role, status
):
    item = report(status=status)
    client.force_login(role_user(role))

    page = client.get(f"/en/accountability/reports/{item.slug}/")

    assert page.status_code == 200
    assert "Preview for staff" in page.text


def test_an_unpublished_report_takes_no_questions(client):
    item = report(status="draft")

    response = client.post(
        f"/accountability/reports/{item.slug}/questions/",
        {"text": "Коли буде освітлення?"},
    )

    assert response.status_code == 404
    assert not item.questions.exists()


def test_script_tags_javascript_links_and_event_handlers_are_neutralised(client):
    item = report(
        body_en=(
            "Before <script>alert('script')</script> after.\n\n"
            "[click me](javascript:alert('link'))\n\n"
            '<img src="x" onerror="alert(\'img\')">\n\n'
            "<a href=\"javascript:alert('raw')\">raw link</a>\n\n"
            "[a fine link](https://example.org/)"
        )
    )

    body = body_of(client.get(f"/en/accountability/reports/{item.slug}/"))

    assert "<script" not in body
    assert "alert" not in body
    assert "javascript:" not in body
    assert "onerror" not in body and "<img" not in body
    assert "click me" in body and "raw link" in body
    assert 'href="https://example.org/"' in body


def test_markdown_headings_and_lists_are_kept_below_the_page_title(client):
    item = report(body_en="# Done\n\n- More patrols\n- New lights")

    body = body_of(client.get(f"/en/accountability/reports/{item.slug}/"))

    assert re.search(r"<h([2-6])>Done</h\1>", body)
    assert "<h1" not in body
    assert "<li>More patrols</li>" in body


def test_hotline_counts_under_five_are_not_shown_on_a_report(client):
    item = report(complaints_received=3, complaints_answered=12)

    page = client.get(f"/en/accountability/reports/{item.slug}/").text

    assert "fewer than 5" in page
    assert ">3<" not in page.replace(" ", "")
    assert ">12<" in page.replace(" ", "")


def shown(client, query: str) -> set[str]:
    page = client.get(f"/en/accountability/reports/?{query}")
    assert page.status_code == 200
    return {item.slug for item in page.context["page"]}


@pytest.fixture
def reports():
    chuhuiv, malynivka = community("chuhuiv"), community("malynivka")
    report("chuhuiv-2025-q1", place=chuhuiv)
    report("malynivka-2025-q1", place=malynivka)
    report("raion-2024-year", year=2024, period="year")
    report("chuhuiv-2024-h2", place=chuhuiv, year=2024, period="h2")
    report("chuhuiv-draft", place=chuhuiv, status="draft")
    report("chuhuiv-withdrawn", place=chuhuiv, status="withdrawn")
    return chuhuiv


def test_the_list_shows_only_published_reports(client, reports):
    assert shown(client, "") == {
        "chuhuiv-2025-q1",
        "malynivka-2025-q1",
        "raion-2024-year",
        "chuhuiv-2024-h2",
    }


def test_filtering_by_community_includes_the_reports_for_the_whole_raion(
    client, reports
):
    assert shown(client, f"community={reports.pk}") == {
        "chuhuiv-2025-q1",
        "raion-2024-year",
        "chuhuiv-2024-h2",
    }


def test_filtering_by_period_and_year(client, reports):
    assert shown(client, "period=h2") == {"chuhuiv-2024-h2"}
    assert shown(client, "year=2024") == {"raion-2024-year", "chuhuiv-2024-h2"}
    assert shown(client, f"community={reports.pk}&year=2025&period=q1") == {
        "chuhuiv-2025-q1"
    }


@pytest.mark.parametrize(
    "query",
    [
        "year=abc",
        "year=99999",
        "year=NaN",
        "year=1e400",
        "year=-1",
        "community=abc",
        "community=999999",
        "period=q9",
        "page=abc",
        "page=999",
    ],
)
def test_a_bad_filter_value_gives_a_page_and_no_server_error(client, reports, query):
    page = client.get(f"/en/accountability/reports/?{query}")

    assert page.status_code == 200
