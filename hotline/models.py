"""The hotline: complaints and feedback on police work, their history and their files.

A complaint is either a formal appeal under the Law "On Citizens' Appeals" (the
complainant is named and the statutory clock runs) or anonymous feedback (nothing that
identifies the sender is stored, and no clock runs). Every status change goes through
hotline/actions.py.
"""

import calendar
import uuid
from datetime import date, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Avg, Count, Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.models import (
    BilingualNameMixin,
    Settlement,
    community_field,
    private_storage,
)
from portal.transitions import TransitionsMixin

# Art. 20 of the Law "On Citizens' Appeals": 15 days when no further study is needed,
# a month otherwise, and never more than 45 days in total with an extension.
SHORT_TERM_DAYS = 15
LONGEST_TERM_DAYS = 45
# A complaint whose deadline is this close counts as "due soon".
DUE_SOON_DAYS = 3


class Category(BilingualNameMixin):
    """A managed list of what complaints are about (rudeness, inaction...)."""

    slug = models.SlugField(_("code"), unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("offered on the form"), default=True)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self):
        return self.display_name


class PoliceUnit(BilingualNameMixin):
    """A police unit that complaints are referred to."""

    email = models.EmailField(
        _("e-mail for referrals"),
        blank=True,
        help_text=_("Referred complaints are announced here, without personal data."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("police unit")
        verbose_name_plural = _("police units")

    def __str__(self):
        return self.display_name


def add_month(day: date) -> date:
    """The same day next month, or the month's last day when it is shorter."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class ComplaintQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status__in=Complaint.CLOSED_STATUSES)

    def closed(self):
        return self.filter(status__in=Complaint.CLOSED_STATUSES)

    def in_community(self, community):
        return self.filter(community=community)

    def with_clock(self):
        return self.filter(path=Complaint.Path.FORMAL, due_on__isnull=False)

    def received_since(self, moment):
        return self.filter(received_at__gte=moment)

    def received_between(self, start, end):
        return self.filter(received_at__range=(start, end))

    def closed_between(self, start, end):
        return self.filter(closed_at__range=(start, end))

    def flagged(self, *, still_open: bool = False):
        """Complaints a monitor flagged (`still_open`: with a flag not yet settled)."""
        flags = Flag.objects.filter(complaint=OuterRef("pk"))
        if still_open:
            flags = flags.filter(settled_at__isnull=True)
        return self.filter(Exists(flags))

    def with_open_flag_count(self):
        """Annotate `open_flag_count`: the flags not yet settled, None for none.

        A subquery per complaint shown rather than a join grouped over the whole
        table, so that a page of the queue costs the same at any size of it.
        """
        open_flags = (
            Flag.objects.filter(complaint=OuterRef("pk"), settled_at__isnull=True)
            .order_by()
            .values("complaint")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return self.annotate(open_flag_count=Subquery(open_flags))

    def with_deadline(self):
        """Annotate `deadline_on`: the extended due date where there is one."""
        return self.annotate(deadline_on=Coalesce("extended_due_on", "due_on"))

    def overdue(self, today: date | None = None):
        today = today or timezone.localdate()
        return self.open().with_clock().with_deadline().filter(deadline_on__lt=today)

    def due_soon(self, today: date | None = None, *, days: int = DUE_SOON_DAYS):
        """Open appeals whose deadline is today or within `days`."""
        today = today or timezone.localdate()
        return (
            self.open()
            .with_clock()
            .with_deadline()
            .filter(
                deadline_on__gte=today,
                deadline_on__lte=today + timedelta(days),
            )
        )

    def handled_by(self, user):
        """Open complaints that `user` took on (Complaint.assigned_to)."""
        return self.open().filter(assigned_to=user)

    def answered_in_time(self):
        return (
            self.closed()
            .with_clock()
            .with_deadline()
            .filter(closed_at__date__lte=F("deadline_on"))
        )

    def rating(self) -> dict:
        """The `average` satisfaction and how many complainants `rated` the answer."""
        return self.filter(satisfaction__isnull=False).aggregate(
            average=Avg("satisfaction"), rated=Count("id")
        )

    def category_counts(self, *, split):
        """Per community and category, how many complaints came before `split`
        (`earlier`) and since (`recent`), with the community's id and the category's
        `name` and `name_en`; complaints with no community or category are left out."""
        return (
            self.filter(community__isnull=False, category__isnull=False)
            .values(
                "community",
                name=F("category__name"),
                name_en=F("category__name_en"),
            )
            .annotate(
                recent=Count("id", filter=Q(received_at__gte=split)),
                earlier=Count("id", filter=Q(received_at__lt=split)),
            )
            .order_by()
        )


# The rows of the partial indexes of open appeals whose clock runs, as
# ComplaintQuerySet.open().with_clock() picks them (CLOSED_STATUSES, spelled out).
OPEN_WITH_CLOCK = Q(path="formal", due_on__isnull=False) & ~Q(
    status__in=["duplicate", "rejected", "resolved", "returned"]
)


class Complaint(TransitionsMixin, models.Model):
    class Kind(models.TextChoices):
        COMPLAINT = "complaint", _("complaint about police conduct or inaction")
        PROBLEM = "problem", _("report of a local security problem")
        THANKS = "thanks", _("thanks or positive feedback")
        SUGGESTION = "suggestion", _("suggestion")

    class Path(models.TextChoices):
        FORMAL = "formal", _("formal appeal")
        ANONYMOUS = "anonymous", _("anonymous feedback")

    class Channel(models.TextChoices):
        WEB = "web", _("web form")
        PHONE = "phone", _("phone call")
        EMAIL = "email", _("e-mail")
        IN_PERSON = "in_person", _("in person")
        LETTER = "letter", _("letter")

    class Term(models.TextChoices):
        SHORT = "short", _("needs no further study: 15 days")
        MONTH = "month", _("needs study: one month")

    class Status(models.TextChoices):
        RECEIVED = "received", _("received")
        TRIAGE = "triage", _("in triage")
        REFERRED = "referred", _("referred to a police unit")
        IN_PROGRESS = "in_progress", _("in progress")
        AWAITING = "awaiting", _("awaiting the complainant")
        RESOLVED = "resolved", _("resolved")
        REJECTED = "rejected", _("rejected")
        DUPLICATE = "duplicate", _("duplicate")
        RETURNED = "returned", _("returned for missing details")

    # The queue's narrow columns name the kind and the path in a word.
    KIND_IN_A_WORD = {
        Kind.COMPLAINT: pgettext_lazy("kind of complaint", "complaint"),
        Kind.PROBLEM: pgettext_lazy("kind of complaint", "local problem"),
        Kind.THANKS: pgettext_lazy("kind of complaint", "thanks"),
        Kind.SUGGESTION: pgettext_lazy("kind of complaint", "suggestion"),
    }
    PATH_IN_A_WORD = {
        Path.FORMAL: pgettext_lazy("path of a complaint", "formal"),
        Path.ANONYMOUS: pgettext_lazy("path of a complaint", "anonymous"),
    }

    CLOSED_STATUSES = frozenset(
        {Status.RESOLVED, Status.REJECTED, Status.DUPLICATE, Status.RETURNED}
    )
    # Which status may follow which; hotline.actions checks every change against this.
    TRANSITIONS = {
        Status.RECEIVED: {
            Status.TRIAGE,
            Status.REFERRED,
            Status.IN_PROGRESS,
            Status.RESOLVED,
            Status.REJECTED,
            Status.DUPLICATE,
            Status.RETURNED,
        },
        Status.TRIAGE: {
            Status.REFERRED,
            Status.IN_PROGRESS,
            Status.AWAITING,
            Status.RESOLVED,
            Status.REJECTED,
            Status.DUPLICATE,
            Status.RETURNED,
        },
        Status.REFERRED: {
            Status.TRIAGE,
            Status.IN_PROGRESS,
            Status.AWAITING,
            Status.RESOLVED,
            Status.REJECTED,
        },
        Status.IN_PROGRESS: {
            Status.REFERRED,
            Status.AWAITING,
            Status.RESOLVED,
            Status.REJECTED,
        },
        Status.AWAITING: {
            Status.TRIAGE,
            Status.IN_PROGRESS,
            Status.RESOLVED,
            Status.REJECTED,
        },
        Status.RESOLVED: {Status.IN_PROGRESS},
        Status.REJECTED: {Status.TRIAGE},
        Status.DUPLICATE: {Status.TRIAGE},
        Status.RETURNED: {Status.TRIAGE},
    }
    TRANSITION_REFUSED = _("A complaint that is “%(old)s” cannot become “%(new)s”.")

    received_at = models.DateTimeField(
        _("received"), default=timezone.now, db_index=True
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    # Indexed by "complaint_category" (category, received_at) in Meta.
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("category"),
        db_index=False,
    )
    # Indexed by "complaint_community" (community, received_at) in Meta.
    community = community_field(related_name="complaints", db_index=False)
    settlement = models.ForeignKey(
        Settlement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("settlement"),
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    occurred_on = models.DateField(_("date of the incident"))
    occurred_time = models.TimeField(_("time of the incident"), null=True, blank=True)
    description = models.TextField(_("description"))
    officer_identification = models.CharField(
        _("officer or patrol identification"), max_length=120, blank=True
    )
    path = models.CharField(_("path"), max_length=16, choices=Path.choices)
    channel = models.CharField(
        _("channel"), max_length=16, choices=Channel.choices, default=Channel.WEB
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=Status.choices,
        default=Status.RECEIVED,
    )

    # The language the complaint was filed in: replies by e-mail use it.
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="uk"
    )

    # The complainant of a formal appeal. Anonymous feedback leaves all of these empty.
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    residence = models.CharField(_("place of residence"), max_length=300, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    consent_given_at = models.DateTimeField(
        _("consent to data processing given"), null=True, blank=True
    )
    personal_data_erased_at = models.DateTimeField(
        _("personal data erased"), null=True, blank=True
    )

    # The statutory clock of a formal appeal.
    term = models.CharField(_("term"), max_length=8, choices=Term.choices, blank=True)
    due_on = models.DateField(_("due"), null=True, blank=True)
    extended_due_on = models.DateField(_("extended to"), null=True, blank=True)

    # Unique through Meta.constraints: a `unique=True` field would also get a
    # pattern-matching index that no equality look-up uses and every filing updates.
    receipt_hash = models.CharField(max_length=64, editable=False)
    unit = models.ForeignKey(
        PoliceUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("police unit"),
    )
    # The member of staff who took the complaint on ("mine" in the queue). Indexed by
    # "complaint_handler" in Meta.
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        verbose_name=_("handled by"),
    )
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("duplicate of"),
    )
    first_reply_at = models.DateTimeField(
        _("first public reply"), null=True, blank=True
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    satisfaction = models.PositiveSmallIntegerField(
        _("satisfaction"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    satisfaction_comment = models.TextField(_("comment on the answer"), blank=True)
    rated_at = models.DateTimeField(_("rated"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        permissions = [
            ("view_personal_data", _("Can see complainants' personal data")),
            ("view_attachments", _("Can open complaints' attachments")),
            ("triage_complaint", _("Can move complaints through triage")),
            ("extend_deadline", _("Can extend a statutory deadline")),
            ("flag_complaint", _("Can flag a disagreement with the handling")),
            ("refer_externally", _("Can record referrals to outside bodies")),
            ("export_complaints", _("Can export the complaint list")),
        ]
        # The queue in the back office is newest first, filtered by one of these;
        # each index gives a filter's newest rows, and counts them, without reading
        # the rest of a million complaints. Dates of open appeals order the queue by
        # days left, and answer the deadline filter.
        indexes = [
            models.Index(
                fields=["community", "received_at"], name="complaint_community"
            ),
            models.Index(fields=["path", "status", "due_on"], name="complaint_clock"),
            models.Index(fields=["status", "received_at"], name="complaint_status"),
            models.Index(fields=["kind", "received_at"], name="complaint_kind"),
            models.Index(
                fields=["assigned_to", "received_at"], name="complaint_handler"
            ),
            models.Index(fields=["category", "received_at"], name="complaint_category"),
            models.Index(fields=["channel", "received_at"], name="complaint_channel"),
            models.Index(
                Coalesce("extended_due_on", "due_on"),
                name="complaint_open_deadline",
                condition=OPEN_WITH_CLOCK,
            ),
            # The newest overdue appeals are a month old: without it, the list of
            # them steps over every newer complaint.
            models.Index(
                fields=["received_at"],
                name="complaint_open_received",
                condition=OPEN_WITH_CLOCK,
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["receipt_hash"], name="complaint_receipt_hash_unique"
            ),
            models.CheckConstraint(
                condition=Q(path="formal") | Q(full_name="", email="", phone=""),
                name="anonymous_complaint_has_no_contact",
            ),
        ]

    def __str__(self):
        return self.reference

    @property
    def reference(self) -> str:
        """The number staff use for a complaint, such as 2026-000123."""
        return f"{timezone.localtime(self.received_at).year}-{self.pk or 0:06d}"

    @property
    def is_closed(self) -> bool:
        return self.status in self.CLOSED_STATUSES

    @property
    def is_formal(self) -> bool:
        return self.path == self.Path.FORMAL

    @property
    def deadline(self) -> date | None:
        return self.extended_due_on or self.due_on

    @property
    def latest_allowed_deadline(self) -> date:
        received = timezone.localdate(self.received_at)
        return received + timedelta(LONGEST_TERM_DAYS)

    def days_left(self, today: date | None = None) -> int | None:
        if self.deadline is None or self.is_closed:
            return None
        return (self.deadline - (today or timezone.localdate())).days

    @staticmethod
    def due_date(received: date, term: str) -> date:
        if term == Complaint.Term.SHORT:
            return received + timedelta(SHORT_TERM_DAYS)
        return add_month(received)


class ComplaintEvent(models.Model):
    """One entry of a complaint's history: a status change, a reply, a note, a flag.

    `public_text` is shown to the complainant on the tracking page; `internal_note`
    never leaves the back office.
    """

    class Kind(models.TextChoices):
        STATUS = "status", _("status changed")
        REPLY = "reply", _("public reply")
        NOTE = "note", _("internal note")
        COMPLAINANT = "complainant", _("information from the complainant")
        EXTENSION = "extension", _("deadline extended")
        FLAG = "flag", _("disagreement flagged")
        FLAG_CLOSED = "flag_closed", _("disagreement settled")
        REFERRAL = "referral", _("referral to an outside body")
        RATING = "rating", _("rated by the complainant")
        ASSIGNED = "assigned", _("taken on")

    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="events"
    )
    created_at = models.DateTimeField(_("time"), default=timezone.now)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    old_status = models.CharField(
        _("from"), max_length=16, choices=Complaint.Status.choices, blank=True
    )
    new_status = models.CharField(
        _("to"), max_length=16, choices=Complaint.Status.choices, blank=True
    )
    public_text = models.TextField(_("public reply"), blank=True)
    internal_note = models.TextField(_("internal note"), blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("history entry")
        verbose_name_plural = _("history")
        indexes = [models.Index(fields=["complaint", "created_at"], name="event_order")]

    def __str__(self):
        return self.get_kind_display()

    @property
    def is_public(self) -> bool:
        return bool(self.public_text) or self.kind in {
            self.Kind.STATUS,
            self.Kind.COMPLAINANT,
            self.Kind.EXTENSION,
        }


def attachment_path(instance, filename: str) -> str:
    # The resident's file name is not kept: it can name people or places.
    extension = filename.rsplit(".", 1)[-1].lower()
    return f"hotline/{instance.complaint_id}/{uuid.uuid4().hex}.{extension}"


class Attachment(models.Model):
    """A photo or a PDF sent with a complaint, kept outside the public media folder."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="attachments"
    )
    event = models.ForeignKey(
        ComplaintEvent,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attachments",
    )
    file = models.FileField(
        _("file"), upload_to=attachment_path, storage=private_storage, max_length=200
    )
    content_type = models.CharField(_("type"), max_length=40)
    size = models.PositiveIntegerField(_("size in bytes"))
    created_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return f"{self.content_type}, {self.size // 1024} KB"

    @property
    def extension(self) -> str:
        return (self.file.name or "").rsplit(".", 1)[-1]


class Flag(models.Model):
    """A monitor's disagreement with how the police classified or handled a case."""

    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="flags"
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("raised by"),
    )
    raised_at = models.DateTimeField(_("raised"), default=timezone.now)
    reason = models.TextField(_("reason"))
    settled_at = models.DateTimeField(_("settled"), null=True, blank=True)
    settlement_note = models.TextField(_("how it was settled"), blank=True)

    class Meta:
        ordering = ["-raised_at"]
        verbose_name = _("disagreement flag")
        verbose_name_plural = _("disagreement flags")

    def __str__(self):
        return self.reason[:60]


class ExternalReferral(models.Model):
    """A complaint referred by the monitors to a body outside the police."""

    class Body(models.TextChoices):
        OMBUDSMAN = "ombudsman", _("Ukrainian Parliament Commissioner for Human Rights")
        PROSECUTOR = "prosecutor", _("prosecutor's office")
        SBI = "sbi", _("State Bureau of Investigation")
        OTHER = "other", _("other body")

    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="external_referrals"
    )
    body = models.CharField(_("body"), max_length=16, choices=Body.choices)
    referred_on = models.DateField(_("referred on"), default=timezone.localdate)
    reference = models.CharField(_("their reference"), max_length=100, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    outcome_on = models.DateField(_("outcome on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        ordering = ["-referred_on"]
        verbose_name = _("referral to an outside body")
        verbose_name_plural = _("referrals to outside bodies")

    def __str__(self):
        return self.get_body_display()
