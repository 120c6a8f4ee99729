"""Accountability: police reports to the communities, local security priorities, the
civic formations that help keep public order, and the people who follow them."""

import secrets
from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import Community, community_field, in_language
from portal.storage import UnguessablePath
from portal.transitions import TransitionsMixin


class Period(models.TextChoices):
    Q1 = "q1", _("first quarter")
    Q2 = "q2", _("second quarter")
    Q3 = "q3", _("third quarter")
    Q4 = "q4", _("fourth quarter")
    H1 = "h1", _("first half-year")
    H2 = "h2", _("second half-year")
    YEAR = "year", _("year")


# The first and last month of each period.
PERIOD_MONTHS = {
    Period.Q1: (1, 3),
    Period.Q2: (4, 6),
    Period.Q3: (7, 9),
    Period.Q4: (10, 12),
    Period.H1: (1, 6),
    Period.H2: (7, 12),
    Period.YEAR: (1, 12),
}


def period_dates(year: int, period: str) -> tuple[date, date]:
    """The first and the last day of a reporting period."""
    first, last = PERIOD_MONTHS[Period(period)]
    end = date(year + 1, 1, 1) if last == 12 else date(year, last + 1, 1)
    return date(year, first, 1), date.fromordinal(end.toordinal() - 1)


class ReportQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Report.Status.PUBLISHED)

    def public(self):
        """Reports with a public page: published ones, and withdrawn ones with
        their note."""
        return self.filter(
            status__in=[Report.Status.PUBLISHED, Report.Status.WITHDRAWN]
        )


def _percent_validators():
    return [MinValueValidator(0), MaxValueValidator(100)]


