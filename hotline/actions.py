"""Every change to a complaint: checked, atomic, written to the history and the audit
log, with messages to the complainant queued in the outbox of the same transaction."""

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from typing import cast

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hotline.models import (
    Attachment,
    Complaint,
    ComplaintEvent,
    ExternalReferral,
    Flag,
    PoliceUnit,
)
from hotline.receipts import new_receipt, receipt_hash
from hotline.uploads import CleanFile
from portal import audit
from portal.actions import queue_email, queue_templated_email
from portal.retention import Retention
from portal.transitions import TransitionError

logger = logging.getLogger(__name__)

# What retention erases: whatever identifies the author or, in free text, anyone else.
# Kind, category, community, dates, statuses and the rating stay for the statistics.
PERSONAL_FIELDS = [
    "full_name",
    "residence",
    "email",
    "phone",
    "officer_identification",
    "place",
    "description",
    "satisfaction_comment",
]


def _tell_complainant(complaint: Complaint, template: str, **context) -> None:
    if not complaint.email:
        return
    queue_templated_email(
        to=complaint.email,
        template=f"hotline/email/{template}",
        context={
            "complaint": complaint,
            "track_url": settings.SITE_URL + reverse("hotline:track"),
            **context,
        },
        language=complaint.language,
        # A receipt code must not stay in the database once delivered.
        erase_body_when_sent="receipt" in context,
    )


@contextmanager
def _atomic_with_files() -> Iterator[list[str]]:
    """A transaction that stores files: if it fails before its commit, the files it
    stored are deleted, since no row will ever name them (and they hold residents'
    photos and documents).

    If the commit itself fails, the database may or may not have saved the rows
    (the connection can drop after the server committed), so the files are kept.
    """
    stored: list[str] = []
    committing = False
    try:
        with transaction.atomic():
            yield stored
            committing = True
    except BaseException:
        if not committing:
            for name in stored:
                Attachment.file.field.storage.delete(name)
        elif stored:
            logger.warning("Commit failed; %s stored files kept", len(stored))
        raise


def remove_orphan_files(older_than: timedelta = timedelta(hours=1)) -> int:
    """Delete stored attachment files that no row names, once they are `older_than`.

    They are left when the database connection dropped during a filing's commit:
    the portal cannot tell then whether the rows were saved, so it keeps the files
    (see _atomic_with_files) and this removes those whose rows never came. Returns
    how many files were deleted.
    """
    storage = Attachment.file.field.storage
    known = set(Attachment.objects.values_list("file", flat=True))
    cutoff = timezone.now() - older_than
    try:
        folders, _files = storage.listdir("hotline")
    except FileNotFoundError:
        return 0
    removed = 0
    for folder in folders:
        _folders, names = storage.listdir(f"hotline/{folder}")
        for name in names:
            path = f"hotline/{folder}/{name}"
            if path not in known and storage.get_modified_time(path) <= cutoff:
                storage.delete(path)
                removed += 1
    if removed:
        logger.warning("Removed %s attachment files that no complaint names", removed)
    return removed


def file_complaint(
    complaint: Complaint,
    *,
    files: list[CleanFile],
    actor=None,
) -> str:
    """Save a new complaint (from the web form or entered by an operator), all of it
    or nothing: the complaint, its files and its receipt e-mail.

    Returns the receipt code: it is shown once and e-mailed where an address was
    given, and the portal keeps only its hash.
    """
    with _atomic_with_files() as stored:
        receipt = _file(complaint, files, actor, stored)
    return receipt


def _file(complaint: Complaint, files: list[CleanFile], actor, stored) -> str:
    receipt = new_receipt()
    # A new receipt always reads as a code, so it always has a hash.
    complaint.receipt_hash = cast(str, receipt_hash(receipt))
    complaint.status = Complaint.Status.RECEIVED
    if complaint.is_formal:
        complaint.term = complaint.term or Complaint.Term.MONTH
        received = timezone.localdate(complaint.received_at)
        complaint.due_on = Complaint.due_date(received, complaint.term)
        complaint.consent_given_at = complaint.consent_given_at or timezone.now()
    else:
        # Anonymous feedback: whatever identifies the sender is dropped, not stored.
        complaint.full_name = complaint.residence = ""
        complaint.email = complaint.phone = ""
        complaint.term, complaint.due_on, complaint.consent_given_at = "", None, None
    complaint.save()
    # The filing itself is the complaint's receipt time; its history starts after it.
    _attach(complaint, None, files, stored)
    if actor is not None and actor.is_authenticated:
        # Staff recording a call or a letter; residents' own filings are recorded by
        # the complaint itself, and nothing about them belongs in the staff audit log.
        audit.record(
            "hotline.complaint.filed",
            actor=actor,
            obj=complaint,
            path=complaint.path,
            channel=complaint.channel,
        )
    _tell_complainant(complaint, "receipt", receipt=receipt)
    return receipt


