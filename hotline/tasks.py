"""Periodic work of the hotline: the deadline digest and personal-data retention."""

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hotline import actions
from hotline.models import Complaint
from portal.actions import queue_email


@shared_task
def send_deadline_digest() -> int:
    """E-mail the staff who handle complaints the list of overdue and soon-due ones.

    The digest names complaints by number only; the details stay in the back office.
    Returns how many e-mails were queued.
    """
    today = timezone.localdate()
    overdue = list(Complaint.objects.overdue(today).order_by("deadline_on"))
    soon = list(Complaint.objects.due_soon(today).order_by("deadline_on"))
    if not overdue and not soon:
        return 0
    recipients = (
        get_user_model()
        .objects.with_perm("hotline.triage_complaint", include_superusers=False)
        .filter(is_active=True)
        .exclude(email="")
    )
    admin_url = settings.SITE_URL + reverse("admin:hotline_complaint_changelist")
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Hotline deadlines: %(overdue)s overdue, %(soon)s due soon") % {
            "overdue": len(overdue),
            "soon": len(soon),
        }
        body = render_to_string(
            "hotline/email/digest.txt",
            {"overdue": overdue, "soon": soon, "today": today, "admin_url": admin_url},
        )
    for user in recipients:
        queue_email(to=user.email, subject=subject, body=body)
    return len(recipients)


@shared_task
def erase_expired_personal_data() -> int:
    """Erase personal data of complaints closed longer ago than the retention period
    (the nightly run is portal.tasks.erase_expired_personal_data, every app's)."""
    cutoff = timezone.now() - timedelta(days=settings.HOTLINE_RETENTION_DAYS)
    return actions.erase_closed_before(cutoff)


@shared_task
def remove_orphan_files() -> int:
    """Delete attachment files left by filings whose commit failed (see actions)."""
    return actions.remove_orphan_files()
