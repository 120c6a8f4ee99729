"""/search/: one search over articles, reports, priorities, events and surveys, of
published things only, grouped by kind and paged within a kind."""

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from django.utils.html import escape

from events.models import Event
from news.models import Article
from portal import search
from portal.search import Query, fold, search_kinds, stem
from surveys.models import Survey
from tests.factories import article, priority, report

pytestmark = pytest.mark.django_db


def event(slug, title, *, status="scheduled"):
    starts = timezone.now() + timedelta(days=3)
    return Event.objects.create(
        slug=slug,
        kind="school_lecture",
        title=title,
        description="Опис",
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        status=status,
    )


def survey(slug, title, *, opens_days_ago=1, closes_in_days=5, published=False):
    now = timezone.now()
    return Survey.objects.create(
        slug=slug,
        title=title,
        opens_at=now - timedelta(days=opens_days_ago),
        closes_at=now + timedelta(days=closes_in_days),
        results_published_at=now if published else None,
    )


@pytest.fixture
def everything():
    """One published thing of each kind about fraud, and hidden ones; in Ukrainian
    only, as most of what the portal publishes."""
    articles: list[tuple[str, str, dict[str, Any]]] = [
        ("fraud-news", "Поліція закрила кол-центр шахрайства", {"kind": "news"}),
        ("fraud-guide", "Шахрайство телефоном: що робити", {}),
        ("fraud-draft", "Шахрайство: чернетка", {"status": "draft"}),
        ("fraud-later", "Шахрайство: завтра", {"days_ago": -1}),
    ]
    for slug, title, fields in articles:
        article(slug, title=title, title_en="", **fields)
    report("fraud-report", title="Звіт про протидію шахрайству", title_en="")
    report(
        "fraud-report-draft",
        title="Шахрайство: чорновий звіт",
        title_en="",
        status="draft",
    )
    priority(issue="Шахрайство щодо літніх людей", issue_en="")
    event("fraud-lecture", "Лекція про шахрайство для пенсіонерів")
    event("fraud-draft-event", "Шахрайство: подія-чернетка", status="draft")
    survey("fraud-survey", "Опитування: чи дзвонили вам шахраї")
    survey("fraud-future", "Шахраї: майбутнє опитування", opens_days_ago=-3)


def test_one_search_finds_every_kind_and_only_what_is_published(client, everything):
    page = client.get("/en/search/?q=шахрайство").text

    for title in [
        "Поліція закрила кол-центр шахрайства",
        "Шахрайство телефоном: що робити",
        "Звіт про протидію шахрайству",
        "Шахрайство щодо літніх людей",
        "Лекція про шахрайство для пенсіонерів",
    ]:
        assert title in page
    for hidden in ["чернетка", "завтра", "чорновий", "подія-чернетка", "майбутнє"]:
        assert hidden not in page


def test_results_are_grouped_by_kind(client, everything):
    page = client.get("/en/search/?q=шахраї").text

    headings = [
        'id="results-news"',
        'id="results-prevention"',
        'id="results-reports"',
        'id="results-priorities"',
        'id="results-events"',
        'id="results-surveys"',
    ]
    positions = [page.index(heading) for heading in headings]
    assert positions == sorted(positions)
    survey_group = page[page.index('id="results-surveys"') :]
    assert "Опитування: чи дзвонили вам шахраї" in survey_group


def test_a_word_is_found_whatever_its_ending(client):
    article("guide", title="Як не стати жертвою шахрайства")

    for query in ["шахрайство", "Шахрайству", "ШАХРАЙСТВОМ", "шахрайств"]:
        assert "жертвою шахрайства" in client.get(f"/search/?q={query}").text, query


def test_every_word_must_match(client):
    article("phone", title="Шахрайство телефоном")
    article("internet", title="Шахрайство в інтернеті", body="Посилання.", body_en="")

    page = client.get("/search/?q=шахрайство телефон").text

    assert "Шахрайство телефоном" in page
    assert "Шахрайство в інтернеті" not in page