def _attach(
    complaint: Complaint,
    event: ComplaintEvent | None,
    files: list[CleanFile],
    stored: list[str],
) -> None:
    """Store files with the complaint (event None: sent with the filing itself),
    noting each stored file's name as soon as it is written."""
    for upload in files:
        attachment = Attachment(
            complaint=complaint,
            event=event,
            content_type=upload.content_type,
            size=upload.size,
        )
        # A clean file is always named, and a saved one by its storage.
        attachment.file.save(cast(str, upload.content.name), upload.content, save=False)
        stored.append(cast(str, attachment.file.name))
        attachment.save()


@transaction.atomic
def change_status(
    complaint: Complaint,
    *,
    new_status: str,
    actor,
    public_text: str = "",
    internal_note: str = "",
    unit: PoliceUnit | None = None,
    duplicate_of: Complaint | None = None,
    term: str = "",
) -> ComplaintEvent:
    """Move a complaint to another status, with an optional reply and note."""
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    complaint.ensure_can_move_to(new_status)
    _check_status_details(complaint, new_status, public_text, unit, duplicate_of)
    old_status = complaint.status
    now = timezone.now()
    fields = ["status", "closed_at", "updated_at"]
    complaint.status = new_status
    complaint.closed_at = now if complaint.is_closed else None
    if new_status == Complaint.Status.REFERRED:
        complaint.unit = unit
        fields.append("unit")
    if new_status == Complaint.Status.DUPLICATE:
        complaint.duplicate_of = duplicate_of
        fields.append("duplicate_of")
    if term and complaint.is_formal and term != complaint.term:
        _set_term(complaint, term)
        fields += ["term", "due_on"]
    if public_text and complaint.first_reply_at is None:
        complaint.first_reply_at = now
        fields.append("first_reply_at")
    complaint.save(update_fields=fields)
    event = complaint.events.create(
        kind=ComplaintEvent.Kind.STATUS,
        actor=actor,
        old_status=old_status,
        new_status=new_status,
        public_text=public_text,
        internal_note=internal_note,
    )
    audit.record(
        "hotline.complaint.status_changed",
        actor=actor,
        obj=complaint,
        old=old_status,
        new=new_status,
        unit=unit.pk if unit else None,
        duplicate_of=duplicate_of.pk if duplicate_of else None,
    )
    _tell_complainant(complaint, "status", event=event)
    if new_status == Complaint.Status.REFERRED and unit is not None and unit.email:
        _tell_unit(complaint, unit)
    return event


def change_many(
    complaints, *, actor, **change
) -> tuple[list[Complaint], list[tuple[Complaint, str]]]:
    """`change_status` for each of `complaints`, each in its own transaction, for the
    queue's bulk actions: the complaints moved, and those that could not be, each
    with the reason (one refused change leaves the others made)."""
    moved, refused = [], []
    for complaint in complaints:
        try:
            change_status(complaint, actor=actor, **change)
        except TransitionError as error:
            refused.append((complaint, str(error)))
        else:
            moved.append(complaint)
    return moved, refused


@transaction.atomic
def assign(complaint: Complaint, *, actor, to) -> bool:
    """Give `complaint` to the member of staff `to` (None: to nobody); False when it
    was theirs already. The history notes who took it on; the complainant is not
    told."""
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if complaint.assigned_to_id == (to.pk if to else None):
        return False
    complaint.assigned_to = to
    complaint.save(update_fields=["assigned_to", "updated_at"])
    complaint.events.create(
        kind=ComplaintEvent.Kind.ASSIGNED,
        actor=actor,
        internal_note=to.get_username() if to else "",
    )
    audit.record(
        "hotline.complaint.assigned",
        actor=actor,
        obj=complaint,
        to=to.pk if to else None,
    )
    return True


def _check_status_details(complaint, new_status, public_text, unit, duplicate_of):
    Status = Complaint.Status
    if new_status == Status.REFERRED and unit is None:
        raise TransitionError(_("Choose the police unit the complaint is referred to."))
    if new_status == Status.DUPLICATE and (
        duplicate_of is None or duplicate_of.pk == complaint.pk
    ):
        raise TransitionError(_("Choose the complaint this one duplicates."))
    if new_status == Status.RETURNED and not complaint.is_formal:
        raise TransitionError(
            _("Only a formal appeal can be returned for missing details.")
        )
    if new_status in {Status.REJECTED, Status.RETURNED} and not public_text.strip():
        raise TransitionError(
            _("Write the reason in the public reply: the complainant must be told.")
        )


