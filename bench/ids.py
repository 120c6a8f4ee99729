"""The objects the bench's rows name (bench/plan.py), and the few that the apps'
bench data do not make: a user per role, a follower, a disagreement and a referral,
an export, a request for a lecture, a completed training with a certificate and a
survey answered with access codes."""

from datetime import timedelta
from importlib import import_module
from urllib.parse import quote_plus

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.models import Group, User
from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from bench.accountability import BENCH_COMMUNITY
from bench.news import BENCH_SEARCH
from bench.surveys import BENCH_SLUG as RESULTS_SLUG
from bench.surveys import OPEN_BENCH_SLUG
from portal.roles import ROLES_BY_KEY
from portal.two_factor import needs_second_factor

EXTRA = "bench-extra"
ROLES = ("operator", "monitor", "press", "analyst", "coordinator")


def _user(username: str, *, role: str = "", superuser: bool = False) -> User:
    user, _created = User.objects.get_or_create(
        username=username,
        defaults={"is_staff": bool(role) or superuser, "is_superuser": superuser},
    )
    if role:
        user.groups.set([Group.objects.get(name=ROLES_BY_KEY[role].group)])
    return user


@transaction.atomic
def seed(scale: float, stdout) -> None:
    """What the rows need besides the apps' bench data; nothing twice."""
    from accountability import actions as accountability_actions
    from accountability.models import Follow
    from events.models import Event, EventRequest, Registration
    from hotline import actions as hotline_actions
    from hotline.models import Complaint, ExternalReferral, Flag
    from portal.models import Community
    from surveys.demo import build_questionnaire
    from surveys.models import Export, Survey

    for role in ROLES:
        _user(f"bench-{role}", role=role)
    admin = _user("bench-admin", superuser=True)
    _user("bench-reader")
    community = Community.objects.get(slug=BENCH_COMMUNITY)
    if not Follow.objects.filter(email=f"{EXTRA}@example.org").exists():
        follow = accountability_actions.follow(
            email=f"{EXTRA}@example.org", language="uk", community=community
        )
        accountability_actions.confirm_follow(follow.token)
    complaint = Complaint.objects.filter(path=Complaint.Path.FORMAL).order_by("pk")[0]
    monitor = User.objects.get(username="bench-monitor")
    if not Flag.objects.filter(complaint=complaint).exists():
        hotline_actions.flag_disagreement(
            complaint, actor=monitor, reason="Категорію обрано хибно."
        )
    if not ExternalReferral.objects.filter(complaint=complaint).exists():
        hotline_actions.refer_externally(
            complaint,
            actor=monitor,
            body=ExternalReferral.Body.OMBUDSMAN,
            referred_on=timezone.localdate(),
            reference=EXTRA,
        )
    survey = Survey.objects.get(slug=RESULTS_SLUG)
    if not Export.objects.filter(survey=survey).exists():
        Export.objects.create(
            survey=survey,
            format=Export.Format.CSV,
            layout=Export.Layout.WIDE,
            language="uk",
            requested_by=admin,
        )
    if not EventRequest.objects.filter(organisation=EXTRA).exists():
        EventRequest.objects.create(
            kind=Event.Kind.SCHOOL_LECTURE,
            topic="Кібербезпека",
            audience="9 клас",
            preferred_dates="грудень",
            organisation=EXTRA,
            contact_name="Ірина",
            email=f"{EXTRA}@example.org",
        )
    started = timezone.now() - timedelta(days=10)
    training, created = Event.objects.get_or_create(
        slug=f"{EXTRA}-training",
        defaults={
            "kind": Event.Kind.TRAINING,
            "title": "Тренінг для мешканців",
            "title_en": "Training for residents",
            "description": "Завершений тренінг.",
            "community": community,
            "starts_at": started,
            "ends_at": started + timedelta(hours=2),
            "status": Event.Status.COMPLETED,
        },
    )
    if created:
        Registration.objects.create(
            event=training,
            name="Петро Коваленко",
            email=f"{EXTRA}@example.org",
            affiliation="resident",
            status=Registration.Status.CONFIRMED,
            attended=True,
        )
    if not Survey.objects.filter(slug=f"{EXTRA}-codes").exists():
        now = timezone.now()
        build_questionnaire(
            Survey.objects.create(
                slug=f"{EXTRA}-codes",
                title="Фокус-група",
                title_en="Focus group",
                opens_at=now - timedelta(days=1),
                closes_at=now + timedelta(days=30),
                access=Survey.Access.CODES,
            )
        )
    from accountability.models import Formation, Report, ReportQuestion
    from hotline.models import PoliceUnit

    PoliceUnit.objects.get_or_create(
        name="Чугуївський районний відділ поліції",
        defaults={"name_en": "Chuhuiv district police department"},
    )
    report = Report.objects.published().order_by("-published_at").first()
    if not ReportQuestion.objects.filter(report=report).exists():
        accountability_actions.ask_question(report, "Коли освітлять вулицю?")
    Formation.objects.get_or_create(
        name=f"Варта {EXTRA}",
        defaults={
            "community": community,
            "is_active": True,
            "activity": "Спільні патрулі вечорами.",
        },
    )
    stdout.write("Bench extras: users of every role and the objects the rows name")


