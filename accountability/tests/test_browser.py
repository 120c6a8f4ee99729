"""Accountability in a real browser: a press officer composes a report with the
portal's own figures pre-filled and publishes it; a deputy finds it from the
community page and follows the community; and accessibility."""

import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from accountability.models import Follow, Formation, Priority, Report
from conftest import serious_violations
from events.models import Registration
from tests.factories import community, complaint, event, log_in_in_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_press_officer_publishes_a_report_that_a_deputy_finds_and_follows(
    live_server, browser, role_user
):
    chuhuiv = community("chuhuiv")
    for days in range(6):
        complaint(received_days_ago=days, community=chuhuiv)
    held = event("round-table", days=-10, status="completed", community=chuhuiv)
    for name in ["Ivan", "Olha", "Petro"]:
        Registration.objects.create(
            event=held,
            name=name,
            affiliation="resident",
            status="confirmed",
            attended=True,
        )
    role_user("press")
    year = timezone.localdate().year

    office = browser.new_context().new_page()
    log_in_in_browser(office, live_server.url, "press", "correct-horse-battery-staple")

    # The composer asks what the report covers, then pre-fills the portal's figures.
    office.goto(live_server.url + "/en/admin/accountability/report/add/")
    # The community is searched as one types (a nation has 1,500 of them).
    office.locator(".select2-selection").first.click()
    office.locator(".select2-search__field").fill("chuhuiv")
    office.locator(".select2-results__option", has_text="chuhuiv").click()
    office.get_by_label("Year").fill(str(year))
    office.get_by_label("Period").select_option("year")
    office.get_by_role("button", name="Continue").click()
    expect(office.locator("#id_complaints_received")).to_have_value("6")
    expect(office.locator("#id_events_held")).to_have_value("1")
    expect(office.locator("#id_event_attendance")).to_have_value("3")

    office.locator("#id_title").fill("Звіт поліції Чугуєва")
    office.locator("#id_title_en").fill("Chuhuiv police report")
    office.locator("#id_title_en").press("Tab")
    # The address name follows the English title, as the admin fills it in.
    expect(office.locator("#id_slug")).to_have_value("chuhuiv-police-report")
    office.locator("#id_summary").fill("Що зроблено за рік.")
    office.locator("#id_summary_en").fill("What was done in the year.")
    office.locator("#id_body").fill("## Патрулі\n\nБільше патрулів біля шкіл.")
    office.locator("#id_registered_crimes").fill("120")
    office.locator("input[name=_continue]").click()
    expect(office.locator(".messagelist")).to_contain_text("was added successfully")

    # Until it is published, the public does not see it.
    report = Report.objects.get(slug="chuhuiv-police-report")
    assert report.complaints_received == 6
    resident = browser.new_context().new_page()
    missing = resident.goto(
        f"{live_server.url}/en/accountability/reports/chuhuiv-police-report/"
    )
    assert missing.status == 404

    office.get_by_role("link", name="Change the status").click()
    office.get_by_label("New status").select_option("published")
    office.get_by_role("button", name="Save").click()
    expect(office.locator(".messagelist")).to_contain_text("The status was changed.")

    # A deputy opens the community page, finds the report, and follows the community.
    deputy = browser.new_context().new_page()
    deputy.goto(f"{live_server.url}/en/communities/chuhuiv/")
    deputy.get_by_role("link", name="Chuhuiv police report").click()
    expect(deputy.get_by_role("heading", level=1)).to_have_text("Chuhuiv police report")
    expect(deputy.locator(".report-figures")).to_contain_text("120")
    deputy.go_back()
    deputy.get_by_role("link", name="Follow this community by e-mail").click()
    deputy.get_by_label("Your e-mail").fill("deputy@example.org")
    deputy.get_by_role("button", name="Follow").click()
    expect(deputy.get_by_role("heading", level=1)).to_have_text("Check your e-mail")

    confirmation = next(m for m in mail.outbox if m.to == ["deputy@example.org"])
    found = re.search(r"https?://\S+/following/\S+/", str(confirmation.body))
    assert found is not None
    link = found.group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    deputy.goto(f"{live_server.url}/{path}")
    deputy.get_by_role("button", name="Confirm").click()
    expect(deputy.get_by_role("heading", level=1)).to_have_text("You are following")
    follow = Follow.objects.get()
    assert follow.community == chuhuiv
    assert follow.confirmed_at is not None


def test_a_resident_supports_a_priority_once(live_server, page):
    priority = Priority.objects.create(
        community=community("chuhuiv"),
        issue="Темні вулиці",
        issue_en="Unlit streets",
        action="Освітлення",
        action_en="Lighting",
        source="survey",
        status="active",
    )

    page.goto(f"{live_server.url}/en/accountability/priorities/{priority.pk}/")
    page.get_by_role("button", name="I support this priority").click()
    expect(page.locator(".alert")).to_contain_text("your support was counted")
    expect(page.get_by_text("You support this priority.")).to_be_visible()
    expect(page.get_by_role("button", name="I support this priority")).to_have_count(0)
    priority.refresh_from_db()
    assert priority.support_count == 1


@pytest.mark.parametrize(
    "path",
    [
        "/communities/chuhuiv/",
        "/en/accountability/reports/",
        "/accountability/reports/published/",
        "/en/accountability/priorities/",
        "/accountability/priorities/{priority}/",
        "/en/accountability/formations/",
        "/accountability/opendata/",
        "/en/accountability/follow/community/chuhuiv/",
    ],
)
def test_accountability_pages_have_no_serious_accessibility_violations(
    live_server, axe_page, path
):
    chuhuiv = community("chuhuiv")
    Report.objects.create(
        title="Звіт",
        title_en="Report",
        slug="published",
        community=chuhuiv,
        year=2025,
        period="h1",
        summary="Коротко.",
        body="## Зроблено\n\n- патрулі",
        status="published",
        published_at=timezone.now(),
    )
    priority = Priority.objects.create(
        community=chuhuiv, issue="Темні вулиці", action="Освітлення", source="survey"
    )
    Formation.objects.create(community=chuhuiv, name="Варта", activity="Патрулі")

    axe_page.goto(live_server.url + path.format(priority=priority.pk))

    assert serious_violations(axe_page) == []
