"""The pages every cross-cutting test visits (headers, hosts, languages, validity).

Each feature app adds its pages here as it lands, so that the portal-wide rules are
checked on every page. `{complaint}` stands for the id of a complaint that
`make_page_data` creates.
"""

PUBLIC_PAGES = [
    "/",
    "/en/",
    "/admin/login/",
    "/en/admin/login/",
    "/no-such-page/",
    "/en/no-such-page/",
    "/communities/",
    "/en/communities/?q=a",
    "/hotline/",
    "/en/hotline/",
    "/hotline/new/",
    "/en/hotline/new/",
    "/hotline/track/",
    "/hotline/stats/",
    "/en/hotline/stats/",
    "/surveys/",
    "/en/surveys/",
    "/surveys/{survey}/",
    "/en/surveys/{survey}/",
    "/surveys/{survey}/print/",
    "/en/surveys/{published}/results/",
    "/surveys/{published}/results/?community=&gender=f",
    "/surveys/{published}/",
    "/events/",
    "/en/events/",
    "/events/archive/",
    "/en/events/month/",
    "/events/{event}/",
    "/en/events/{event}/",
    "/events/{postponed}/",
    "/en/events/registration/{token}/",
    "/events/request/",
    "/en/events/request/",
    "/en/events/{done}/",
    "/en/events/registration/{done_token}/certificate/",
    "/communities/c/",
    "/en/communities/c/",
    "/accountability/reports/",
    "/en/accountability/reports/?year=2025&period=h1",
    "/accountability/reports/{report}/",
    "/en/accountability/reports/{report}/",
    "/accountability/priorities/",
    "/en/accountability/priorities/?status=active",
    "/accountability/priorities/{priority}/",
    "/en/accountability/priorities/{priority}/",
    "/accountability/formations/",
    "/en/accountability/opendata/",
    "/accountability/follow/community/c/",
    "/en/accountability/follow/priority/{priority}/",
    "/accountability/following/{follow}/",
    "/en/accountability/following/{follow}/stop/",
    "/news/",
    "/en/news/?topic=project",
    "/prevention/",
    "/en/prevention/?community=c",
    "/news/{article}/",
    "/en/news/{article}/",
    "/prevention/{guide}/",
    "/en/prevention/{guide}/?comments=2",
    "/search/",
    "/search/?q=звіт",
    "/en/search/?q=report",
    "/en/search/?q=report&kind=reports",
    "/en/comments/{shown_comment}/report/",
]

# Back-office pages, opened as a superuser.
STAFF_PAGES = [
    "/admin/",
    "/en/admin/",
    "/admin/portal/community/",
    "/admin/portal/auditentry/",
    "/admin/auth/user/",
    "/admin/two-factor/devices/",
    "/en/admin/two-factor/recovery-codes/",
    "/admin/hotline/complaint/",
    "/admin/hotline/complaint/?due=overdue",
    "/admin/hotline/complaint/add/",
    "/admin/hotline/complaint/{complaint}/change/",
    "/en/admin/hotline/complaint/{complaint}/status/",
    "/admin/hotline/complaint/{complaint}/extend/",
    "/admin/surveys/survey/",
    "/admin/surveys/survey/{survey_pk}/change/",
    "/en/admin/surveys/survey/{published_pk}/change/",
    "/admin/surveys/survey/{survey_pk}/export/",
    "/admin/surveys/survey/{survey_pk}/paper/",
    "/admin/surveys/survey/{codes_pk}/codes/",
    "/admin/surveys/question/{question_pk}/change/",
    "/admin/events/event/",
    "/admin/events/event/{event_pk}/change/",
    "/en/admin/events/event/{event_pk}/status/",
    "/admin/events/eventrequest/",
    "/admin/events/eventrequest/{request_pk}/change/",
    "/admin/events/eventrequest/{request_pk}/decline/",
    "/en/admin/events/event/{event_pk}/checkin/",
    "/admin/accountability/report/",
    "/admin/accountability/report/add/",
    "/en/admin/accountability/report/add/?community=&year=2025&period=h1",
    "/admin/accountability/report/{report_pk}/change/",
    "/en/admin/accountability/report/{report_pk}/status/",
    "/admin/accountability/reportquestion/",
    "/admin/accountability/priority/",
    "/en/admin/accountability/priority/candidates/",
    "/admin/accountability/priority/{priority}/change/",
    "/admin/accountability/priority/{priority}/status/",
    "/admin/accountability/formation/",
    "/admin/news/article/",
    "/admin/news/article/add/",
    "/en/admin/news/article/{article_pk}/change/",
    "/admin/news/topic/",
    "/admin/news/comment/",
    "/en/admin/news/comment/?reported=yes",
    "/admin/news/comment/{comment_pk}/change/",
]


def make_page_data() -> dict:
    """Create what the listed pages need; returns the ids to put into their paths."""
    from hotline import actions
    from hotline.models import Complaint
    from portal.models import Community

    community = Community.objects.create(
        slug="c", name="Громада", name_en="Community", kind="urban"
    )
    complaint = Complaint(
        kind="problem",
        community=community,
        occurred_on="2026-01-05",
        description="Не горять ліхтарі.",
        path="formal",
        full_name="Олена Петренко",
        residence="Чугуїв",
        phone="+380500000000",
    )
    actions.file_complaint(complaint, files=[])
    accountability = _accountability(community)
    return {
        "complaint": complaint.pk,
        **_surveys(),
        **_events(),
        **accountability,
        **_news(community, accountability["report_pk"]),
    }