def _first[T: Model](queryset: "QuerySet[T]") -> T:
    """The first row of `queryset`, which the bench data must hold."""
    found = queryset.first()
    if found is None:
        raise LookupError(f"The bench data have no {queryset.model._meta.label}")
    return found


def session_cookie(user: User) -> str:
    """A Cookie header value that signs `user` in; a staff member as after the
    second step, with a confirmed authenticator app of their own that the session
    has passed (the mark django_otp.login sets)."""
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    if needs_second_factor(user):
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="Bench app")
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


PAGE_PERMISSIONS = ("changelist", "add", "change", "history", "delete")


def _allowed(model_admin, page: str, request, obj) -> bool:
    if page == "changelist":
        return model_admin.has_view_or_change_permission(request)
    if page == "add":
        return model_admin.has_add_permission(request)
    if page == "delete":
        return model_admin.has_delete_permission(request, obj)
    return model_admin.has_view_or_change_permission(request, obj)


def _model_roles(users: dict[str, User], objects: dict[str, int]) -> dict:
    """For every registered model and page, the role that uses it: the first of
    its app's users whom the admin lets open it, else the superuser; None when
    the admin refuses it to everyone (adding audit entries, say)."""
    from django.contrib import admin
    from django.test import RequestFactory

    from bench.plan import USERS_OF

    roles: dict[str, dict[str, str | None]] = {}
    for model, model_admin in admin.site._registry.items():
        label = model._meta.label
        obj = model._default_manager.filter(pk=objects[label]).first()
        roles[label] = {}
        for page in PAGE_PERMISSIONS:
            chosen = None
            for role in (*USERS_OF.get(model._meta.app_label, ()), "admin"):
                request = RequestFactory().get("/admin/")
                request.user = users[role]
                if _allowed(model_admin, page, request, obj):
                    chosen = role
                    break
            roles[label][page] = chosen
    return roles


def _objects() -> dict[str, int]:
    """An object of every registered model whose pages the rows open: the one a
    public row shows, or the first."""
    from django.contrib import admin

    from accountability.models import Report
    from hotline.models import Complaint
    from surveys.models import Survey

    chosen = {
        "hotline.Complaint": Complaint.objects.filter(flags__isnull=False)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first(),
        "surveys.Survey": Survey.objects.get(slug=RESULTS_SLUG).pk,
        "events.Event": _upcoming_event().pk,
        "accountability.Report": _first(Report.objects.order_by("pk")).pk,
    }
    for model in admin.site._registry:
        if model._meta.label not in chosen:
            chosen[model._meta.label] = (
                model._default_manager.order_by("pk")
                .values_list("pk", flat=True)
                .first()
            )
    return chosen


