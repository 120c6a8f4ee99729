"""What every app of the portal shares: places, the audit log and the e-mail outbox."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import storages
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin, TimestampMixin


def in_language(obj, field: str) -> str:
    """A text field in the reader's language: `field_en` in English when filled in,
    else the Ukrainian `field`."""
    if get_language() == "en":
        english = getattr(obj, f"{field}_en", "")
        if english:
            return english
    return getattr(obj, field)


class BilingualNameMixin(models.Model):
    """A name kept in Ukrainian and in English, shown in the reader's language."""

    name = models.CharField(_("name (Ukrainian)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)

    class Meta:
        abstract = True

    @property
    def display_name(self) -> str:
        if get_language() == "en" and self.name_en:
            return self.name_en
        return self.name


class CommunityQuerySet(models.QuerySet):
    def with_settlement_count(self):
        """Each community with the number of its settlements, counted for the rows
        read only (a subquery per row, over the settlements' community index),
        rather than by grouping every settlement of the country."""
        counted = (
            Settlement.objects.filter(community=models.OuterRef("pk"))
            .order_by()
            .values("community")
            .annotate(number=models.Count("pk"))
            .values("number")
        )
        return self.annotate(settlement_count=Coalesce(models.Subquery(counted), 0))


class Community(BilingualNameMixin):
    """A territorial community (hromada) of the raion.

    Objects that concern the whole raion rather than one community leave their
    community empty (see `community_field`).
    """

    class Kind(models.TextChoices):
        URBAN = "urban", _("urban community")
        SETTLEMENT = "settlement", _("settlement community")
        RURAL = "rural", _("rural community")

    slug = models.SlugField(_("address name"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)

    objects = CommunityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        constraints = [
            models.UniqueConstraint(fields=["name"], name="community_unique_name"),
        ]

    def __str__(self):
        return self.display_name


class Settlement(BilingualNameMixin):
    """A city, town or village inside a community."""

    class Kind(models.TextChoices):
        CITY = "city", _("city")
        TOWN = "town", _("town")
        VILLAGE = "village", _("village")

    community = models.ForeignKey(
        Community,
        on_delete=models.PROTECT,
        related_name="settlements",
        verbose_name=_("community"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    katottg = models.CharField(
        _("KATOTTG code"),
        max_length=19,
        blank=True,
        help_text=_("Code in the Codifier of administrative-territorial units."),
    )

    class Meta:
        ordering = ["community__name", "name"]
        verbose_name = _("settlement")
        verbose_name_plural = _("settlements")
        constraints = [
            models.UniqueConstraint(
                fields=["community", "name"], name="settlement_unique_name"
            ),
        ]

    def __str__(self):
        return self.display_name


def private_storage():
    """Where files live that only authorised staff may open (settings: "private")."""
    return storages["private"]


def community_field(**options) -> models.ForeignKey:
    """A link to a community where an empty value means the whole raion."""
    defaults = {
        "on_delete": models.PROTECT,
        "null": True,
        "blank": True,
        "verbose_name": _("community"),
        "help_text": _("Leave empty when it concerns the whole raion."),
    }
    return models.ForeignKey(Community, **{**defaults, **options})


class AuditEntry(models.Model):
    """One recorded action: who did what to which object, and when.

    Entries are written by `portal.audit.record` and never changed afterwards. They
    must not carry personal data of residents: record identifiers, not contents.
    """

    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    # Kept so that the entry still says who acted after the account is deleted.
    actor_label = models.CharField(_("actor name"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=80, db_index=True)
    content_type = models.ForeignKey(
        ContentType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("object type"),
    )
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    data = models.JSONField(
        _("data"), default=dict, blank=True, encoder=DjangoJSONEncoder
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="audit_object"),
        ]

    def __str__(self):
        return f"{self.action} {self.object_repr}".strip()

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("Audit entries are never changed once written.")
        super().save(*args, **kwargs)


class OutboxMessageQuerySet(models.QuerySet):
    def due(self):
        return self.filter(
            status=OutboxMessage.Status.PENDING, next_attempt_at__lte=timezone.now()
        )


class OutboxMessage(models.Model):
    """An e-mail waiting to be sent.

    A message that must not be lost is written here in the same transaction as the
    change that causes it; a task sends it after the commit and a periodic sweep
    retries what is still pending, so a broker or mail-server outage delays messages
    but never drops them.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        SENT = "sent", _("sent")

    created_at = models.DateTimeField(_("created"), default=timezone.now)
    to = models.EmailField(_("recipient"))
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    # For messages that carry a secret (a receipt code): the text is erased once sent.
    erase_body_when_sent = models.BooleanField(_("erase text when sent"), default=False)
    # The error's type only: SMTP error texts can repeat the recipient's address.
    last_error = models.CharField(_("last error"), max_length=200, blank=True)

    objects = OutboxMessageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="outbox_due"),
            # The back office's list, newest first.
            models.Index(fields=["created_at"], name="outbox_created"),
        ]

    def __str__(self):
        return self.subject


class RecoveryCodeDevice(TimestampMixin, ThrottlingMixin, Device):
    """A staff member's recovery codes, for the day the phone is lost: each passes
    the second step once. Only a hash of each code is kept (portal.two_factor)."""

    class Meta:
        verbose_name = _("recovery codes")
        verbose_name_plural = _("recovery codes")

    def get_throttle_factor(self) -> int:
        # A wrong code makes the next try wait 1 s, then 2, 4...; as django_otp's
        # own devices.
        return 1

    def verify_token(self, token) -> bool:
        from portal.two_factor import recovery_code_digest

        allowed, _reason = self.verify_is_allowed()
        if not allowed:
            return False
        used, _deleted = self.codes.filter(digest=recovery_code_digest(token)).delete()
        if not used:
            self.throttle_increment()
            return False
        self.throttle_reset(commit=False)
        self.set_last_used_timestamp(commit=False)
        self.save()
        return True


class RecoveryCode(models.Model):
    """One unused recovery code, as the SHA-256 hash of its 80 random bits."""

    device = models.ForeignKey(
        RecoveryCodeDevice, on_delete=models.CASCADE, related_name="codes"
    )
    digest = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["device", "digest"], name="recovery_code_once"
            )
        ]
        verbose_name = _("recovery code")
        verbose_name_plural = _("recovery codes")

    def __str__(self):
        return f"{self.device_id}:{self.digest[:8]}"
