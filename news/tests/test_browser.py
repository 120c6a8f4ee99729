"""News in a real browser: a reader finds a prevention guide through the search and
comments on it; the comment, HTML and script included, is shown as typed once a
coordinator approves it, and nothing runs. And accessibility."""

import pytest
from playwright.sync_api import expect

from conftest import serious_violations
from news.models import Comment
from tests.factories import article, comment, log_in_in_browser, report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HOSTILE = "<b>hello</b><script>alert(1)</script>"


def test_a_reader_finds_a_guide_comments_and_sees_it_escaped_after_approval(
    live_server, browser, role_user
):
    guide = article(
        "phone-fraud",
        title="Шахрайство телефоном: як розпізнати",
        title_en="Phone fraud: how to recognise it",
    )
    article("roads", title="Безпека на дорогах", title_en="Road safety")
    role_user("coordinator")

    reader = browser.new_context().new_page()
    dialogs = []

    def note_and_dismiss(dialog):
        dialogs.append(dialog.message)
        dialog.dismiss()

    reader.on("dialog", note_and_dismiss)
    reader.goto(live_server.url + "/en/")
    reader.get_by_role("navigation", name="Main navigation").get_by_role(
        "link", name="Search"
    ).click()
    reader.get_by_label("Words to look for").fill("шахрайства")
    reader.get_by_role("button", name="Search").click()
    expect(reader.locator("#results-prevention")).to_contain_text("Prevention guides")
    expect(reader.get_by_role("link", name="Road safety")).to_have_count(0)
    reader.get_by_role("link", name="Phone fraud: how to recognise it").click()
    expect(reader.get_by_role("heading", level=1)).to_have_text(
        "Phone fraud: how to recognise it"
    )

    reader.get_by_label("Your name").fill("Reader")
    reader.get_by_label("Your comment").fill(HOSTILE)
    reader.get_by_role("button", name="Send the comment").click()
    expect(reader.locator(".alert")).to_contain_text(
        "will appear once a moderator has approved it"
    )
    expect(reader.locator(".comment")).to_have_count(0)

    office = browser.new_context().new_page()
    log_in_in_browser(
        office, live_server.url, "coordinator", "correct-horse-battery-staple"
    )
    office.goto(live_server.url + "/en/admin/news/comment/?status__exact=pending")
    office.locator("input[name=_selected_action]").first.check()
    office.locator("select[name=action]").select_option("approve")
    office.get_by_role("button", name="Run").click()
    expect(office.locator(".messagelist")).to_contain_text("1 comment moderated.")
    assert Comment.objects.get().status == "approved"

    reader.goto(f"{live_server.url}/en/prevention/{guide.slug}/")
    text = reader.locator(".comment-text")
    expect(text).to_have_text(HOSTILE)
    expect(reader.locator(".comment b, .comment script")).to_have_count(0)
    reader.wait_for_timeout(300)
    assert dialogs == []


@pytest.mark.parametrize(
    "path",
    [
        "/en/news/",
        "/prevention/?topic=phone-fraud",
        "/en/prevention/{guide}/",
        "/news/{news}/",
        "/en/search/?q=шахрайство",
        "/search/?q=шахрайство&kind=prevention",
        "/en/accountability/reports/{report}/",
    ],
)
def test_news_pages_have_no_serious_accessibility_violations(
    live_server, axe_page, path
):
    guide = article("phone-fraud", title="Шахрайство телефоном")
    news = article("open-day", kind="news", title="День відкритих дверей")
    published = report("published")
    for page in (guide, published):
        comment(page, "Корисно, дякую!")

    axe_page.goto(
        live_server.url
        + path.format(guide=guide.slug, news=news.slug, report=published.slug)
    )

    assert serious_violations(axe_page) == []