def _changelist_filters() -> dict[str, str]:
    """A filter the changelist of each model offers, as its address writes it."""
    from django.contrib import admin

    filters = {}
    for model, model_admin in admin.site._registry.items():
        for entry in model_admin.list_filter:
            name = entry if isinstance(entry, str) else None
            if name is None:
                continue
            field = model._meta.get_field(name.split("__")[0])
            choices = list(getattr(field, "flatchoices", None) or ())
            if choices:
                filters[model._meta.label] = f"{name}__exact={choices[0][0]}"
                break
            if field.get_internal_type() == "BooleanField":
                filters[model._meta.label] = f"{name}__exact=1"
                break
    # The queue is measured filtered as the operators read it most: overdue first.
    filters["hotline.Complaint"] = "view=overdue"
    return filters


def _upcoming_event():
    from events.models import Event

    return (
        Event.objects.upcoming()
        .filter(slug__startswith="bench-")
        .exclude(slug__startswith=EXTRA)
        .order_by("starts_at")
        .first()
    )


def ids() -> dict:
    """Every value bench/plan.py names, read from this database."""
    from accountability.models import Follow, Priority, Report
    from events.models import EventRequest, Registration
    from hotline.models import Complaint, ExternalReferral, Flag
    from news.models import Article, Comment, Topic
    from portal.models import Community
    from surveys.models import Export, Survey

    users = {role: User.objects.get(username=f"bench-{role}") for role in ROLES}
    users["admin"] = User.objects.get(username="bench-admin")
    event = _upcoming_event()
    community = Community.objects.get(slug=BENCH_COMMUNITY)
    results = Survey.objects.get(slug=RESULTS_SLUG)
    opened = Survey.objects.get(slug=OPEN_BENCH_SLUG)
    report = Report.objects.published().order_by("-published_at").first()
    next_month = (timezone.localdate().replace(day=1) + timedelta(days=32)).replace(
        day=1
    )
    flag = _first(Flag.objects.order_by("pk"))
    values = {
        "community_slug": community.slug,
        "community_pk": community.pk,
        "search_words": quote_plus(BENCH_SEARCH),
        "open_survey_slug": opened.slug,
        "open_survey": opened.pk,
        "results_survey_slug": results.slug,
        "results_survey": results.pk,
        "codes_survey": Survey.objects.get(slug=f"{EXTRA}-codes").pk,
        "next_month_year": next_month.year,
        "next_month": next_month.month,
        "event_slug": event.slug,
        "event": event.pk,
        "registration": event.registrations.order_by("pk").first().token,
        "certificate": Registration.objects.get(event__slug=f"{EXTRA}-training").token,
        "report_slug": report.slug,
        "report": report.pk,
        "priority": Priority.objects.current().order_by("pk").first().pk,
        "follow": Follow.objects.get(email=f"{EXTRA}@example.org").token,
        "news_slug": Article.objects.visible()
        .filter(kind="news", slug__startswith="bench-")
        .order_by("-published_at")
        .first()
        .slug,
        "guide_slug": Article.objects.visible()
        .filter(kind="prevention", slug__startswith="bench-")
        .order_by("-published_at")
        .first()
        .slug,
        "topic_slug": Topic.objects.filter(kind="prevention").order_by("pk")[0].slug,
        "comment": Comment.objects.published().order_by("-pk").first().pk,
        "user": users["operator"].pk,
        "complaint": flag.complaint_id,
        "formal_complaint": _first(
            Complaint.objects.filter(
                path=Complaint.Path.FORMAL, status=Complaint.Status.RECEIVED
            ).order_by("pk")
        ).pk,
        "flag": flag.pk,
        "referral": _first(ExternalReferral.objects.order_by("pk")).pk,
        "export": _first(Export.objects.filter(survey=results).order_by("pk")).pk,
        "eventrequest": EventRequest.objects.get(organisation=EXTRA).pk,
    }
    values["cookies"] = {role: session_cookie(user) for role, user in users.items()}
    values["cookies"]["reader"] = session_cookie(
        User.objects.get(username="bench-reader")
    )
    values["objects"] = _objects()
    values["model_roles"] = _model_roles(users, values["objects"])
    values["changelist_filters"] = _changelist_filters()
    return values