def _set_term(complaint: Complaint, term: str) -> None:
    complaint.term = term
    complaint.due_on = Complaint.due_date(
        timezone.localdate(complaint.received_at), term
    )


def _tell_unit(complaint: Complaint, unit: PoliceUnit) -> None:
    # The unit learns that a complaint waits for it; the details stay in the portal.
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "complaint": complaint,
            "unit": unit,
            "admin_url": settings.SITE_URL
            + reverse("admin:hotline_complaint_change", args=[complaint.pk]),
        }
        queue_email(
            to=unit.email,
            subject=_("Complaint %(reference)s referred to your unit")
            % {"reference": complaint.reference},
            body=render_to_string("hotline/email/referral.txt", context),
        )


@transaction.atomic
def reply(
    complaint: Complaint, *, actor, public_text: str = "", internal_note: str = ""
) -> ComplaintEvent:
    """Answer the complainant and/or note something for the staff, status unchanged."""
    if not public_text.strip() and not internal_note.strip():
        raise TransitionError(_("Write a public reply or an internal note."))
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    kind = ComplaintEvent.Kind.REPLY if public_text else ComplaintEvent.Kind.NOTE
    event = complaint.events.create(
        kind=kind, actor=actor, public_text=public_text, internal_note=internal_note
    )
    if public_text and complaint.first_reply_at is None:
        complaint.first_reply_at = event.created_at
        complaint.save(update_fields=["first_reply_at", "updated_at"])
    audit.record(
        "hotline.complaint.reply" if public_text else "hotline.complaint.note",
        actor=actor,
        obj=complaint,
    )
    if public_text:
        _tell_complainant(complaint, "status", event=event)
    return event


@transaction.atomic
def extend_deadline(
    complaint: Complaint, *, actor, new_due: date, reason: str
) -> ComplaintEvent:
    """Record the decision to give a formal appeal more time, within 45 days in all."""
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if not complaint.is_formal or complaint.deadline is None:
        raise TransitionError(_("Only a formal appeal has a statutory deadline."))
    if complaint.is_closed:
        raise TransitionError(_("The complaint is closed."))
    if not reason.strip():
        raise TransitionError(_("Write the reason: the complainant must be told."))
    if new_due <= complaint.deadline:
        raise TransitionError(_("The new deadline must be later than the current one."))
    if new_due > complaint.latest_allowed_deadline:
        raise TransitionError(
            _("The law allows at most 45 days in all: the latest deadline is %(day)s.")
            % {"day": complaint.latest_allowed_deadline.strftime("%d.%m.%Y")}
        )
    old_due = complaint.deadline
    complaint.extended_due_on = new_due
    complaint.save(update_fields=["extended_due_on", "updated_at"])
    event = complaint.events.create(
        kind=ComplaintEvent.Kind.EXTENSION, actor=actor, public_text=reason
    )
    audit.record(
        "hotline.complaint.deadline_extended",
        actor=actor,
        obj=complaint,
        old=old_due,
        new=new_due,
    )
    _tell_complainant(complaint, "extension", event=event, new_due=new_due)
    return event


def add_information(
    complaint: Complaint, *, text: str, files: list[CleanFile]
) -> ComplaintEvent:
    """The complainant adds details or files from the tracking page."""
    with _atomic_with_files() as stored:
        return _add_information(complaint, text, files, stored)


def _add_information(
    complaint: Complaint, text: str, files: list[CleanFile], stored: list[str]
) -> ComplaintEvent:
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if complaint.is_closed:
        raise TransitionError(_("This complaint is closed; file a new one instead."))
    event = complaint.events.create(
        kind=ComplaintEvent.Kind.COMPLAINANT, public_text=text
    )
    _attach(complaint, event, files, stored)
    audit.record(
        "hotline.complaint.information_added",
        actor=None,
        obj=complaint,
        attachments=len(files),
    )
    if complaint.status == Complaint.Status.AWAITING:
        # What the staff waited for has arrived: the complaint is worked on again.
        complaint.status = Complaint.Status.IN_PROGRESS
        complaint.save(update_fields=["status", "updated_at"])
        complaint.events.create(
            kind=ComplaintEvent.Kind.STATUS,
            old_status=Complaint.Status.AWAITING,
            new_status=Complaint.Status.IN_PROGRESS,
        )
    return event


@transaction.atomic
def rate_answer(complaint: Complaint, *, satisfaction: int, comment: str) -> None:
    """The complainant rates the answer to a resolved complaint, once."""
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if complaint.status != Complaint.Status.RESOLVED:
        raise TransitionError(_("Only a resolved complaint can be rated."))
    if complaint.rated_at is not None:
        raise TransitionError(_("This answer has been rated already. Thank you."))
    complaint.satisfaction = satisfaction
    complaint.satisfaction_comment = comment
    complaint.rated_at = timezone.now()
    complaint.save(
        update_fields=["satisfaction", "satisfaction_comment", "rated_at", "updated_at"]
    )
    complaint.events.create(kind=ComplaintEvent.Kind.RATING)
    audit.record("hotline.complaint.rated", actor=None, obj=complaint)


