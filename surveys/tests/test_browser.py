"""Surveys in a real browser: a resident answers on a phone, an analyst closes the
survey, publishes the results and downloads the CSV; and accessibility."""

import csv
import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import serious_violations
from surveys.models import Response
from tests.factories import community, log_in_in_browser, survey

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_resident_answers_with_a_branch_and_an_analyst_publishes_and_exports(
    live_server, browser, role_user
):
    community()
    item = survey(slug="trust")
    role_user("analyst")
    phone = browser.new_context(viewport={"width": 360, "height": 740}).new_page()

    phone.goto(f"{live_server.url}/en/surveys/trust/")

    def group(name):
        return phone.get_by_role("group", name=name)

    branch = group("How well were you listened to (0 to 10)?")
    expect(branch).to_be_hidden()
    group("How much do you trust the police in your community?").get_by_label(
        "4", exact=True
    ).check()
    group("The police treat people fairly.").get_by_label("5 — completely").check()
    group("If I turn to the police, they will help me.").get_by_label(
        "5 — completely"
    ).check()
    group("Did you contact the police in the last year?").get_by_label("Yes").check()
    expect(branch).to_be_visible()
    branch.get_by_label("8", exact=True).check()
    phone.get_by_role("button", name="Send my answers").click()
    expect(phone.locator("h1")).to_have_text("Thank you for your answers")
    assert Response.objects.count() == 1

    # The analyst closes the survey, publishes the results and exports them.
    office = browser.new_context(accept_downloads=True).new_page()
    log_in_in_browser(
        office, live_server.url, "analyst", "correct-horse-battery-staple"
    )
    office.goto(f"{live_server.url}/en/admin/surveys/survey/{item.pk}/change/")
    closing = timezone.localtime(timezone.now() - timedelta(minutes=1))
    office.fill("#id_closes_at_0", closing.strftime("%Y-%m-%d"))
    office.fill("#id_closes_at_1", closing.strftime("%H:%M:%S"))
    office.get_by_role("button", name="Save and continue editing").click()
    expect(office.locator(".messagelist")).to_contain_text("was changed successfully")
    office.get_by_role("link", name="Publish the results").click()
    office.get_by_role("button", name="Publish the results").click()
    expect(office.locator(".messagelist")).to_contain_text("The results are published.")
    office.get_by_role("link", name="Export responses").click()
    office.get_by_label("Format").select_option("csv")
    with office.expect_download() as download:
        office.get_by_role("button", name="Export").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 1
    assert rows[0]["contact_rating"] == "8"
    assert rows[0]["contacted"] == "yes"
    assert rows[0]["trust_police"] == "4"


@pytest.mark.parametrize(
    "path",
    [
        "/surveys/",
        "/en/surveys/",
        "/surveys/trust/",
        "/en/surveys/trust/",
        "/en/surveys/done/results/",
        "/surveys/done/results/",
    ],
)
def test_survey_pages_have_no_serious_accessibility_violations(
    live_server, axe_page, path
):
    import random

    from surveys.demo import fake_responses

    community()
    survey(slug="trust")
    done = survey(slug="done", state="closed", wave=2)
    done.results_published_at = timezone.now()
    done.save()
    questions = {q.code: q for q in done.questions.prefetch_related("options")}
    fake_responses(done, questions, 10, random.Random(2), [community()])

    axe_page.goto(live_server.url + path)

    assert serious_violations(axe_page) == []
