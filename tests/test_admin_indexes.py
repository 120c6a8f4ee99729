"""On PostgreSQL, the back office's big lists read their first page through an index
for each filter and order they offer, instead of the whole table (the indexes are
made by the apps' migrations)."""

import secrets
from datetime import timedelta

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import RequestFactory
from django.utils import timezone

from accountability.models import Report
from hotline.models import Complaint
from news.models import Article, Comment
from portal.audit import action_label
from portal.models import AuditEntry, OutboxMessage
from tests.factories import category, community, topic

pytestmark = pytest.mark.django_db

ROWS = 3000
# One row in this many has the rare value a filter looks for.
RARE = 100


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("the plans are PostgreSQL's")


def first_page_plan(model, query: dict) -> str:
    """The plan of the page the back office lists for `query`, as a superuser."""
    request = RequestFactory().get("/", query)
    request.user = User(is_superuser=True, is_staff=True, is_active=True)
    changelist = admin.site._registry[model].get_changelist_instance(request)
    return changelist.queryset[: changelist.list_per_page].explain()


def analyze(*models) -> None:
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {model._meta.db_table}")


@pytest.fixture
def complaints(postgresql):
    """ROWS complaints of one category, by the web: half of them closed anonymous
    feedback, half open appeals whose clock runs (due within 200 days either
    way); one in RARE of each rare value."""
    today, now = timezone.localdate(), timezone.now()
    usual, rare = category("usual"), category("rare")
    place = community()

    def one(n: int) -> Complaint:
        odd = n % RARE == 0
        formal = n % 2 == 1
        return Complaint(
            kind="thanks" if odd else "complaint",
            category=rare if odd else usual,
            community=place,
            channel="letter" if odd else "web",
            status="duplicate" if odd else ("triage" if formal else "resolved"),
            occurred_on=today,
            description="Опис.",
            path="formal" if formal else "anonymous",
            full_name="Олена Петренко" if formal else "",
            residence="Чугуїв" if formal else "",
            email="olena@example.org" if formal else "",
            term="short" if formal else "",
            due_on=today + timedelta(days=n % 400 - 200) if formal else None,
            receipt_hash=secrets.token_hex(32),
            received_at=now - timedelta(minutes=n),
        )

    Complaint.objects.bulk_create(one(n) for n in range(ROWS))
    analyze(Complaint)


OPEN_APPEALS = "complaint_open_deadline|complaint_open_received"
# The column of "days left" in the list, for its `o` parameter.
DAYS_LEFT_COLUMN = str(admin.site._registry[Complaint].list_display.index("days_left"))


@pytest.mark.parametrize(
    ("query", "index"),
    [
        ({"status__exact": "duplicate"}, "complaint_status"),
        ({"kind__exact": "thanks"}, "complaint_kind"),
        ({"category__id__exact": "rare"}, "complaint_category"),
        ({"channel__exact": "letter"}, "complaint_channel"),
        ({"due": "soon"}, "complaint_open_deadline"),
        ({"due": "overdue"}, "complaint_open_received"),
        # Ordered by days left: with as few rows as here the planner may as well
        # sort the open appeals it reads through the other index of them.
        ({"due": "running", "o": DAYS_LEFT_COLUMN}, OPEN_APPEALS),
        ({"due": "running", "o": f"-{DAYS_LEFT_COLUMN}"}, OPEN_APPEALS),
        # The saved views above the list.
        ({"view": "new"}, "complaint_status"),
        ({"view": "overdue"}, OPEN_APPEALS),
        ({"view": "week"}, OPEN_APPEALS),
        ({"view": "open"}, "received_at"),
    ],
)
def test_each_filter_and_order_of_the_queue_reads_its_index(complaints, query, index):
    if query.get("category__id__exact") == "rare":
        query = {"category__id__exact": str(category("rare").pk)}

    plan = first_page_plan(Complaint, query)

    assert any(name in plan for name in index.split("|")), plan


def test_an_operators_own_complaints_read_their_index(complaints):
    operator = User.objects.create_user("operator", is_staff=True, is_superuser=True)
    rare = list(Complaint.objects.open().values_list("pk", flat=True)[::RARE])
    Complaint.objects.filter(pk__in=rare).update(assigned_to=operator)
    analyze(Complaint)
    request = RequestFactory().get("/", {"view": "mine"})
    request.user = operator

    changelist = admin.site._registry[Complaint].get_changelist_instance(request)
    plan = changelist.queryset[: changelist.list_per_page].explain()

    assert "complaint_handler" in plan, plan
    assert set(changelist.queryset.values_list("pk", flat=True)) == set(rare)


def test_comments_newest_first_read_their_index(postgresql):
    article_type = ContentType.objects.get_for_model(Article)
    Comment.objects.bulk_create(
        Comment(
            content_type=article_type,
            object_id=n,
            name="Читач",
            text="Дякую!",
            status="approved",
            created_at=timezone.now() - timedelta(minutes=n),
        )
        for n in range(ROWS)
    )
    analyze(Comment)

    assert "comment_created" in first_page_plan(Comment, {})


@pytest.mark.parametrize(
    ("query", "index"),
    [({}, "article_newest"), ({"status__exact": "draft"}, "article_status")],
)
def test_articles_read_their_index(postgresql, query, index):
    now, news = timezone.now(), topic("police-news", kind="news")
    Article.objects.bulk_create(
        Article(
            kind="news",
            topic=news,
            slug=f"a{n}",
            title=f"Новина {n}",
            body="Текст.",
            status="draft" if n % RARE == 0 else "published",
            published_at=now - timedelta(hours=n),
        )
        for n in range(ROWS)
    )
    analyze(Article)

    assert index in first_page_plan(Article, query)


def test_reports_in_their_order_read_their_index(postgresql):
    Report.objects.bulk_create(
        Report(
            title=f"Звіт {n}",
            slug=f"r{n}",
            year=2015 + n % 10,
            period="q1",
            summary="Підсумки.",
            body="Текст.",
        )
        for n in range(ROWS)
    )
    analyze(Report)

    assert "report_order" in first_page_plan(Report, {})


def test_the_outgoing_emails_newest_first_read_their_index(postgresql):
    OutboxMessage.objects.bulk_create(
        OutboxMessage(
            to="someone@example.org",
            subject="Тема",
            body="Текст.",
            created_at=timezone.now() - timedelta(minutes=n),
        )
        for n in range(ROWS)
    )
    analyze(OutboxMessage)

    assert "outbox_created" in first_page_plan(OutboxMessage, {})


def test_the_audit_logs_action_filter_lists_each_action_once(client, django_user_model):
    AuditEntry.objects.bulk_create(
        AuditEntry(action=["b.viewed", "a.saved", "c.sent"][n % 3]) for n in range(30)
    )
    client.force_login(django_user_model.objects.create_superuser("root", "", "pw"))

    response = client.get("/en/admin/portal/auditentry/")

    (action_filter,) = [
        spec for spec in response.context["cl"].filter_specs if spec.title == "action"
    ]
    recorded = set(AuditEntry.objects.values_list("action", flat=True))
    # Each once, in the order of what the reader sees (the label; an unnamed
    # code is its own label).
    assert list(action_filter.lookup_choices) == sorted(recorded, key=action_label)
    assert {"a.saved", "b.viewed", "c.sent"} <= recorded