@transaction.atomic
def flag_disagreement(complaint: Complaint, *, actor, reason: str) -> Flag:
    """A monitor disagrees with the police's classification or handling."""
    if not reason.strip():
        raise TransitionError(_("Write what you disagree with."))
    flag = complaint.flags.create(raised_by=actor, reason=reason)
    complaint.events.create(
        kind=ComplaintEvent.Kind.FLAG, actor=actor, internal_note=reason
    )
    audit.record("hotline.complaint.flagged", actor=actor, obj=complaint, flag=flag.pk)
    return flag


@transaction.atomic
def settle_flag(flag: Flag, *, actor, note: str) -> Flag:
    flag = Flag.objects.select_for_update().get(pk=flag.pk)
    if flag.settled_at is not None:
        raise TransitionError(_("This disagreement is settled already."))
    if not note.strip():
        raise TransitionError(_("Write how the disagreement was settled."))
    flag.settled_at, flag.settlement_note = timezone.now(), note
    flag.save(update_fields=["settled_at", "settlement_note"])
    flag.complaint.events.create(
        kind=ComplaintEvent.Kind.FLAG_CLOSED, actor=actor, internal_note=note
    )
    audit.record(
        "hotline.complaint.flag_settled", actor=actor, obj=flag.complaint, flag=flag.pk
    )
    return flag


@transaction.atomic
def refer_externally(
    complaint: Complaint,
    *,
    actor,
    body: str,
    referred_on: date,
    reference: str = "",
) -> ExternalReferral:
    """Record that the monitors referred a complaint to a body outside the police."""
    referral = complaint.external_referrals.create(
        body=body, referred_on=referred_on, reference=reference, recorded_by=actor
    )
    complaint.events.create(
        kind=ComplaintEvent.Kind.REFERRAL,
        actor=actor,
        internal_note=referral.get_body_display(),
    )
    audit.record(
        "hotline.complaint.referred_externally",
        actor=actor,
        obj=complaint,
        body=body,
        referral=referral.pk,
    )
    return referral


@transaction.atomic
def record_referral_outcome(
    referral: ExternalReferral, *, actor, outcome: str, outcome_on: date
) -> ExternalReferral:
    if not outcome.strip():
        raise TransitionError(_("Write the outcome."))
    referral.outcome, referral.outcome_on = outcome, outcome_on
    referral.save(update_fields=["outcome", "outcome_on"])
    audit.record(
        "hotline.complaint.external_outcome",
        actor=actor,
        obj=referral.complaint,
        referral=referral.pk,
    )
    return referral


def record_personal_data_view(complaint: Complaint, *, actor) -> None:
    """Staff opened a complaint's personal data: the audit log keeps who and when."""
    audit.record("hotline.complaint.personal_data_viewed", actor=actor, obj=complaint)


def record_attachment_view(
    attachment: Attachment, *, actor, preview: bool = False
) -> None:
    """Note who opened a complaint's file (`preview`: its small copy on the
    complaint's page)."""
    audit.record(
        "hotline.attachment.viewed",
        actor=actor,
        obj=attachment.complaint,
        attachment=str(attachment.public_id),
        **({"preview": True} if preview else {}),
    )


@transaction.atomic
def erase_personal_data(complaint: Complaint) -> None:
    """Retention: forget who complained; what was complained about stays counted."""
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    for field in PERSONAL_FIELDS:
        setattr(complaint, field, "")
    complaint.personal_data_erased_at = timezone.now()
    complaint.save(update_fields=[*PERSONAL_FIELDS, "personal_data_erased_at"])
    complaint.events.update(public_text="", internal_note="")
    complaint.flags.update(reason="", settlement_note="")
    for attachment in complaint.attachments.all():
        attachment.file.delete(save=False)
        attachment.delete()
    audit.record("hotline.complaint.personal_data_erased", actor=None, obj=complaint)


def erase_closed_before(cutoff) -> int:
    """Retention (portal.retention): the personal data of complaints closed before
    `cutoff`, one complaint at a time (see erase_personal_data)."""
    expired = Complaint.objects.filter(
        closed_at__lt=cutoff, personal_data_erased_at__isnull=True
    ).values_list("pk", flat=True)
    erased = 0
    for pk in list(expired):
        erase_personal_data(Complaint(pk=pk))
        erased += 1
    return erased


def retention_rules():
    return [
        Retention("hotline.complaints", "HOTLINE_RETENTION_DAYS", erase_closed_before)
    ]