def test_english_text_is_searched_too(client):
    article("guide", title_en="How to spot phone fraud")

    page = client.get("/en/search/?q=frauds").text

    assert "How to spot phone fraud" in page


def test_a_group_shows_five_and_links_to_all_of_its_results(client):
    for n in range(7):
        article(
            f"guide-{n}", title=f"Шахрайство, випуск {n}", title_en="", days_ago=n + 1
        )

    page = client.get("/en/search/?q=шахрайство").text

    assert page.count("Шахрайство, випуск") == 5
    assert "Шахрайство, випуск 0" in page and "Шахрайство, випуск 5" not in page
    assert "All 7 results: Prevention guides" in page
    assert (
        'href="?q=%D1%88%D0%B0%D1%85%D1%80%D0%B0%D0%B9%D1%81%D1%82%D0%B2%D0%BE&amp;kind=prevention"'
        in page
    )


def test_one_kind_is_paged_keeping_the_query(client):
    for n in range(23):
        article(
            f"guide-{n}", title=f"Шахрайство, випуск {n}", title_en="", days_ago=n + 1
        )

    first = client.get("/en/search/?q=шахрайство&kind=prevention").text
    second = client.get("/en/search/?q=шахрайство&kind=prevention&page=2").text

    assert "23 results" in first and "Page 1 of 2" in first
    assert "kind=prevention&amp;page=2" in first
    assert second.count("Шахрайство, випуск") == 3


def test_nothing_found_says_so(client, everything):
    page = client.get("/en/search/?q=кавун").text

    assert "Nothing was found." in page


@pytest.mark.parametrize(
    "query", ["", "   ", "!!!", "&|:*()'", "a" * 5000, "шахрай:* | !x"]
)
def test_odd_queries_give_a_page_and_no_error(client, everything, query):
    response = client.get("/search/", {"q": query, "kind": "nonsense", "page": "x"})

    assert response.status_code == 200


def test_search_pages_are_kept_out_of_search_engines(client):
    page = client.get("/search/?q=звіт").text

    assert '<meta name="robots" content="noindex">' in page


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("шахрайство", "шахрайств"),
        ("шахрайства", "шахрайств"),
        ("телефоном", "телефон"),
        ("безпеки", "безпек"),
        ("дітей", "діте"),
        ("мін", "мін"),
        ("mines", "mine"),
        ("fraud", "fraud"),
    ],
)
def test_a_common_ending_is_trimmed_when_enough_is_left(word, expected):
    assert stem(word) == expected


def test_a_query_keeps_letters_and_digits_only():
    query = Query.parse("  Шахрайство:* & 102!  (телефон) м’ясо ")

    assert query.stems == ("шахрайств", "102", "телефон", "мясо")
    assert query.text == "Шахрайство:* & 102! (телефон) м’ясо"


def test_the_same_search_again_is_answered_from_the_kept_results(
    client, everything, django_assert_num_queries
):
    first = client.get("/search/", {"q": "шахрайство"}).text

    with django_assert_num_queries(0):
        again = client.get("/search/", {"q": "шахрайство"}).text

    assert again == first


def test_a_newly_published_article_is_found_at_once(
    client, everything, django_capture_on_commit_callbacks
):
    client.get("/search/", {"q": "шахрайство"})

    with django_capture_on_commit_callbacks(execute=True):
        article("fraud-new", title="Шахрайство з посилками", title_en="")

    assert "Шахрайство з посилками" in client.get("/search/", {"q": "шахрайство"}).text


def test_a_withdrawn_report_leaves_the_kept_results_at_once(
    client, everything, django_capture_on_commit_callbacks
):
    from accountability.models import Report

    assert "Звіт про протидію шахрайству" in client.get("/search/?q=шахрайство").text

    with django_capture_on_commit_callbacks(execute=True):
        found = Report.objects.get(slug="fraud-report")
        found.status = Report.Status.WITHDRAWN
        found.save()

    assert (
        "Звіт про протидію шахрайству" not in client.get("/search/?q=шахрайство").text
    )


