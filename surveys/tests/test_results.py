"""Results are sealed until published, grouped in the database, small cells hidden."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from surveys import actions
from surveys.models import Response, Survey
from tests.factories import answers, community, question, survey

pytestmark = pytest.mark.django_db


def respond(client_factory, item, count, **overrides):
    from django.test import Client

    for _ in range(count):
        Client().post(f"/surveys/{item.slug}/", answers(item, **overrides))


def add_responses(item, count):
    """Responses straight into the database, as many as a test needs."""
    import random

    from surveys.demo import fake_responses

    questions = {q.code: q for q in item.questions.prefetch_related("options")}
    fake_responses(item, questions, count, random.Random(1), [community()])


def close(item):
    item.opens_at = timezone.now() - timedelta(days=30)
    item.closes_at = timezone.now() - timedelta(minutes=1)
    item.save()


@pytest.mark.parametrize("role", [None, "analyst", "operator"])
def test_results_of_an_open_survey_are_sealed_for_everyone(
    client, role_user, admin_user, role
):
    item = survey()
    respond(None, item, 6)
    if role:
        client.force_login(role_user(role))

    assert client.get(f"/surveys/{item.slug}/results/").status_code == 404


def test_even_a_superuser_sees_no_results_before_closing(client, admin_user):
    item = survey()
    client.force_login(admin_user)

    assert client.get(f"/surveys/{item.slug}/results/").status_code == 404


def test_after_closing_only_analysts_preview_until_published(client, role_user):
    item = survey()
    respond(None, item, 6)
    close(item)

    assert client.get(f"/surveys/{item.slug}/results/").status_code == 404
    client.force_login(role_user("analyst"))
    preview = client.get(f"/en/surveys/{item.slug}/results/")
    assert preview.status_code == 200
    assert "not published yet" in preview.text


def test_publishing_opens_the_results_to_everyone(client, role_user):
    item = survey()
    respond(None, item, 6)
    close(item)

    actions.publish_results(item, actor=role_user("analyst"))
    response = client.get(f"/en/surveys/{item.slug}/results/")

    assert response.status_code == 200
    assert "How much do you trust the police" in response.text
    assert "Trust index" in response.text


def test_an_open_survey_cannot_be_published(role_user):
    item = survey()

    with pytest.raises(actions.SurveyError):
        actions.publish_results(item, actor=role_user("analyst"))


def published(item):
    close(item)
    item.results_published_at = timezone.now()
    item.save()


def test_counts_and_shares_match_the_answers_and_small_cells_are_hidden(client):
    item = survey()
    respond(None, item, 6, trust_police="5")
    respond(None, item, 3, trust_police="1")
    published(item)

    results = client.get(f"/en/surveys/{item.slug}/results/").context["results"]

    trust = next(r for r in results if r["question"].code == "trust_police")
    rows = {row["label"]: row for row in trust["rows"]}
    assert rows["1"]["count"] is None  # 3 responses: suppressed
    # 9 answered: the 6 would give the 3 away, so it is hidden too.
    assert rows["5"]["count"] is None and rows["5"]["share"] is None
    assert rows["2"]["count"] == 0
    assert trust["answered"] == 9


def test_counts_that_give_no_small_one_away_are_shown_with_their_shares(client):
    item = survey()
    respond(None, item, 6, trust_police="5")
    respond(None, item, 7, trust_police="4")
    published(item)

    results = client.get(f"/en/surveys/{item.slug}/results/").context["results"]

    trust = next(r for r in results if r["question"].code == "trust_police")
    rows = {row["label"]: row for row in trust["rows"]}
    assert rows["5"]["count"] == 6
    assert rows["5"]["share"] == pytest.approx(46.2)
    assert rows["4"]["count"] == 7


def test_free_text_is_never_published(client):
    item = survey()
    text = item.questions.get(code="suggestion")
    from django.test import Client

    for _ in range(6):
        data = answers(item)
        data[text.field_name] = "Секретна думка мешканця"
        Client().post(f"/surveys/{item.slug}/", data)
    published(item)

    response = client.get(f"/en/surveys/{item.slug}/results/")

    assert "Секретна думка мешканця" not in response.text
    assert "Answers in free text are not published." in response.text


def test_filters_narrow_the_results_and_suppress_small_groups(client):
    item = survey()
    other = community("malynivka")
    respond(None, item, 6)
    respond(None, item, 2, community=str(other.pk))
    published(item)

    everyone = client.get(f"/en/surveys/{item.slug}/results/")
    few = client.get(f"/en/surveys/{item.slug}/results/?community={other.pk}")
    women = client.get(f"/en/surveys/{item.slug}/results/?gender=f")

    assert everyone.context["total"] == 8
    assert few.context["total"] == 2
    assert all(r["suppressed"] or r["free_text"] for r in few.context["results"])
    assert women.context["total"] == 8


def test_the_trust_index_compares_waves(client):
    first = survey(slug="wave-1")
    respond(None, first, 5, trust_police="5", trust_fair="5", trust_help="5")
    published(first)
    second = survey(slug="wave-2", wave=2, series=first.series)
    respond(None, second, 5, trust_police="1", trust_fair="1", trust_help="1")
    published(second)

    trust = client.get(f"/en/surveys/{second.slug}/results/").context["trust"]

    overall = {row["wave"]: row["index"] for row in trust if row["whole_raion"]}
    assert overall == {1: 100.0, 2: 0.0}


def test_the_results_page_query_count_does_not_grow_with_responses(client):
    item = survey()
    published(item)

    def queries() -> tuple[int, ...]:
        """Queries of the first visit (which counts the cells) and of a later one."""
        Survey.objects.filter(pk=item.pk).update(results_counted_at=None)
        counts = []
        for _ in range(2):
            with CaptureQueriesContext(connection) as captured:
                assert client.get(f"/surveys/{item.slug}/results/").status_code == 200
            counts.append(len(captured.captured_queries))
        return tuple(counts)

    add_responses(item, 5)
    small = queries()
    add_responses(item, 45)
    large = queries()

    assert small == large
    assert small[1] < small[0]
    assert Response.objects.count() == 50


def test_the_questionnaire_query_count_does_not_grow_with_responses(client):
    item = survey()

    def queries():
        from django.test import Client

        with CaptureQueriesContext(connection) as captured:
            assert Client().get(f"/surveys/{item.slug}/").status_code == 200
        return len(captured.captured_queries)

    cold, kept = queries(), queries()  # the blank questionnaire is kept after one
    respond(None, item, 20)
    cache.clear()

    assert (queries(), queries()) == (cold, kept)
    assert kept < cold


def test_the_kept_questionnaire_shows_a_new_question_at_once(
    client, django_capture_on_commit_callbacks
):
    from surveys.models import Question

    item = survey()
    assert "How many hours?" not in client.get(f"/en/surveys/{item.slug}/").text

    with django_capture_on_commit_callbacks(execute=True):
        Question.objects.create(
            survey=item,
            position=99,
            code="hours",
            type=Question.Type.NUMBER,
            text="Скільки годин?",
            text_en="How many hours?",
        )

    assert "How many hours?" in client.get(f"/en/surveys/{item.slug}/").text
    assert "Скільки годин?" in client.get(f"/surveys/{item.slug}/").text


def test_a_paper_questionnaire_keyed_in_after_closing_is_counted(client, role_user):
    item = survey()
    add_responses(item, 5)
    close(item)
    analyst = role_user("analyst")
    actions.publish_results(item, actor=analyst)
    assert client.get(f"/surveys/{item.slug}/results/").context["total"] == 5

    client.force_login(role_user("coordinator", username="volunteer"))
    client.post(f"/en/admin/surveys/survey/{item.pk}/paper/", answers(item))
    client.logout()

    assert client.get(f"/surveys/{item.slug}/results/").context["total"] == 6


def visited(client, path: str):
    """The results at `path` once the cells are counted and the page is kept."""
    client.get(path)
    return client.get(path)


def test_a_later_visit_shows_the_kept_results_from_one_query(client):
    item = survey()
    add_responses(item, 6)
    published(item)
    path = f"/en/surveys/{item.slug}/results/?gender=f"
    first = visited(client, path)

    with CaptureQueriesContext(connection) as captured:
        later = client.get(path)

    assert len(captured.captured_queries) == 1  # the survey
    assert later.content == first.content
    assert "How much do you trust the police" in later.text


@pytest.mark.parametrize(
    "query", ["?community=99999", "?community=0{pk}", "?gender=nobody"]
)
def test_results_of_filters_the_form_does_not_write_are_not_kept(client, query):
    item = survey()
    add_responses(item, 6)
    published(item)
    path = f"/en/surveys/{item.slug}/results/" + query.format(pk=community().pk)
    visited(client, path)

    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200

    assert len(captured.captured_queries) > 1  # counted afresh, not read back


def test_kept_results_show_a_renamed_community(
    client, django_capture_on_commit_callbacks
):
    item = survey()
    add_responses(item, 6)
    published(item)
    path = f"/en/surveys/{item.slug}/results/"
    visited(client, path)

    with django_capture_on_commit_callbacks(execute=True):
        place = community()
        place.name_en = "Renamed community"
        place.save()

    assert "Renamed community" in client.get(path).text


def test_kept_results_of_a_wave_show_the_next_wave_once_it_is_published(
    client, role_user, django_capture_on_commit_callbacks
):
    first = survey(slug="wave-1")
    respond(None, first, 5)
    published(first)
    path = f"/en/surveys/{first.slug}/results/"
    assert "Wave 2" not in visited(client, path).text
    second = survey(slug="wave-2", wave=2, series=first.series)
    respond(None, second, 5)
    close(second)

    with django_capture_on_commit_callbacks(execute=True):
        actions.publish_results(second, actor=role_user("analyst"))

    assert "Wave 2" in client.get(path).text


def test_a_late_paper_questionnaire_reaches_the_kept_trust_index_of_the_next_wave(
    client, role_user, django_capture_on_commit_callbacks
):
    first = survey(slug="wave-1")
    respond(None, first, 5, trust_police="5", trust_fair="5", trust_help="5")
    published(first)
    second = survey(slug="wave-2", wave=2, series=first.series)
    respond(None, second, 5)
    published(second)
    path = f"/en/surveys/{second.slug}/results/"
    visited(client, path)
    visitor = Client()
    visitor.force_login(role_user("coordinator", username="volunteer"))

    with django_capture_on_commit_callbacks(execute=True):
        visitor.post(
            f"/en/admin/surveys/survey/{first.pk}/paper/",
            answers(first, trust_police="1", trust_fair="1", trust_help="1"),
        )

    trust = client.get(path).context["trust"]
    overall = {row["wave"]: row["index"] for row in trust if row["whole_raion"]}
    assert overall[1] == pytest.approx(83.3)


def test_decimal_answers_to_a_number_question_are_counted_apart(client):
    item = survey()
    from surveys.models import Question

    Question.objects.create(
        survey=item,
        position=99,
        code="hours",
        type=Question.Type.NUMBER,
        text="Скільки годин?",
        text_en="How many hours?",
    )
    hours = question(item, "hours").field_name
    for value, count in [("2", 5), ("2.5", 5), ("10", 6)]:
        for _ in range(count):
            Client().post(f"/surveys/{item.slug}/", {**answers(item), hours: value})
    published(item)

    for prefix, labels in [("/en", ("2", "2.5", "10")), ("", ("2", "2,5", "10"))]:
        results = client.get(f"{prefix}/surveys/{item.slug}/results/").context[
            "results"
        ]
        rows = next(r for r in results if r["question"].code == "hours")["rows"]
        assert [(row["label"], row["count"]) for row in rows] == list(
            zip(labels, (5, 5, 6), strict=True)
        )


def test_a_nations_communities_show_the_most_answered_and_the_rest_together(client):
    import random

    from surveys.demo import fake_responses

    places = [community(f"c{number:02d}") for number in range(25)]
    item = survey(slug="national")
    questions = {q.code: q for q in item.questions.prefetch_related("options")}
    fake_responses(item, questions, 300, random.Random(4), places)
    published(item)

    page = client.get(f"/en/surveys/{item.slug}/results/")
    rows = next(
        result["rows"]
        for result in page.context["results"]
        if result["question"].type == "community"
    )

    assert len(rows) == 21
    assert rows[-1]["label"] == "Other communities"
    trust = page.context["trust"]
    assert trust and all(row["whole_raion"] for row in trust)
    assert "Choose a community above to see its index" in page.text
    chosen = client.get(
        f"/en/surveys/{item.slug}/results/?community={places[3].pk}"
    ).context["trust"]
    assert {row["community"] for row in chosen if not row["whole_raion"]} == {places[3]}
