"""The back office in a real browser at a laptop's 1366 px: no page scrolls sideways,
and each role does its commonest task end to end (the other roles' journeys are in
the apps' own browser tests: a press officer publishes a report in accountability's,
an analyst publishes and exports in surveys', an operator answers a resident in the
hotline's)."""

import contextlib
from datetime import timedelta

import pytest
from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from playwright.sync_api import expect

from hotline.models import Complaint, Flag
from tests.factories import complaint, event, log_in_in_browser, registration
from tests.pages import STAFF_PAGES, fill, make_page_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LAPTOP = {"width": 1366, "height": 768}
PASSWORD = "a long passphrase for tests"
# What conftest's role_user gives every role.
ROLE_PASSWORD = "correct-horse-battery-staple"

# What scrolls sideways: the page itself, or a box of it (the admin puts a list's
# table in one that scrolls when the table is too wide for it). A list box of
# choices (the permissions of a group) scrolls its own long names inside its frame,
# as every browser draws one, and the page does not move: it is not counted.
SIDEWAYS = """() => {
  const wide = [];
  const page = document.documentElement;
  if (page.scrollWidth > page.clientWidth + 1) wide.push(`page ${page.scrollWidth}`);
  for (const box of document.querySelectorAll("body *:not(select)")) {
    const style = getComputedStyle(box);
    if (!["auto", "scroll"].includes(style.overflowX)) continue;
    if (box.scrollWidth > box.clientWidth + 1) {
      const name = `${box.tagName.toLowerCase()}.${box.className}`;
      wide.push(`${name} ${box.scrollWidth} > ${box.clientWidth}`);
    }
  }
  return wide;
}"""


def back_office_pages(ids: dict) -> list[str]:
    """Every model's list, its add page and the page of its first object, then the
    portal's own pages of tests/pages.py."""
    pages = []
    # In Ukrainian, the longer words, whatever language an earlier request left.
    translation.activate("uk")
    for model in admin.site._registry:
        info = model._meta.app_label, model._meta.model_name
        pages.append(reverse("admin:{}_{}_changelist".format(*info)))
        with contextlib.suppress(NoReverseMatch):
            pages.append(reverse("admin:{}_{}_add".format(*info)))
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            pages.append(reverse("admin:{}_{}_change".format(*info), args=[first.pk]))
    return pages + [path for path in fill(STAFF_PAGES, ids) if "{" not in path]


def test_no_back_office_page_scrolls_sideways_at_1366_px(
    live_server, browser, django_user_model
):
    ids = make_page_data()
    django_user_model.objects.create_superuser("root", "", PASSWORD)
    page = browser.new_page(viewport=LAPTOP)
    log_in_in_browser(page, live_server.url, "root", PASSWORD)

    wide = {}
    for path in back_office_pages(ids):
        response = page.goto(live_server.url + path)
        assert response is not None and response.status in {200, 403}, path
        if found := page.evaluate(SIDEWAYS):
            wide[path] = found
    for path in ["/en/admin/hotline/complaint/", "/en/admin/events/event/"]:
        page.goto(live_server.url + path)
        if found := page.evaluate(SIDEWAYS):
            wide[path] = found

    assert wide == {}, "\n".join(f"{path}: {found}" for path, found in wide.items())


def test_the_check_finds_a_table_too_wide_for_its_box(live_server, browser):
    page = browser.new_page(viewport=LAPTOP)
    page.set_content(
        '<div style="overflow-x:auto;width:300px"><table><tr>'
        + "<td style='white-space:nowrap'>широкий стовпець</td>" * 20
        + "</tr></table></div>"
    )

    assert len(page.evaluate(SIDEWAYS)) == 1


