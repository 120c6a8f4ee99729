"""Events: round tables, focus groups, trainings, school lectures, meetings, briefings,
and the registrations of the people who come."""

import secrets
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import BilingualNameMixin, community_field, in_language
from portal.transitions import TransitionsMixin

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# A place offered from the waiting list is kept this long for its confirmation.
OFFER_HOURS = 48


class Audience(BilingualNameMixin):
    """Who an event is meant for: residents, deputies, journalists, activists..."""

    code = models.SlugField(_("code"), unique=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("audience")
        verbose_name_plural = _("audiences")

    def __str__(self):
        return self.display_name


class EventQuerySet(models.QuerySet):
    def public(self):
        return self.exclude(status=Event.Status.DRAFT)

    def upcoming(self, now=None):
        return self.public().filter(ends_at__gte=now or timezone.now())

    def past(self):
        return self.public().filter(ends_at__lt=timezone.now())

    def held_between(self, start, end):
        """Events that took place: completed, and started within the period."""
        return self.filter(status=Event.Status.COMPLETED, starts_at__range=(start, end))


class Event(TransitionsMixin, models.Model):
    class Kind(models.TextChoices):
        ROUND_TABLE = "round_table", _("round table")
        FOCUS_GROUP = "focus_group", _("focus group")
        TRAINING = "training", _("training seminar")
        SCHOOL_LECTURE = "school_lecture", _("school lecture")
        PUBLIC_MEETING = "public_meeting", _("public meeting")
        PRESS_BRIEFING = "press_briefing", _("press briefing")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SCHEDULED = "scheduled", _("scheduled")
        POSTPONED = "postponed", _("postponed")
        CANCELLED = "cancelled", _("cancelled")
        COMPLETED = "completed", _("completed")

    TRANSITIONS = {
        Status.DRAFT: {Status.SCHEDULED, Status.CANCELLED},
        Status.SCHEDULED: {Status.POSTPONED, Status.CANCELLED, Status.COMPLETED},
        Status.POSTPONED: {Status.SCHEDULED, Status.CANCELLED},
        Status.CANCELLED: set(),
        Status.COMPLETED: set(),
    }
    TRANSITION_REFUSED = _("An event that is “%(old)s” cannot become “%(new)s”.")

    title = models.CharField(_("title (Ukrainian)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    slug = models.SlugField(_("address name"), max_length=80, unique=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("description (Ukrainian)"))
    description_en = models.TextField(_("description (English)"), blank=True)
    audiences = models.ManyToManyField(
        Audience, blank=True, related_name="events", verbose_name=_("meant for")
    )
    community = community_field(related_name="events")
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    venue_en = models.CharField(_("venue (English)"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    online_url = models.URLField(
        _("online link"),
        blank=True,
        help_text=_("Shown only to people who registered."),
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    registration_required = models.BooleanField(_("registration needed"), default=True)
    registration_opens_at = models.DateTimeField(
        _("registration opens"), null=True, blank=True
    )
    registration_closes_at = models.DateTimeField(
        _("registration closes"), null=True, blank=True
    )
    speakers = models.TextField(
        _("speakers"), blank=True, help_text=_("One per line, with their role.")
    )
    speakers_en = models.TextField(_("speakers (English)"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    status_note = models.TextField(
        _("note on the status"),
        blank=True,
        help_text=_("Why it was postponed or cancelled; shown on the event's page."),
    )
    status_note_en = models.TextField(_("note on the status (English)"), blank=True)
    minutes = models.TextField(
        _("minutes"), blank=True, help_text=_("What was discussed and decided.")
    )
    minutes_en = models.TextField(_("minutes (English)"), blank=True)
    organisations_present = models.TextField(
        _("organisations present"), blank=True, help_text=_("One per line.")
    )
    created_at = models.DateTimeField(
        _("created"), default=timezone.now, editable=False
    )
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    # Grows with every change that calendars show (events.calendars), so that
    # subscribed calendars take the new version.
    sequence = models.PositiveIntegerField(default=0, editable=False)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        permissions = [
            ("view_registrant_data", _("Can see registrants' names and contacts")),
            ("change_event_status", _("Can postpone, cancel or complete events")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="event_ends_after_start",
            ),
        ]
        indexes = [
            # Lists read upcoming events in date order, the archive past ones.
            models.Index(fields=["starts_at"], name="event_starts"),
            models.Index(fields=["ends_at"], name="event_ends"),
        ]

    # What calendar programs show of an event: a change to any makes a new SEQUENCE.
    CALENDAR_FIELDS = (
        "title",
        "title_en",
        "description",
        "description_en",
        "starts_at",
        "ends_at",
        "venue",
        "address",
        "status",
    )

    def __str__(self):
        return self.display_title

    def save(self, *args, **kwargs):
        if self.pk is not None:
            before = Event.objects.filter(pk=self.pk).values(*self.CALENDAR_FIELDS)
            old = before.first()
            if old and any(old[name] != getattr(self, name) for name in old):
                self.sequence += 1
                if kwargs.get("update_fields") is not None:
                    kwargs["update_fields"] = {
                        *kwargs["update_fields"],
                        "sequence",
                        "updated_at",
                    }
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("events:detail", args=[self.slug])

    @property
    def display_title(self) -> str:
        return in_language(self, "title")

    @property
    def display_description(self) -> str:
        return in_language(self, "description")

    # What people write about the event, each in the reader's language where its
    # English twin is filled in.
    @property
    def display_venue(self) -> str:
        return in_language(self, "venue")

    @property
    def display_speakers(self) -> str:
        return in_language(self, "speakers")

    @property
    def display_status_note(self) -> str:
        return in_language(self, "status_note")

    @property
    def display_minutes(self) -> str:
        return in_language(self, "minutes")

    @property
    def speaker_list(self) -> list[str]:
        return [
            line.strip() for line in self.display_speakers.splitlines() if line.strip()
        ]

    def attendance_by_affiliation(self) -> list[tuple["StrOrPromise", int]]:
        """How many came, by affiliation (registered and walk-ins alike)."""
        counts = dict(
            self.registrations.filter(attended=True)
            .values_list("affiliation")
            .annotate(n=models.Count("id"))
            .order_by()
        )
        return [
            (label, counts[value])
            for value, label in Registration.Affiliation.choices
            if counts.get(value)
        ]

    def registration_open(self, now=None) -> bool:
        now = now or timezone.now()
        if not self.registration_required or self.status != self.Status.SCHEDULED:
            return False
        if self.registration_opens_at and now < self.registration_opens_at:
            return False
        closes = self.registration_closes_at or self.starts_at
        return now < closes

    def registration_turns_at(self, now=None):
        """When registration next opens or closes by itself, or None."""
        now = now or timezone.now()
        if not self.registration_required or self.status != self.Status.SCHEDULED:
            return None
        closes = self.registration_closes_at or self.starts_at
        moments = [self.registration_opens_at, closes]
        return min(
            (moment for moment in moments if moment and moment > now), default=None
        )


class RegistrationQuerySet(models.QuerySet):
    def holding_places(self):
        return self.filter(
            status__in=[Registration.Status.CONFIRMED, Registration.Status.OFFERED]
        )

    def active(self):
        return self.exclude(
            status__in=[Registration.Status.CANCELLED, Registration.Status.EXPIRED]
        )

    def attended(self):
        return self.filter(attended=True)


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Registration(models.Model):
    """A person's place at an event, or in its waiting list.

    The private link that lets the person see or cancel it carries a random token,
    never the row's number.
    """

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("registered")
        WAITLISTED = "waitlisted", _("on the waiting list")
        OFFERED = "offered", _("offered a place")
        CANCELLED = "cancelled", _("cancelled")
        EXPIRED = "expired", _("offer expired")

    class Affiliation(models.TextChoices):
        RESIDENT = "resident", _("resident")
        DEPUTY = "deputy", _("deputy")
        JOURNALIST = "journalist", _("journalist")
        ACTIVIST = "activist", _("activist")
        SCHOOL = "school", _("school")
        POLICE = "police", _("police")
        OTHER = "other", _("other")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="registrations"
    )
    token = models.CharField(
        max_length=40, unique=True, default=new_token, editable=False
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    affiliation = models.CharField(
        _("affiliation"), max_length=12, choices=Affiliation.choices
    )
    needs = models.CharField(_("needs (accessibility)"), max_length=300, blank=True)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="uk"
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    created_at = models.DateTimeField(_("registered"), default=timezone.now)
    offered_until = models.DateTimeField(_("offer valid until"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)
    attended = models.BooleanField(_("attended"), default=False)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        indexes = [models.Index(fields=["event", "status"], name="registration_status")]

    def __str__(self):
        return f"{self.event_id}: {self.get_status_display()}"

    def private_url(self) -> str:
        """The registration's own page; its token is the registrant's key.

        Deliberately not get_absolute_url(): Django treats that as a public address,
        and the admin's "view on site" redirect would hand it to any staff account.
        """
        return reverse("events:registration", args=[self.token])

    def offer_deadline(self):
        return timezone.now() + timedelta(hours=OFFER_HOURS)


class EventRequest(models.Model):
    """A school, a deputy or an organisation asks for a lecture or a training."""

    class Status(models.TextChoices):
        NEW = "new", _("new")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")

    kind = models.CharField(
        _("what you ask for"),
        max_length=20,
        choices=[
            (Event.Kind.SCHOOL_LECTURE, _("a lecture in a school")),
            (Event.Kind.TRAINING, _("a training")),
            (Event.Kind.PUBLIC_MEETING, _("a meeting in the community")),
        ],
    )
    topic = models.CharField(_("topic"), max_length=200)
    audience = models.CharField(
        _("audience"), max_length=200, help_text=_("Who will come, and how many.")
    )
    preferred_dates = models.CharField(_("preferred dates"), max_length=200)
    community = community_field(related_name="event_requests")
    organisation = models.CharField(_("school or organisation"), max_length=200)
    contact_name = models.CharField(_("contact person"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="uk"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEW
    )
    decision_note = models.TextField(_("reason or note"), blank=True)
    event = models.ForeignKey(
        Event,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name=_("event"),
    )
    created_at = models.DateTimeField(_("received"), default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("request for an event")
        verbose_name_plural = _("requests for events")

    def __str__(self):
        return f"{self.organisation}: {self.topic}"


def photo_path(instance, filename: str) -> str:
    # The photographer's file name is not kept.
    extension = filename.rsplit(".", 1)[-1]
    return f"events/{instance.event_id}/{secrets.token_hex(8)}.{extension}"


class EventPhoto(models.Model):
    """A photo of a past event, stored without its metadata, with a thumbnail."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to=photo_path)
    thumbnail = models.ImageField(_("thumbnail"), upload_to=photo_path)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self):
        return self.caption or self.image.name
