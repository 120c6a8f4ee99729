"""Registrations and event changes: safe under concurrent registrations, audited, with
every message to registrants written to the outbox in the same transaction."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import Event, EventRequest, Registration
from portal import audit
from portal.actions import queue_templated_email
from portal.retention import Retention


class EventError(Exception):
    """A change the event's state does not allow."""


def _tell(registration: Registration, template: str, **context) -> None:
    if not registration.email:
        return
    queue_templated_email(
        to=registration.email,
        template=f"events/email/{template}",
        context={
            "registration": registration,
            "event": registration.event,
            "link": settings.SITE_URL + registration.private_url(),
            **context,
        },
        language=registration.language,
        # The body carries the private link: it is erased from the outbox once sent.
        erase_body_when_sent=True,
    )


@transaction.atomic
def register(event: Event, registration: Registration) -> tuple[Registration, bool]:
    """Give a person a place, or a place on the waiting list when the event is full.

    The event's row is locked while counting places, so two people registering at
    the same moment can never both take the last place. Returns the registration and
    whether it is new (an address already registered gets its existing one back).
    """
    event = Event.objects.select_for_update().get(pk=event.pk)
    if not event.registration_open():
        raise EventError(_("Registration for this event is closed."))
    if registration.email:
        existing = (
            event.registrations.active()
            .filter(email__iexact=registration.email)
            .first()
        )
        if existing is not None:
            return existing, False
    taken = event.registrations.holding_places().count()
    full = event.capacity is not None and taken >= event.capacity
    registration.event = event
    registration.status = (
        Registration.Status.WAITLISTED if full else Registration.Status.CONFIRMED
    )
    registration.save()
    _tell(registration, "registered")
    return registration, True


@transaction.atomic
def cancel(registration: Registration) -> Registration:
    """The person gives up their place; the first on the waiting list is offered it."""
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status in {
        Registration.Status.CANCELLED,
        Registration.Status.EXPIRED,
    }:
        return registration
    held_a_place = registration.status in {
        Registration.Status.CONFIRMED,
        Registration.Status.OFFERED,
    }
    registration.status = Registration.Status.CANCELLED
    registration.offered_until = None
    registration.save(update_fields=["status", "offered_until"])
    if held_a_place:
        offer_next_place(registration.event)
    return registration


def offer_next_place(event: Event) -> Registration | None:
    """Offer a free place to the first person waiting (inside a transaction)."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    taken = event.registrations.holding_places().count()
    if event.capacity is not None and taken >= event.capacity:
        return None
    first = (
        event.registrations.filter(status=Registration.Status.WAITLISTED)
        .order_by("created_at", "pk")
        .select_for_update()
        .first()
    )
    if first is None:
        return None
    first.status = Registration.Status.OFFERED
    first.offered_until = first.offer_deadline()
    first.save(update_fields=["status", "offered_until"])
    _tell(first, "offered")
    return first


@transaction.atomic
def accept_offer(registration: Registration) -> Registration:
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status != Registration.Status.OFFERED:
        raise EventError(_("There is no place waiting for you to accept."))
    if registration.offered_until and registration.offered_until < timezone.now():
        raise EventError(_("The offer has expired."))
    registration.status = Registration.Status.CONFIRMED
    registration.offered_until = None
    registration.save(update_fields=["status", "offered_until"])
    return registration


def expire_offers() -> int:
    """Pass on places whose offer ran out to the next people waiting."""
    expired = 0
    overdue = Registration.objects.filter(
        status=Registration.Status.OFFERED, offered_until__lt=timezone.now()
    ).values_list("pk", flat=True)
    for pk in list(overdue):
        with transaction.atomic():
            registration = Registration.objects.select_for_update().get(pk=pk)
            if registration.status != Registration.Status.OFFERED:
                continue
            registration.status = Registration.Status.EXPIRED
            registration.save(update_fields=["status"])
            offer_next_place(registration.event)
            expired += 1
    return expired


def send_reminders() -> int:
    """E-mail everyone registered for an event starting within 24 hours, once."""
    now = timezone.now()
    due = Registration.objects.filter(
        status=Registration.Status.CONFIRMED,
        reminded_at__isnull=True,
        event__status=Event.Status.SCHEDULED,
        event__starts_at__gt=now,
        event__starts_at__lte=now + timedelta(hours=24),
    ).values_list("pk", flat=True)
    sent = 0
    for pk in list(due):
        with transaction.atomic():
            registration = (
                Registration.objects.select_for_update(skip_locked=True)
                .select_related("event")
                .filter(pk=pk, reminded_at__isnull=True)
                .first()
            )
            if registration is None:
                continue
            registration.reminded_at = now
            registration.save(update_fields=["reminded_at"])
            _tell(registration, "reminder")
            sent += 1
    return sent


@transaction.atomic
def change_status(
    event: Event, *, new_status: str, actor, note: str = "", note_en: str = ""
) -> Event:
    """Schedule, postpone, cancel or complete an event; registrants are told, each
    in their language (`note_en`: the note in English, where it was written)."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    event.ensure_can_move_to(new_status)
    if new_status in {Event.Status.POSTPONED, Event.Status.CANCELLED} and not note:
        raise EventError(_("Say why: registrants and the event's page will show it."))
    old = event.status
    event.status, event.status_note, event.status_note_en = new_status, note, note_en
    event.save(update_fields=["status", "status_note", "status_note_en"])
    audit.record(
        "events.status_changed", actor=actor, obj=event, old=old, new=new_status
    )
    if new_status in {Event.Status.POSTPONED, Event.Status.CANCELLED}:
        for registration in event.registrations.active():
            _tell(registration, "changed")
    return event