def test_an_operator_takes_on_the_overdue_and_keys_in_a_letter(
    live_server, browser, role_user, tmp_path, settings
):
    from django.core.files.storage import FileSystemStorage, storages

    private = storages["private"]
    assert isinstance(private, FileSystemStorage)
    private.location = private.base_location = str(tmp_path)
    overdue = [complaint(formal=True, received_days_ago=40)[0] for _ in range(2)]
    fresh, _ = complaint(formal=True)
    operator = role_user("operator")
    page = browser.new_page(viewport=LAPTOP)
    log_in_in_browser(page, live_server.url, "operator", ROLE_PASSWORD)

    page.goto(f"{live_server.url}/admin/hotline/complaint/")
    views = page.get_by_role("navigation", name="Вигляди черги")
    views.get_by_role("link", name="прострочені").click()
    expect(page.locator("#result_list tbody tr")).to_have_count(2)
    page.locator("#action-toggle").check()
    page.select_option("select[name=action]", "take_on")
    page.get_by_role("button", name="Виконати").click()
    expect(page.locator(".messagelist")).to_contain_text("Тепер ви ведете 2 звернення.")
    views.get_by_role("link", name="мої").click()
    expect(page.locator("#result_list tbody tr")).to_have_count(2)
    assert {
        c.assigned_to for c in Complaint.objects.filter(pk__in=[o.pk for o in overdue])
    } == {operator}
    assert Complaint.objects.get(pk=fresh.pk).assigned_to is None

    # A letter that came ten days ago, with its scan.
    received = timezone.localdate() - timedelta(days=10)
    page.goto(f"{live_server.url}/admin/hotline/complaint/add/")
    page.select_option("#id_kind", "complaint")
    page.fill("#id_occurred_on", (received - timedelta(days=2)).strftime("%d.%m.%Y"))
    page.select_option("#id_channel", "letter")
    page.fill("#id_received_on", received.strftime("%d.%m.%Y"))
    page.select_option("#id_path", "formal")
    page.select_option("#id_term", "month")
    page.fill("#id_description", "Лист про грубість дільничного офіцера.")
    page.fill("#id_full_name", "Олена Петренко")
    page.fill("#id_residence", "Чугуїв, вул. Миру, 1")
    page.fill("#id_phone", "+380 50 000 0001")
    page.set_input_files(
        "#id_scans",
        files=[
            {
                "name": "scan.pdf",
                "mimeType": "application/pdf",
                "buffer": b"%PDF-1.4\n%%EOF\n",
            }
        ],
    )
    page.get_by_role("button", name="Зберегти", exact=True).click()

    expect(page.locator(".messagelist")).to_contain_text("Передайте заявникові цей код")
    letter = Complaint.objects.get(channel="letter")
    assert timezone.localdate(letter.received_at) == received
    assert letter.due_on == Complaint.due_date(received, "month")
    page.goto(f"{live_server.url}/admin/hotline/complaint/{letter.pk}/change/")
    expect(page.locator(".complaint-files")).to_contain_text("Документ PDF")


def test_a_monitor_flags_a_disagreement_on_a_complaint(live_server, browser, role_user):
    item, _ = complaint(formal=True)
    monitor = role_user("monitor")
    page = browser.new_page(viewport=LAPTOP)
    log_in_in_browser(page, live_server.url, "monitor", ROLE_PASSWORD)

    page.goto(f"{live_server.url}/admin/hotline/complaint/{item.pk}/change/")
    page.get_by_role("link", name="Позначити розбіжність").click()
    page.fill("#id_reason", "Категорію обрано хибно: це бездіяльність.")
    page.get_by_role("button", name="Зберегти").click()

    expect(page.locator(".messagelist")).to_contain_text("Збережено.")
    expect(page.locator(".complaint-panels")).to_contain_text("Категорію обрано хибно")
    flag = Flag.objects.get(complaint=item)
    assert flag.raised_by == monitor


def test_a_coordinator_ticks_who_came_to_an_event(live_server, browser, role_user):
    meeting = event(days=0, capacity=5)
    came, missed = registration(meeting, 1), registration(meeting, 2)
    role_user("coordinator")
    page = browser.new_page(viewport=LAPTOP)
    log_in_in_browser(page, live_server.url, "coordinator", ROLE_PASSWORD)

    page.goto(f"{live_server.url}/admin/events/event/{meeting.pk}/checkin/")
    page.get_by_label("Person 1").check()
    page.get_by_role("button", name="Зберегти").click()

    expect(page.locator(".messagelist")).to_contain_text("Присутність збережено.")
    came.refresh_from_db()
    missed.refresh_from_db()
    assert (came.attended, missed.attended) == (True, False)
