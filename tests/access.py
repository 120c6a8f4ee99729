"""The machinery of the access-control matrix (test_access_matrix.py).

It walks the URLconf into routes, reads the matrix's text table, seeds the demo data
that the rows name and sends each row's requests as each role.
"""

import importlib.util
import io
import re
import sys
from dataclasses import dataclass, field, replace
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

from django.test import override_settings
from django.urls import URLPattern, URLResolver
from django.urls.resolvers import LocalePrefixPattern, RegexPattern

# The columns of the matrix: a visitor who is not logged in, the demo user of each
# role (portal/roles.py; seed_demo names them after their role) and the superuser.
COLUMNS = (
    "anon",
    "resident",
    "operator",
    "monitor",
    "press",
    "analyst",
    "deputy",
    "coordinator",
    "admin",
)
METHODS = ("GET", "POST")
# A cell: the status code, or "L" for a redirect to the back office's log-in page
# with the requested address as `next`. A status followed by "+" is a request that
# writes to the database; any other must not (sessions aside).
LOGIN = "L"
WRITES_MARK = "+"
STATUS_CELLS = {"200", "301", "302", "400", "403", "404", "405"}
REDIRECTS = {"301", "302"}


# The URLconf


@dataclass(frozen=True)
class Route:
    route: str  # as the URLconf writes it, without the language prefix
    name: str | None
    i18n: bool  # under i18n_patterns: served at /<route> and /en/<route>


def _route_text(pattern) -> str:
    if isinstance(pattern, LocalePrefixPattern):
        return ""
    text = str(pattern)
    if isinstance(pattern, RegexPattern):
        # `^(?P<app_label>auth|portal|...)/$` reads as `<app_label>/`.
        text = re.sub(r"\(\?P<(\w+)>[^()]*\)", r"<\1>", text)
        text = text.removeprefix("^").removesuffix("$")
    return text


