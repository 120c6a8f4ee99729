"""Every change to reports, priorities and followers: checked, atomic and audited, with
messages written to the outbox in the same transaction."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accountability.models import (
    Follow,
    Priority,
    PriorityUpdate,
    Report,
    ReportChange,
    ReportQuestion,
)
from portal import audit
from portal.actions import queue_templated_email
from portal.retention import Retention


class AccountabilityError(Exception):
    """A change that a rule of reports, questions or priorities does not allow (a
    refused change of status raises portal.transitions.TransitionError)."""


# Reports


@transaction.atomic
def change_report_status(report: Report, *, new_status: str, actor, note: str = ""):
    """Move a report through draft, review, publication and withdrawal.

    Publishing and withdrawing need `accountability.publish_report`, which only press
    officers hold; a withdrawal must say why, on the report's page.
    """
    report = Report.objects.select_for_update().get(pk=report.pk)
    report.ensure_can_move_to(new_status)
    needs_publisher = new_status in {Report.Status.PUBLISHED, Report.Status.WITHDRAWN}
    if needs_publisher and not actor.has_perm("accountability.publish_report"):
        raise AccountabilityError(_("Only press officers may publish or withdraw."))
    if new_status == Report.Status.WITHDRAWN and not note.strip():
        raise AccountabilityError(_("Say why the report is withdrawn."))
    old = report.status
    report.status = new_status
    now = timezone.now()
    fields = ["status", "status_note", "changed_at"]
    report.status_note = note.strip() if new_status == Report.Status.WITHDRAWN else ""
    report.changed_at = now
    if new_status == Report.Status.PUBLISHED and report.published_at is None:
        report.published_at = now
        fields.append("published_at")
    report.save(update_fields=fields)
    audit.record(
        "accountability.report_status", actor=actor, obj=report, old=old, new=new_status
    )
    return report


@transaction.atomic
def record_report_change(report: Report, *, actor, note: str) -> ReportChange:
    """Note on a published report's page what was changed after publication."""
    report.changed_at = timezone.now()
    report.save(update_fields=["changed_at"])
    change = report.changes.create(changed_at=report.changed_at, note=note.strip())
    audit.record("accountability.report_changed", actor=actor, obj=report)
    return change


def ask_question(report: Report, text: str) -> ReportQuestion:
    """A resident's question, kept for moderation. Nothing about the asker is kept."""
    if not report.questions_open():
        raise AccountabilityError(_("Questions about this report are closed."))
    return report.questions.create(text=text.strip())


@transaction.atomic
def moderate_question(
    question: ReportQuestion, *, actor, approve: bool, answer: str = ""
) -> ReportQuestion:
    """Approve (with or without an answer yet) or reject a question."""
    question.status = (
        ReportQuestion.Status.APPROVED if approve else ReportQuestion.Status.REJECTED
    )
    fields = ["status"]
    if approve and answer.strip():
        question.answer = answer.strip()
        question.answered_at = timezone.now()
        fields += ["answer", "answered_at"]
    question.save(update_fields=fields)
    audit.record(
        "accountability.question_moderated",
        actor=actor,
        obj=question.report,
        question=question.pk,
        status=question.status,
    )
    return question


# Priorities


@transaction.atomic
def change_priority_status(
    priority: Priority, *, new_status: str, actor, note: str, note_en: str = ""
) -> Priority:
    """Activate, achieve, drop or re-propose a priority; the note goes to its log."""
    priority = Priority.objects.select_for_update().get(pk=priority.pk)
    priority.ensure_can_move_to(new_status)
    if new_status == Priority.Status.DROPPED and not note.strip():
        raise AccountabilityError(_("Say why the priority is dropped."))
    old = priority.status
    now = timezone.now()
    priority.status = new_status
    priority.status_note = note.strip()
    priority.updated_at = now
    fields = ["status", "status_note", "updated_at", "achieved_on"]
    priority.achieved_on = (
        timezone.localdate(now) if new_status == Priority.Status.ACHIEVED else None
    )
    priority.save(update_fields=fields)
    priority.updates.create(
        created_at=now,
        text=note.strip(),
        text_en=note_en.strip(),
        old_status=old,
        new_status=new_status,
        author=actor,
    )
    audit.record(
        "accountability.priority_status",
        actor=actor,
        obj=priority,
        old=old,
        new=new_status,
    )
    return priority


@transaction.atomic
def add_progress(
    priority: Priority, *, actor, text: str, text_en: str = ""
) -> PriorityUpdate:
    """A dated entry in the priority's progress log."""
    now = timezone.now()
    update = priority.updates.create(
        created_at=now, text=text.strip(), text_en=text_en.strip(), author=actor
    )
    Priority.objects.filter(pk=priority.pk).update(updated_at=now)
    audit.record("accountability.priority_progress", actor=actor, obj=priority)
    return update