def _tell_requester(request: EventRequest, template: str) -> None:
    if not request.email:
        return
    queue_templated_email(
        to=request.email,
        template=f"events/email/{template}",
        context={"request": request},
        language=request.language,
    )


@transaction.atomic
def accept_request(request: EventRequest, *, actor) -> Event:
    """Accept a request: a draft event is created for the coordinator to complete."""
    request = EventRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != EventRequest.Status.NEW:
        raise EventError(_("This request has been decided already."))
    starts = (timezone.now() + timedelta(days=30)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )
    event = Event.objects.create(
        title=request.topic,
        slug=f"request-{request.pk}-{timezone.now():%Y%m%d%H%M%S}",
        kind=request.kind,
        description=f"{request.organisation}. {request.audience}. "
        f"{request.preferred_dates}.",
        community=request.community,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        status=Event.Status.DRAFT,
    )
    request.status, request.event = EventRequest.Status.ACCEPTED, event
    request.save(update_fields=["status", "event"])
    audit.record("events.request_accepted", actor=actor, obj=request, event=event.pk)
    _tell_requester(request, "request_accepted")
    return event


@transaction.atomic
def decline_request(request: EventRequest, *, actor, reason: str) -> EventRequest:
    request = EventRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != EventRequest.Status.NEW:
        raise EventError(_("This request has been decided already."))
    if not reason.strip():
        raise EventError(_("Say why: the requester is told."))
    request.status, request.decision_note = EventRequest.Status.DECLINED, reason
    request.save(update_fields=["status", "decision_note"])
    audit.record("events.request_declined", actor=actor, obj=request)
    _tell_requester(request, "request_declined")
    return request


@transaction.atomic
def record_attendance(
    event: Event,
    *,
    present: set[int],
    walk_in: Registration | None,
    actor,
    listed: set[int] | None = None,
) -> None:
    """Mark who came among the confirmed registrations (those `listed`, when a page
    showed only some), and add someone who walked in."""
    rows = event.registrations.filter(status=Registration.Status.CONFIRMED)
    if listed is not None:
        rows = rows.filter(pk__in=listed)
    rows.filter(pk__in=present).update(attended=True)
    rows.exclude(pk__in=present).update(attended=False)
    if walk_in is not None:
        walk_in.event = event
        walk_in.status = Registration.Status.CONFIRMED
        walk_in.attended = True
        walk_in.save()
    audit.record(
        "events.attendance_recorded",
        actor=actor,
        obj=event,
        present=len(present),
        walk_in=walk_in is not None,
    )


# Retention (portal.retention): registrants are forgotten a while after their event,
# requesters a while after the decision on their request.


def erase_registrants(cutoff) -> int:
    """Names, contacts and needs of those registered for events that ended before
    `cutoff`; the registrations stay counted (status, affiliation, attendance)."""
    return (
        Registration.objects.filter(event__ends_at__lt=cutoff)
        .exclude(name="", email="", phone="", needs="")
        .update(name="", email="", phone="", needs="")
    )


def erase_requesters(cutoff) -> int:
    """The contact person of requests decided and received before `cutoff`; the
    request (who asked: the school or organisation, what, the decision) stays."""
    return (
        EventRequest.objects.exclude(status=EventRequest.Status.NEW)
        .filter(created_at__lt=cutoff)
        .exclude(contact_name="", email="", phone="")
        .update(contact_name="", email="", phone="")
    )


def retention_rules():
    return [
        Retention(
            "events.registrants", "EVENT_REGISTRANT_RETENTION_DAYS", erase_registrants
        ),
        Retention(
            "events.requesters", "EVENT_REQUEST_RETENTION_DAYS", erase_requesters
        ),
    ]