def walk(patterns, prefix: str = "", namespace: str = "", i18n: bool = False):
    """Every URL pattern under `patterns`, as a Route, in the URLconf's order."""
    for entry in patterns:
        route = prefix + _route_text(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = (
                    f"{namespace}:{entry.namespace}" if namespace else entry.namespace
                )
            localised = i18n or isinstance(entry.pattern, LocalePrefixPattern)
            yield from walk(entry.url_patterns, route, inner, localised)
        elif isinstance(entry, URLPattern):
            name = entry.name and (
                f"{namespace}:{entry.name}" if namespace else entry.name
            )
            yield Route(route, name, i18n)


def full_urlconf(media_root: Path):
    """portal/urls.py as it is with every optional part mounted (DEBUG's media
    serving, the bench's floor views), loaded as a module of its own so that the
    portal's own URLconf stays as the settings made it."""
    name = "portal_urls_fully_mounted"
    spec = importlib.util.spec_from_file_location(
        name, Path(__file__).resolve().parent.parent / "portal" / "urls.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    with override_settings(DEBUG=True, BENCH_ENDPOINTS=True, MEDIA_ROOT=media_root):
        spec.loader.exec_module(module)
    sys.modules[name] = module
    return module


# The table


@dataclass(frozen=True)
class Check:
    route: str
    method: str
    cells: tuple[str, ...]
    args: dict = field(default_factory=dict)
    target: str = ""  # where a 301 or 302 cell must lead
    line: int = 0

    def path(self, ids: dict) -> str:
        """The address without the language prefix, arguments filled in; the
        argument `query` is its query string."""
        path = "/" + self.route
        for name, value in self.args.items():
            path = re.sub(rf"<(?:\w+:)?{name}>", value.format(**ids), path)
        if "<" in path:
            raise ValueError(f"line {self.line}: no value for an argument of {path}")
        if "query" in self.args:
            path += "?" + self.args["query"].format(**ids)
        return path


def parse(table: str) -> list[Check]:
    """Read the matrix: see the legend above the table in test_access_matrix.py."""
    checks: list[Check] = []
    prefix, section_args, route, routes = "", {}, None, set()
    route_args: dict = {}
    for number, raw in enumerate(table.splitlines(), start=1):
        line = raw.split("#", 1)[0].rstrip()
        if not line:
            continue
        tokens = line.split()
        if line.startswith("["):
            head = line[1:].partition("]")[0].split() or [""]
            prefix, section_args = head[0], _arguments(head[1:], number)
            continue
        if not line[0].isspace():
            suffix = tokens.pop(0)
            route = prefix + ("" if suffix == "." else suffix)
            if route in routes:
                raise ValueError(f"line {number}: a second row for {route}")
            routes.add(route)
            route_args = dict(section_args)
            if not tokens or tokens[0] not in METHODS:
                # A long route on its own line, perhaps with its arguments; its
                # requests follow, indented.
                route_args |= _arguments(tokens, number)
                continue
        elif route is None:
            raise ValueError(f"line {number}: a request without a route")
        elif tokens[0] not in METHODS and checks:
            # The rest of the line above: more arguments, or the redirect's target.
            checks[-1] = _extend(checks[-1], tokens, number)
            continue
        checks.append(_check(route, tokens, route_args, number))
    for check in checks:
        statuses = {cell.removesuffix(WRITES_MARK) for cell in check.cells}
        if REDIRECTS & statuses and not check.target:
            raise ValueError(f"line {check.line}: a redirect needs `-> target`")
    return checks


def _check(route: str, tokens: list[str], route_args: dict, number: int) -> Check:
    method = tokens.pop(0)
    if method not in METHODS:
        raise ValueError(f"line {number}: unknown method {method!r}")
    target = ""
    if "->" in tokens:
        at = tokens.index("->")
        target, tokens = " ".join(tokens[at + 1 :]), tokens[:at]
    cells = [token for token in tokens if "=" not in token]
    if len(cells) == 1:
        cells = cells * len(COLUMNS)
    if len(cells) != len(COLUMNS):
        raise ValueError(f"line {number}: {len(cells)} cells, not {len(COLUMNS)}")
    for cell in cells:
        if cell.removesuffix(WRITES_MARK) not in STATUS_CELLS | {LOGIN}:
            raise ValueError(f"line {number}: unknown cell {cell!r}")
    args = {**route_args, **_arguments([t for t in tokens if "=" in t], number)}
    return Check(route, method, tuple(cells), args, target, number)


def _extend(check: Check, tokens: list[str], number: int) -> Check:
    target = check.target
    if "->" in tokens:
        at = tokens.index("->")
        target, tokens = " ".join(tokens[at + 1 :]), tokens[:at]
    args = {**check.args, **_arguments(tokens, number)}
    return replace(check, args=args, target=target)


def _arguments(tokens: list[str], number: int) -> dict:
    args = {}
    for token in tokens:
        name, equals, value = token.partition("=")
        if not equals or not name:
            raise ValueError(f"line {number}: {token!r} is not name=value")
        args[name] = value
    return args


# Requests


def login_url(path: str, language: str) -> str:
    """Where the back office sends a visitor it does not admit, as Django's
    redirect_to_login writes it."""
    prefix = "/en" if language == "en" else ""
    return f"{prefix}/admin/login/?next={quote(path, safe='/')}"


WRITTEN_TABLE = re.compile(r'^\s*(?:INSERT INTO|UPDATE|DELETE FROM)\s+"?(\w+)', re.I)


def writes(queries: list[dict]) -> list[str]:
    """What the statements among `queries` changed ("INSERT portal_auditentry"),
    sessions aside: a request may always refresh its own session."""
    written = []
    for query in queries:
        found = WRITTEN_TABLE.match(query["sql"])
        if found and found.group(1) != "django_session":
            change = f"{query['sql'].split()[0].upper()} {found.group(1)}"
            if change not in written:
                written.append(change)
    return written


# The data the rows name

# Personal data put into the seeded records, each a text found nowhere else, and the
# columns whose people need it (portal/roles.py, README "Roles" and "Privacy"). No
# other column may find any of them in any answer of the matrix.
TRIAGE = frozenset({"operator", "monitor", "admin"})
COORDINATION = frozenset({"coordinator", "admin"})
WRITERS = frozenset({"press", "coordinator", "admin"})
SCHEDULERS = WRITERS
PRIVATE = {
    # Complainants' data and free texts: those handling the case.
    "Соломія Таємниченко": TRIAGE,
    "вулиця Потаємна, 7": TRIAGE,
    "tayemnychenko@example.org": TRIAGE,
    "+380670007331": TRIAGE,
    "Патрульні не приїхали на виклик до будинку Таємниченків.": TRIAGE,
    # A monitor's disagreement and a referral to an outside body: the case's
    # history, which the analysts' view of the queue leaves out.
    "Категорію обрано хибно: це бездіяльність, а не грубість.": TRIAGE,
    "ОМБ-Таємна-42": TRIAGE,
    # Registrants, a school asking for a lecture, the contact of a civic formation
    # and the e-mail a commenter left: coordinators only.
    "Гордій Реєстрований": COORDINATION,
    "gordii.registrant@example.org": COORDINATION,
    "Ірина Запитувачка": COORDINATION,
    "school.requester@example.org": COORDINATION,
    "Остап Контактний": COORDINATION,
    "ostap.contact@example.org": COORDINATION,
    "commenter.hidden@example.org": COORDINATION,
    # What is not published yet: drafts for the staff who write or read them, a
    # comment and a question waiting for their moderators, and an address whose
    # owner has not confirmed it (only in the outbox).
    "Звіт-чернетка про освітлення Зоряної": frozenset(
        {"monitor", "press", "analyst", "coordinator", "admin"}
    ),
    "Підсумки року (чернетка)": WRITERS,
    "Шахрайство перед святами": WRITERS,
    "Чернетка: зустріч у Кочетку": SCHEDULERS,
    "Коментар на модерації від Ковбасюка.": COORDINATION,
    "Чому темно на вулиці Зоряній?": frozenset({"press", "admin"}),
    "follower@example.org": frozenset({"admin"}),
}


def present[T](row: T | None) -> T:
    """A row that the demo data always has."""
    assert row is not None
    return row


def seed(stdout=None) -> dict:
    """Run the real seed_demo, add what it does not make (a formal appeal with a
    file, a disagreement and a referral; a finished export; a registrant, a request
    for a lecture, a waiting-list offer and a certificate; a draft report with a
    question; a follower; a formation's contact; a comment with an e-mail) and
    return the ids, slugs and tokens the rows name."""
    from django.contrib.auth.models import Group, User
    from django.contrib.contenttypes.models import ContentType
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.utils import timezone

    from accountability import actions as accountability_actions
    from accountability.models import Formation, Priority, Report
    from events import actions as event_actions
    from events.models import Audience, Event, EventRequest, Registration
    from hotline import actions as hotline_actions
    from hotline.models import Category, Complaint, PoliceUnit
    from hotline.uploads import clean_upload
    from news import actions as news_actions
    from news.models import Article, Comment, Topic
    from portal.models import AuditEntry, Community, OutboxMessage, Settlement
    from surveys.models import Export, Question, Survey, SurveySeries
    from surveys.results import count_cells
    from surveys.tasks import build_export
    from tests.factories import image_bytes

    with override_settings(DEBUG=True):
        call_command("seed_demo", stdout=stdout or io.StringIO())
    users = {user.username: user for user in User.objects.all()}
    chuhuiv = Community.objects.get(slug="chuhuiv")

    # Hotline: a formal appeal with the complainant's statement as a file, a
    # monitor's disagreement and a referral to the Ombudsman.
    complaint = Complaint(
        kind="complaint",
        category=Category.objects.order_by("pk").first(),
        community=chuhuiv,
        occurred_on=timezone.localdate(),
        description="Патрульні не приїхали на виклик до будинку Таємниченків.",
        path="formal",
        full_name="Соломія Таємниченко",
        residence="вулиця Потаємна, 7",
        email="tayemnychenko@example.org",
        phone="+380670007331",
    )
    statement = SimpleUploadedFile("statement.pdf", b"%PDF-1.4\n%%EOF\n")
    picture = SimpleUploadedFile("place.jpg", image_bytes())
    receipt = hotline_actions.file_complaint(
        complaint, files=[clean_upload(statement), clean_upload(picture)]
    )
    attachment = complaint.attachments.get(content_type="application/pdf")
    photo = complaint.attachments.get(content_type="image/jpeg")
    flag = hotline_actions.flag_disagreement(
        complaint,
        actor=users["monitor"],
        reason="Категорію обрано хибно: це бездіяльність, а не грубість.",
    )
    referral = hotline_actions.refer_externally(
        complaint,
        actor=users["monitor"],
        body="ombudsman",
        referred_on=timezone.localdate(),
        reference="ОМБ-Таємна-42",
    )

    # Surveys: the open wave, the published past wave with a finished export, and
    # the older wave with its results taken back to unpublished (sealed).
    current = Survey.objects.get(slug="trust-wave-3")
    published = Survey.objects.get(slug="trust-wave-2")
    sealed = Survey.objects.get(slug="trust-wave-1")
    Survey.objects.filter(pk=sealed.pk).update(results_published_at=None)
    for survey in Survey.objects.filter(closes_at__lt=timezone.now()):
        # Counted when their results are first needed; done here, as it would have
        # been long ago, so that reading them changes nothing.
        count_cells(survey)
    export = Export.objects.create(
        survey=published,
        format="csv",
        layout="long",
        language="uk",
        requested_by=users["analyst"],
    )
    build_export(export.pk)

    # Events: a registrant of the training for deputies, a school's request, a
    # waiting-list place offered after a cancellation, and a certificate of a
    # completed training.
    training = Event.objects.get(slug="training-deputies")
    registrant = Registration.objects.create(
        event=Event.objects.get(slug="round-table-chuhuiv"),
        name="Гордій Реєстрований",
        email="gordii.registrant@example.org",
        affiliation="deputy",
        status="confirmed",
    )
    asked = EventRequest.objects.create(
        kind="school_lecture",
        topic="Кібербезпека",
        audience="9 клас",
        preferred_dates="грудень",
        organisation="Школа №1",
        contact_name="Ірина Запитувачка",
        email="school.requester@example.org",
    )
    starts = timezone.now() + timedelta(days=30)
    draft_event = Event.objects.create(
        slug="draft-meeting",
        kind="public_meeting",
        title="Чернетка: зустріч у Кочетку",
        description="Ще плануємо.",
        community=chuhuiv,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        status="draft",
    )
    confirmed = training.registrations.filter(status="confirmed").order_by("pk")
    event_actions.cancel(present(confirmed.first()))
    offered = training.registrations.get(status="offered")
    attended = Registration.objects.create(
        event=Event.objects.get(slug="training-residents-past"),
        name="Петро Коваленко",
        email="petro@example.org",
        affiliation="resident",
        status="confirmed",
        attended=True,
    )

    # Accountability: a resident's question on a published report, a draft report,
    # an address that follows a community (its confirmation waits in the outbox)
    # and a formation's contact person.
    report = present(Report.objects.filter(status="published").order_by("pk").first())
    question = accountability_actions.ask_question(
        report, "Чому темно на вулиці Зоряній?"
    )
    draft = Report.objects.create(
        title="Звіт-чернетка про освітлення Зоряної",
        slug="draft-report",
        community=chuhuiv,
        year=timezone.localdate().year,
        period="year",
        summary="Ще пишемо.",
        body="Чернетка.",
        status="draft",
    )
    follow = accountability_actions.follow(
        email="follower@example.org", language="uk", community=chuhuiv
    )
    formation = present(
        Formation.objects.filter(community=chuhuiv).order_by("pk").first()
    )
    Formation.objects.filter(pk=formation.pk).update(
        contact_person="Остап Контактний",
        contact_phone="+380501117733",
        contact_email="ostap.contact@example.org",
    )

    # News: a comment that waits for moderation, with the e-mail its writer left.
    article = Article.objects.visible().filter(kind="news").order_by("pk").first()
    guide = Article.objects.visible().filter(kind="prevention").order_by("pk").first()
    pending = news_actions.post_comment(
        article,
        name="Читач",
        email="commenter.hidden@example.org",
        text="Коментар на модерації від Ковбасюка.",
    )
    approved = present(Comment.objects.filter(status="approved").order_by("pk").first())
    draft_article = Article.objects.get(slug="chernetka-pidsumky-roku")
    today = timezone.localdate()
    return {
        "today": today.isoformat(),
        "in_40_days": (today + timedelta(days=40)).isoformat(),
        "community": str(chuhuiv.pk),
        "community_slug": chuhuiv.slug,
        "settlement": str(
            present(Settlement.objects.filter(community=chuhuiv).first()).pk
        ),
        "auditentry": str(present(AuditEntry.objects.order_by("pk").last()).pk),
        "outbox": str(OutboxMessage.objects.get(to=follow.email).pk),
        "user": str(users["resident"].pk),
        "superuser": str(users["admin"].pk),
        "group": str(Group.objects.get(name="resident").pk),
        "category": str(present(Category.objects.order_by("pk").first()).pk),
        "unit": str(present(PoliceUnit.objects.order_by("pk").first()).pk),
        "complaint": str(complaint.pk),
        "receipt": receipt,
        "attachment": str(attachment.public_id),
        "photo": str(photo.public_id),
        "attachment_file": attachment.file.name,
        "flag": str(flag.pk),
        "referral": str(referral.pk),
        "series": str(SurveySeries.objects.get(slug="trust").pk),
        "survey": str(current.pk),
        "survey_slug": current.slug,
        "published_survey": str(published.pk),
        "published_survey_slug": published.slug,
        "sealed_survey": str(sealed.pk),
        "sealed_survey_slug": sealed.slug,
        "codes_survey": str(Survey.objects.get(slug="focus-youth").pk),
        "question": str(present(Question.objects.filter(survey=current).first()).pk),
        "export": str(export.pk),
        "eventrequest": str(asked.pk),
        "audience": str(present(Audience.objects.order_by("pk").first()).pk),
        "event": str(registrant.event.pk),
        "registrant": str(registrant.pk),
        "draft_event": draft_event.slug,
        "registration_type": str(ContentType.objects.get_for_model(Registration).pk),
        "event_slug": registrant.event.slug,
        "registration": present(confirmed.last()).token,
        "offered": offered.token,
        "certificate": attended.token,
        "report": str(report.pk),
        "report_slug": report.slug,
        "draft_report": draft.slug,
        "draft_report_pk": str(draft.pk),
        "asked": str(question.pk),
        "priority": str(
            present(Priority.objects.filter(status="active").order_by("pk").first()).pk
        ),
        "formation": str(formation.pk),
        "follow": follow.token,
        "topic": str(present(Topic.objects.order_by("pk").first()).pk),
        "article": str(article.pk),
        "article_slug": article.slug,
        "guide_slug": guide.slug,
        "draft_article": draft_article.slug,
        "draft_article_pk": str(draft_article.pk),
        "comment": str(approved.pk),
        "pending_comment": str(pending.pk),
        "article_type": str(ContentType.objects.get_for_model(Article).pk),
        "cover": present(
            Article.objects.exclude(cover="").order_by("pk").first()
        ).cover.name,
    }