def priority_saved(priority: Priority, *, actor, created: bool) -> None:
    """Record a priority created or edited in the back office."""
    audit.record(
        "accountability.priority_created"
        if created
        else "accountability.priority_edited",
        actor=actor,
        obj=priority,
    )


@transaction.atomic
def support_priority(priority: Priority) -> bool:
    """Count one more resident's support; False when the priority takes none.

    The count is all that is stored: one support per browser is kept by a signed
    cookie on the resident's side (see the view).
    """
    locked = (
        Priority.objects.select_for_update()
        .filter(pk=priority.pk, status__in=Priority.SUPPORTABLE)
        .first()
    )
    if locked is None:
        return False
    # Saved rather than updated, so that the kept pages showing the count turn
    # stale (portal.kept).
    locked.support_count = F("support_count") + 1
    locked.save(update_fields=["support_count"])
    return True


# Followers


def _follow_links(follow: Follow) -> dict:
    with translation.override(follow.language):
        return {
            "confirm_link": settings.SITE_URL
            + reverse("accountability:follow-confirm", args=[follow.token]),
            "stop_link": settings.SITE_URL
            + reverse("accountability:follow-stop", args=[follow.token]),
        }


@transaction.atomic
def follow(*, email: str, language: str, community=None, priority=None) -> Follow:
    """Ask to follow a community or a priority; a link confirms the address.

    Asking again for the same address sends the confirmation again, without telling
    anyone whether that address already follows (no one learns who follows what).
    """
    follow, _created = Follow.objects.get_or_create(
        email=email.strip().lower(),
        community=community,
        priority=priority,
        defaults={"language": language},
    )
    if follow.confirmed_at is None:
        queue_templated_email(
            to=follow.email,
            template="accountability/email/follow_confirm",
            context={"follow": follow, **_follow_links(follow)},
            language=follow.language,
            erase_body_when_sent=True,
        )
    return follow


def confirm_follow(token: str) -> Follow | None:
    follow = Follow.objects.filter(token=token).first()
    if follow is not None and follow.confirmed_at is None:
        follow.confirmed_at = follow.last_digest_at = timezone.now()
        follow.save(update_fields=["confirmed_at", "last_digest_at"])
    return follow


def stop_following(token: str) -> bool:
    """Forget the follower, address and all."""
    deleted, _detail = Follow.objects.filter(token=token).delete()
    return bool(deleted)


def forget_unconfirmed_follows(cutoff) -> int:
    """Retention (portal.retention): addresses never confirmed by their link, asked
    for before `cutoff`. Confirmed followers are kept until they stop following (a
    link in every digest)."""
    deleted, _detail = Follow.objects.filter(
        confirmed_at__isnull=True, created_at__lt=cutoff
    ).delete()
    return deleted


def retention_rules():
    return [
        Retention(
            "accountability.unconfirmed_followers",
            "FOLLOW_CONFIRM_DAYS",
            forget_unconfirmed_follows,
        )
    ]


def _changes_since(follow: Follow, since, until) -> dict:
    if follow.priority_id:
        priorities = Priority.objects.filter(pk=follow.priority_id)
        reports = Report.objects.none()
    else:
        # A follow names a priority or a community (the follow_one_target
        # constraint); the plugin cannot know that community_id is set here.
        priorities = Priority.objects.filter(community_id=follow.community_id)  # type: ignore[misc]
        reports = Report.objects.published().filter(
            Q(community_id=follow.community_id) | Q(community__isnull=True),
            published_at__gt=since,
            published_at__lte=until,
        )
    updates = (
        PriorityUpdate.objects.filter(
            priority__in=priorities, created_at__gt=since, created_at__lte=until
        )
        .select_related("priority")
        .order_by("priority_id", "created_at")
    )
    # New priorities of a followed community; a followed priority is not new.
    new = (
        priorities.filter(set_on__gt=timezone.localdate(since))
        if follow.community_id
        else Priority.objects.none()
    )
    return {
        "updates": list(updates),
        "new_priorities": list(new),
        "reports": list(reports),
    }


def send_digest(follow_id: int) -> bool:
    """E-mail one follower what changed since their last digest; False if nothing."""
    with transaction.atomic():
        follow = (
            # Only the follower's row: PostgreSQL locks no nullable side of a join.
            Follow.objects.select_for_update(skip_locked=True, of=("self",))
            .confirmed()
            .select_related("community", "priority")
            .filter(pk=follow_id)
            .first()
        )
        if follow is None:
            return False
        until = timezone.now()
        since = follow.last_digest_at or follow.confirmed_at
        if until - since < timedelta(days=6):
            return False
        changes = _changes_since(follow, since, until)
        follow.last_digest_at = until
        follow.save(update_fields=["last_digest_at"])
        if not any(changes.values()):
            return False
        queue_templated_email(
            to=follow.email,
            template="accountability/email/digest",
            context={
                "follow": follow,
                "site_url": settings.SITE_URL,
                **changes,
                **_follow_links(follow),
            },
            language=follow.language,
        )
        return True