class Report(TransitionsMixin, models.Model):
    """An accountability report of the police to a community, or to the whole raion,
    for a quarter, a half-year or a year."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        REVIEW = "review", _("in review")
        PUBLISHED = "published", _("published")
        WITHDRAWN = "withdrawn", _("withdrawn")

    TRANSITIONS = {
        Status.DRAFT: {Status.REVIEW, Status.PUBLISHED},
        Status.REVIEW: {Status.DRAFT, Status.PUBLISHED},
        Status.PUBLISHED: {Status.WITHDRAWN},
        Status.WITHDRAWN: {Status.DRAFT},
    }
    TRANSITION_REFUSED = _("A report that is %(old)s cannot become %(new)s.")

    title = models.CharField(_("title (Ukrainian)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    slug = models.SlugField(_("address name"), max_length=80, unique=True)
    community = community_field(related_name="reports")
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2015), MaxValueValidator(2100)]
    )
    period = models.CharField(_("period"), max_length=4, choices=Period.choices)
    summary = models.TextField(
        _("summary (Ukrainian)"), help_text=_("A few sentences in plain language.")
    )
    summary_en = models.TextField(_("summary (English)"), blank=True)
    body = models.TextField(
        _("report (Ukrainian)"),
        help_text=_(
            "Markdown: headings with #, lists with -, links as [text](address). "
            "HTML is not allowed and is removed."
        ),
    )
    body_en = models.TextField(_("report (English)"), blank=True)
    cover = models.ImageField(
        _("cover image"), upload_to=UnguessablePath("reports/covers"), blank=True
    )
    cover_alt = models.CharField(
        _("cover description"),
        max_length=200,
        blank=True,
        help_text=_("What the image shows, for people who cannot see it."),
    )
    hearing_at = models.DateTimeField(
        _("public hearing"),
        null=True,
        blank=True,
        help_text=_("Residents may send questions until then."),
    )
    accepts_questions = models.BooleanField(
        _("accepts residents' questions"), default=True
    )

    # Figures entered by the press officer.
    registered_crimes = models.PositiveIntegerField(
        _("registered crimes"), null=True, blank=True
    )
    solved_percent = models.DecimalField(
        _("share of crimes solved, %"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=_percent_validators(),
    )
    response_minutes = models.DecimalField(
        _("average response time to calls, minutes"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    patrol_hours = models.PositiveIntegerField(_("patrol hours"), null=True, blank=True)
    officers = models.PositiveSmallIntegerField(
        _("officers serving the community"), null=True, blank=True
    )

    # Figures the portal fills in for the period (see accountability.figures).
    complaints_received = models.PositiveIntegerField(
        _("hotline appeals received"), null=True, blank=True
    )
    complaints_answered = models.PositiveIntegerField(
        _("complaints answered"), null=True, blank=True
    )
    complaints_answered_in_time = models.PositiveIntegerField(
        _("complaints answered within the statutory term"), null=True, blank=True
    )
    average_satisfaction = models.DecimalField(
        _("average satisfaction (1 to 5)"),
        max_digits=3,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    trust_index = models.DecimalField(
        _("latest trust index (0 to 100)"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=_percent_validators(),
    )
    events_held = models.PositiveIntegerField(_("events held"), null=True, blank=True)
    event_attendance = models.PositiveIntegerField(
        _("people at the events"), null=True, blank=True
    )
    priorities_achieved = models.PositiveIntegerField(
        _("priorities achieved"), null=True, blank=True
    )

    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    status_note = models.TextField(
        _("note on the status"),
        blank=True,
        help_text=_("Why the report was withdrawn; shown on its page."),
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    changed_at = models.DateTimeField(_("last changed"), default=timezone.now)
    created_at = models.DateTimeField(
        _("created"), default=timezone.now, editable=False
    )

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-published_at", "-pk"]
        verbose_name = _("accountability report")
        verbose_name_plural = _("accountability reports")
        permissions = [
            ("publish_report", _("Can publish and withdraw accountability reports")),
        ]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="report_published"),
            # The back office's list, in the order of Meta.ordering.
            models.Index(fields=["year", "published_at", "id"], name="report_order"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("accountability:report-detail", args=[self.slug])

    @property
    def display_title(self) -> str:
        return in_language(self, "title")

    @property
    def display_summary(self) -> str:
        return in_language(self, "summary")

    @property
    def display_body(self) -> str:
        return in_language(self, "body")

    @property
    def starts_on(self) -> date:
        return period_dates(self.year, self.period)[0]

    @property
    def ends_on(self) -> date:
        return period_dates(self.year, self.period)[1]

    def questions_open(self, now=None) -> bool:
        now = now or timezone.now()
        if self.status != self.Status.PUBLISHED or not self.accepts_questions:
            return False
        return self.hearing_at is None or now < self.hearing_at


def validate_pdf(upload) -> None:
    from django.core.exceptions import ValidationError

    start = upload.read(5)
    upload.seek(0)
    if start != b"%PDF-":
        raise ValidationError(
            _("%(name)s is not a PDF file."),
            code="not_pdf",
            params={"name": upload.name.rsplit("/", 1)[-1][:80]},
        )


class ReportAttachment(models.Model):
    """A PDF published with a report (the full text, tables, a presentation)."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="attachments"
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(
        _("PDF file"),
        upload_to=UnguessablePath("reports/files"),
        validators=[validate_pdf],
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("attached PDF")
        verbose_name_plural = _("attached PDFs")

    def __str__(self):
        return self.title


class ReportChange(models.Model):
    """A change made to a report after it was published, listed on its page."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="changes")
    changed_at = models.DateTimeField(_("changed"), default=timezone.now)
    note = models.TextField(_("what changed"))

    class Meta:
        ordering = ["changed_at", "pk"]
        verbose_name = _("change after publication")
        verbose_name_plural = _("changes after publication")

    def __str__(self):
        return self.note[:80]


class ReportQuestion(models.Model):
    """A resident's question about a report, asked before its public hearing.

    It is anonymous (no name, no address, no account) and appears on the report's page
    only once a press officer has approved it; the answer is published with it.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("awaiting moderation")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="questions"
    )
    text = models.TextField(_("question"), max_length=2000)
    asked_at = models.DateTimeField(_("asked"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        ordering = ["asked_at", "pk"]
        verbose_name = _("question about a report")
        verbose_name_plural = _("questions about reports")
        permissions = [
            ("moderate_questions", _("Can approve, reject and answer questions")),
        ]

    def __str__(self):
        return self.text[:80]


class PriorityQuerySet(models.QuerySet):
    def current(self):
        return self.filter(
            status__in=[Priority.Status.PROPOSED, Priority.Status.ACTIVE]
        )


class Priority(TransitionsMixin, models.Model):
    """A local security priority of a community: the issue residents want solved and
    the action the police and their partners take, from setting to outcome."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        ACTIVE = "active", _("active")
        ACHIEVED = "achieved", _("achieved")
        DROPPED = "dropped", _("dropped")

    class Source(models.TextChoices):
        ROUND_TABLE = "round_table", _("round table")
        SURVEY = "survey", _("survey results")
        HOTLINE = "hotline", _("hotline trends")
        RESIDENTS = "residents", _("residents' proposals")
        POLICE = "police", _("police analysis")

    TRANSITIONS = {
        Status.PROPOSED: {Status.ACTIVE, Status.DROPPED},
        Status.ACTIVE: {Status.ACHIEVED, Status.DROPPED},
        Status.ACHIEVED: set(),
        Status.DROPPED: {Status.PROPOSED},
    }
    TRANSITION_REFUSED = _("A priority that is %(old)s cannot become %(new)s.")
    SUPPORTABLE = frozenset({Status.PROPOSED, Status.ACTIVE})

    community = models.ForeignKey(
        Community,
        on_delete=models.PROTECT,
        related_name="priorities",
        verbose_name=_("community"),
    )
    issue = models.TextField(
        _("issue (Ukrainian)"), help_text=_("What residents want solved.")
    )
    issue_en = models.TextField(_("issue (English)"), blank=True)
    action = models.TextField(
        _("action (Ukrainian)"),
        help_text=_("What the police and their partners will do."),
    )
    action_en = models.TextField(_("action (English)"), blank=True)
    source = models.CharField(_("came from"), max_length=16, choices=Source.choices)
    event = models.ForeignKey(
        "events.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="priorities",
        verbose_name=_("round table"),
        limit_choices_to={"kind": "round_table"},
        help_text=_("The round table where it was set, if any."),
    )
    set_on = models.DateField(_("set on"), default=timezone.localdate)
    due_on = models.DateField(_("due by"), null=True, blank=True)
    responsible = models.CharField(
        _("responsible unit or partner"), max_length=200, blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    status_note = models.TextField(
        _("note on the status"),
        blank=True,
        help_text=_("Why it was dropped, or how it was achieved."),
    )
    achieved_on = models.DateField(_("achieved on"), null=True, blank=True)
    support_count = models.PositiveIntegerField(
        _("residents' support"), default=0, editable=False
    )
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    # The latest entry of the progress log, kept here by `summarise_progress` so that
    # lists and the community page read it without a query per priority.
    progress_at = models.DateTimeField(null=True, blank=True, editable=False)
    progress = models.TextField(blank=True, editable=False)
    progress_en = models.TextField(blank=True, editable=False)

    objects = PriorityQuerySet.as_manager()

    class Meta:
        ordering = ["-set_on", "-pk"]
        verbose_name = _("security priority")
        verbose_name_plural = _("security priorities")
        permissions = [
            ("change_priority_status", _("Can change the status of priorities")),
        ]
        indexes = [
            models.Index(fields=["community", "status"], name="priority_community"),
            models.Index(fields=["-set_on", "-id"], name="priority_order"),
        ]

    def __str__(self):
        return self.display_issue[:80]

    def get_absolute_url(self):
        return reverse("accountability:priority-detail", args=[self.pk])

    @property
    def display_issue(self) -> str:
        return in_language(self, "issue")

    @property
    def display_action(self) -> str:
        return in_language(self, "action")

    @property
    def supportable(self) -> bool:
        return self.status in self.SUPPORTABLE

    @property
    def display_progress(self) -> str:
        return in_language(self, "progress")


class PriorityUpdate(models.Model):
    """A dated entry in a priority's progress log; a status change writes one too."""

    priority = models.ForeignKey(
        Priority, on_delete=models.CASCADE, related_name="updates"
    )
    created_at = models.DateTimeField(_("date"), default=timezone.now)
    text = models.TextField(_("progress (Ukrainian)"))
    text_en = models.TextField(_("progress (English)"), blank=True)
    old_status = models.CharField(
        _("old status"), max_length=10, choices=Priority.Status.choices, blank=True
    )
    new_status = models.CharField(
        _("new status"), max_length=10, choices=Priority.Status.choices, blank=True
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        indexes = [
            models.Index(fields=["priority", "created_at"], name="update_priority"),
            models.Index(fields=["created_at"], name="update_created"),
        ]

    def __str__(self):
        return self.text[:80]

    @property
    def display_text(self) -> str:
        return in_language(self, "text")


def summarise_progress(priorities) -> int:
    """Copy the latest progress entry of each of `priorities` (a queryset) onto it.

    Called after every new entry (see accountability.apps) and after entries made in
    bulk; one UPDATE whatever the number of priorities.
    """
    latest = PriorityUpdate.objects.filter(priority=OuterRef("pk")).order_by(
        "-created_at", "-pk"
    )
    return priorities.update(
        progress_at=Subquery(latest.values("created_at")[:1]),
        progress=Coalesce(Subquery(latest.values("text")[:1]), Value("")),
        progress_en=Coalesce(Subquery(latest.values("text_en")[:1]), Value("")),
    )


class Formation(models.Model):
    """A civic public-order formation: residents who help protect public order."""

    name = models.CharField(_("name (Ukrainian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    community = models.ForeignKey(
        Community,
        on_delete=models.PROTECT,
        related_name="formations",
        verbose_name=_("community"),
    )
    activity = models.TextField(_("activity (Ukrainian)"))
    activity_en = models.TextField(_("activity (English)"), blank=True)
    members = models.PositiveIntegerField(_("members"), default=0)
    joint_patrols = models.PositiveIntegerField(
        _("joint patrols held"),
        default=0,
        help_text=_("With the police, since the formation was registered."),
    )
    registered_on = models.DateField(_("registered on"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    contact_person = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("civic formation")
        verbose_name_plural = _("civic formations")
        permissions = [
            ("view_formation_contact", _("Can see formations' contact persons")),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        return in_language(self, "name")

    @property
    def display_activity(self) -> str:
        return in_language(self, "activity")


def new_token() -> str:
    return secrets.token_urlsafe(24)


class FollowQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)


class Follow(models.Model):
    """Someone (usually a deputy) who receives a weekly digest of the changes to a
    community's priorities and reports, or to one priority.

    Only the e-mail address is kept; it is confirmed by a link before any digest is
    sent, and every digest carries a link that deletes the row.
    """

    email = models.EmailField(_("e-mail"))
    community = models.ForeignKey(
        Community,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("community"),
    )
    priority = models.ForeignKey(
        Priority,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("priority"),
    )
    token = models.CharField(
        max_length=40, unique=True, default=new_token, editable=False
    )
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="uk"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    last_digest_at = models.DateTimeField(_("last digest"), null=True, blank=True)

    objects = FollowQuerySet.as_manager()

    class Meta:
        verbose_name = _("follower")
        verbose_name_plural = _("followers")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(community__isnull=True, priority__isnull=False)
                | models.Q(community__isnull=False, priority__isnull=True),
                name="follow_one_target",
            ),
            models.UniqueConstraint(
                fields=["email", "community"], name="follow_unique_community"
            ),
            models.UniqueConstraint(
                fields=["email", "priority"], name="follow_unique_priority"
            ),
        ]

    def __str__(self):
        return str(self.community or self.priority)

    @property
    def target(self):
        return self.community or self.priority