def _news(community, report_pk) -> dict:
    from django.contrib.contenttypes.models import ContentType

    from accountability.models import Report
    from news import actions
    from news.models import Article, Comment, Topic

    topic, _created = Topic.objects.get_or_create(
        slug="project",
        defaults={"kind": "news", "name": "Проєкт", "name_en": "Project"},
    )
    guide_topic, _created = Topic.objects.get_or_create(
        slug="phone-fraud",
        defaults={"kind": "prevention", "name": "Шахрайство", "name_en": "Fraud"},
    )
    article = Article.objects.create(
        kind="news",
        topic=topic,
        community=community,
        slug="open-day",
        title="День відкритих дверей",
        title_en="Open day",
        lead="Поліція запрошує.",
        body="## Програма\n\n- екскурсія\n",
        status="published",
    )
    guide = Article.objects.create(
        kind="prevention",
        topic=guide_topic,
        slug="phone-fraud",
        title="Шахрайство телефоном",
        lead="Як розпізнати.",
        body="Покладіть слухавку.",
        status="published",
    )
    comment = actions.post_comment(article, name="Олена", email="", text="Дякую!")
    comment.flags.create(reason="spam")
    report = Report.objects.get(pk=report_pk)
    for page in (article, report):
        shown = Comment.objects.create(
            content_type=ContentType.objects.get_for_model(page),
            object_id=page.pk,
            name="Петро",
            text="Коли <b>звіт</b>?\nhttps://example.org/",
            status="approved",
        )
    return {
        "article": article.slug,
        "article_pk": article.pk,
        "guide": guide.slug,
        "comment_pk": comment.pk,
        "shown_comment": shown.pk,
    }


def _accountability(community) -> dict:
    from django.utils import timezone

    from accountability.models import Follow, Formation, Priority, Report

    report = Report.objects.create(
        title="Звіт",
        title_en="Report",
        slug="report",
        community=community,
        year=2025,
        period="h1",
        summary="Коротко.",
        body="## Зроблено\n\n- патрулі\n",
        status="published",
        published_at=timezone.now(),
        registered_crimes=12,
        complaints_received=3,
    )
    report.questions.create(text="Коли буде освітлення?", status="approved")
    priority = Priority.objects.create(
        community=community,
        issue="Темні вулиці",
        action="Освітлення",
        source="round_table",
        status="active",
    )
    priority.updates.create(text="Складено карту.")
    Formation.objects.create(
        community=community, name="Варта", activity="Патрулі", members=5
    )
    follow = Follow.objects.create(email="d@example.org", community=community)
    return {
        "report": report.slug,
        "report_pk": report.pk,
        "priority": priority.pk,
        "follow": follow.token,
    }


def _events() -> dict:
    from events.models import EventRequest, Registration
    from tests.factories import event

    item = event("open-day", capacity=1)
    taken = Registration.objects.create(
        event=item,
        name="Марія",
        email="m@example.org",
        affiliation="resident",
        status="confirmed",
    )
    postponed = event("later", status="postponed", status_note="Ремонт зали.")
    asked = EventRequest.objects.create(
        kind="school_lecture",
        topic="Кібербезпека",
        audience="9 клас",
        preferred_dates="грудень",
        organisation="Школа №1",
        contact_name="Ірина",
        email="school@example.org",
    )
    done = event("done", days=-2, status="completed", minutes="Підсумки зустрічі.")
    came = Registration.objects.create(
        event=done,
        name="Петро",
        email="p@example.org",
        affiliation="deputy",
        status="confirmed",
        attended=True,
    )
    return {
        "done": done.slug,
        "done_token": came.token,
        "request_pk": asked.pk,
        "event": item.slug,
        "event_pk": item.pk,
        "postponed": postponed.slug,
        "token": taken.token,
    }


def _surveys() -> dict:
    import random
    from datetime import timedelta

    from django.utils import timezone

    from surveys.demo import build_questionnaire, fake_responses
    from surveys.models import AccessCode, Survey, SurveySeries

    now = timezone.now()
    series = SurveySeries.objects.create(title="Довіра", slug="s", measures_trust=True)
    open_survey = Survey.objects.create(
        series=series,
        wave=2,
        title="Відкрите",
        slug="open",
        opens_at=now,
        closes_at=now + timedelta(days=5),
    )
    questions = build_questionnaire(open_survey)
    published = Survey.objects.create(
        series=series,
        wave=1,
        title="Опубліковане",
        slug="done",
        opens_at=now - timedelta(days=9),
        closes_at=now - timedelta(days=1),
        results_published_at=now,
    )
    published_questions = build_questionnaire(published)
    fake_responses(
        published,
        published_questions,
        12,
        random.Random(1),
        [published.communities.model.objects.first()],
    )
    codes = Survey.objects.create(
        title="З кодами",
        slug="codes",
        access="codes",
        opens_at=now,
        closes_at=now + timedelta(days=5),
    )
    AccessCode.objects.create(survey=codes)
    return {
        "survey": open_survey.slug,
        "survey_pk": open_survey.pk,
        "published": published.slug,
        "published_pk": published.pk,
        "codes_pk": codes.pk,
        "question_pk": questions["contacted"].pk,
    }


def fill(paths: list[str], ids: dict) -> list[str]:
    return [path.format(**ids) for path in paths]