def test_each_language_and_kind_keeps_its_own_results(client, everything):
    client.get("/search/", {"q": "шахрайство"})

    english = client.get("/en/search/", {"q": "шахрайство"}).text
    reports = client.get("/search/", {"q": "шахрайство", "kind": "reports"}).text

    assert "Accountability reports" in english
    assert "Результати всіх розділів" in reports


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("мʼясо", "Мʼясо і ковбаса з рук: ризики"),
        ("м'ясо", "М’ясо і ковбаса з рук: ризики"),
        ("м’ясо", "М'ясо і ковбаса з рук: ризики"),
        ("безпека", "Безпе́ка на воді"),
        ("cafe", "Café safety"),
        ("CAFÉ", "Cafe safety"),
    ],
)
def test_stress_marks_apostrophes_and_accents_do_not_matter(client, typed, written):
    article("folded", title=written, title_en="")
    article("other", title="Дорожній рух", title_en="")

    page = client.get("/search/", {"q": typed}).text

    assert escape(written) in page
    assert "Дорожній рух" not in page


def test_folding_keeps_the_letters_the_words_are_made_of():
    assert fold("Ґанок, їжак, єнот, йод, щука") == "Ґанок, їжак, єнот, йод, щука"
    assert fold("п'ять п’ять пʼять") == "пять пять пять"
    assert fold("Ёлка") == "Елка"


def guides(count: int) -> None:
    """`count` published prevention guides about fraud, newest first by number."""
    first = article("guide-0", title="Шахрайство, випуск 0", title_en="")
    Article.objects.bulk_create(
        Article(
            slug=f"guide-{n}",
            kind="prevention",
            status="published",
            topic=first.topic,
            title=f"Шахрайство, випуск {n}",
            lead="Коротко.",
            body="Покладіть слухавку.",
            published_at=first.published_at - timedelta(hours=n),
        )
        for n in range(1, count)
    )


def test_a_group_of_more_than_a_hundred_says_so_without_counting_them_all(client):
    guides(140)

    page = client.get("/en/search/?q=шахрайство").text
    uk = client.get("/search/?q=шахрайство").text

    assert "more than 100" in page and "140" not in page
    assert "The newest 100 results: Prevention guides" in page
    assert "понад 100" in uk
    assert "Найновіші 100 результатів: Поради з профілактики" in uk


@pytest.mark.parametrize("dense", [1000, 120])
def test_one_kind_pages_through_the_newest_hundred_only(client, monkeypatch, dense):
    # 140 matches read by their keys, or (past DENSE) the newest rows read in order.
    monkeypatch.setattr(search, "DENSE", dense)
    guides(140)

    first = client.get("/en/search/?q=шахрайство&kind=prevention").text
    last = client.get("/en/search/?q=шахрайство&kind=prevention&page=9").text

    assert "More than 100 results: the newest 100 are shown." in first
    assert "Page 1 of 5" in first
    assert "Page 5 of 5" in last
    assert "Шахрайство, випуск 99<" in last and "Шахрайство, випуск 100<" not in last
    uk = client.get("/search/?q=шахрайство&kind=prevention").text
    assert "Понад 100 результатів: показано найновіші 100." in uk


def test_exactly_a_hundred_are_all_counted(client):
    guides(100)

    page = client.get("/en/search/?q=шахрайство").text

    assert "All 100 results: Prevention guides" in page
    assert "more than" not in page


@pytest.mark.parametrize("size", [7, 140])
def test_the_overview_costs_the_same_queries_whatever_is_found(
    client, size, django_assert_num_queries
):
    guides(size)
    kinds = len(search_kinds())

    # Each kind: its first five; a kind that fills them is counted (up to 101).
    with django_assert_num_queries(kinds + 1):
        client.get("/en/search/?q=шахрайство")
