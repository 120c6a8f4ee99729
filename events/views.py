"""Public pages of the events: lists, the month, an event with its registration form,
the private page of a registration, and calendar files."""

import calendar
from collections import defaultdict
from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import partial
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Q, Window
from django.db.models.functions import RowNumber, TruncDate
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS_ALT
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from events import actions, calendars
from events.forms import EventFilter, EventRequestForm, RegistrationForm
from events.models import Event, Registration
from portal import kept
from portal.models import Community
from portal.throttle import RateLimit, client_address, too_many_requests

REGISTRATIONS = RateLimit("event-registrations", 20, 3600)
KYIV = ZoneInfo(settings.TIME_ZONE)


PAGE_SIZE = 20


@require_safe
def event_list(request: HttpRequest) -> HttpResponse:
    """Upcoming events, the same for every reader: kept per filter and page (see
    events.apps) until an event changes or the first of them ends."""
    content = kept.html("events-upcoming", lambda: _list(request), request=request)
    return render(request, "events/event_list.html", {"content": content})


def _list(request: HttpRequest) -> kept.Until | kept.Unkept:
    """The list under its heading and filters, and when it changes by itself: when
    the first upcoming event ends. Filters no form writes are not kept."""
    now = timezone.now()
    ends = (
        Event.objects.upcoming(now)
        .order_by("ends_at")
        .values_list("ends_at", flat=True)
        .first()
    )
    events = (
        Event.objects.upcoming(now)
        .select_related("community")
        .only(*CARD_FIELDS)
        .order_by("starts_at", "pk")
    )
    filters = EventFilter(request.GET, queryset=events)
    chosen = filters.qs if filters.is_valid() else events.none()
    page = Paginator(chosen, PAGE_SIZE).get_page(request.GET.get("page"))
    # Pages link on with the filters only: the list is shared.
    query = {name: request.GET.get(name, "") for name in filters.base_filters}
    context = {
        "filters": filters,
        "filter_fields": render_to_string(
            "events/includes/filters.html", {"filters": filters}
        ),
        "page": page,
        "events": page,
        "cards": _cards(page.object_list),
        "query": urlencode({name: value for name, value in query.items() if value}),
    }
    html = render_to_string("events/includes/event_list_content.html", context)
    return kept.Until(html, ends) if filters.is_valid() else kept.Unkept(html)


# What a card in the list shows; the rest of an event stays in the database.
CARD_FIELDS = [
    "slug",
    "title",
    "title_en",
    "kind",
    "starts_at",
    "status",
    "community__name",
    "community__name_en",
]


def _cards(events) -> list[dict]:
    """The texts of the events' cards, ready to print.

    A list repeats these for every event, so what is the same for all of them (the
    labels of types and statuses, the month names) is
    looked up once per page rather than once per card.
    """
    events = list(events)
    audiences = defaultdict(list)
    english = get_language() == "en"
    for event_id, name, name_en in (
        Event.audiences.through.objects.filter(event__in=events)
        .values_list("event_id", "audience__name", "audience__name_en")
        .order_by("audience_id")
    ):
        audiences[event_id].append(name_en if english and name_en else name)
    kinds = {value: capfirst(str(label)) for value, label in Event.Kind.choices}
    statuses = {value: capfirst(str(label)) for value, label in Event.Status.choices}
    months = {}
    cards = []
    for event in events:
        starts = timezone.localtime(event.starts_at)
        if starts.month not in months:
            months[starts.month] = str(MONTHS_ALT[starts.month])
        cards.append(
            {
                "url": reverse("events:detail", args=[event.slug]),
                "title": event.display_title,
                "kind": kinds[event.kind],
                "datetime": starts.strftime("%Y-%m-%dT%H:%M:%S%z"),
                "starts": f"{starts.day} {months[starts.month]} {starts.year}, "
                f"{starts:%H:%M}",
                "community": event.community.display_name if event.community else "",
                "status": ""
                if event.status == Event.Status.SCHEDULED
                else statuses[event.status],
                "audiences": ", ".join(audiences[event.pk]),
            }
        )
    return cards


@require_safe
def archive(request: HttpRequest) -> HttpResponse:
    def context() -> dict:
        events = Event.objects.past().select_related("community")
        return {"events": events.order_by("-starts_at")[:100]}

    return kept.page(request, "events-archive", "events/event_archive.html", context)


@require_safe
def month(request: HttpRequest, year: int | None = None, number: int | None = None):
    today = timezone.localdate()
    year, number = year or today.year, number or today.month
    if not 1 <= number <= 12 or not 2000 <= year <= 2100:
        raise Http404
    return kept.page(
        request,
        "events-month",
        "events/event_month.html",
        lambda: _month(year, number),
        year=year,
        number=number,
    )


# A day of the month shows its first events, and how many more there are: a
# nation's portal may hold a hundred events on one day.
DAY_EVENTS = 4


def _month(year: int, number: int) -> dict:
    first = date(year, number, 1)
    start = datetime(year, number, 1, tzinfo=KYIV)
    end = start + timedelta(days=calendar.monthrange(year, number)[1])
    events = Event.objects.public().filter(starts_at__gte=start, starts_at__lt=end)
    day = TruncDate("starts_at", tzinfo=KYIV)
    counts = {
        row["day"].day: row["n"]
        for row in events.annotate(day=day).values("day").annotate(n=Count("pk"))
    }
    shown = (
        events.annotate(
            place=Window(RowNumber(), partition_by=[day], order_by=["starts_at", "pk"])
        )
        .filter(place__lte=DAY_EVENTS)
        .only("slug", "title", "title_en", "starts_at")
        .order_by("starts_at", "pk")
    )
    by_day: dict[int, list[Event]] = {}
    for event in shown:
        by_day.setdefault(timezone.localtime(event.starts_at).day, []).append(event)
    weeks = [
        [
            (day, by_day.get(day, []), counts.get(day, 0) - len(by_day.get(day, [])))
            if day
            else (None, [], 0)
            for day in week
        ]
        for week in calendar.Calendar().monthdayscalendar(year, number)
    ]
    return {
        "first": first,
        "weeks": weeks,
        "previous": first - timedelta(days=1),
        "following": first + timedelta(days=32),
    }


def _get_public_event(slug: str) -> Event:
    return get_object_or_404(
        Event.objects.public().select_related("community"), slug=slug
    )


@require_http_methods(["GET", "POST"])
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    if request.method == "GET":
        shown = _kept_page(slug)
        if shown is not None:
            return _event_page(request, shown, form=None)
    event = _get_public_event(slug)
    form = RegistrationForm(request.POST or None) if request.method == "POST" else None
    if form is not None and event.registration_open():
        if not REGISTRATIONS.hit(client_address(request)):
            return too_many_requests(request, retry_after=REGISTRATIONS.period)
        if form.is_spam():
            form.add_error(None, _("The form could not be sent. Please try again."))
        elif form.is_valid():
            registration = form.save(commit=False)
            registration.language = get_language()
            try:
                registration, _new = actions.register(event, registration)
            except actions.EventError as error:
                form.add_error(None, str(error))
            else:
                return redirect(registration.private_url())
        REGISTRATIONS.undo(client_address(request))
    return _event_page(request, _shown(event), form=form)


def _kept_page(slug: str) -> dict | None:
    """What a visit shows of an event, kept as "events-page" (see events.apps): the
    page changes only when the event, its registrations, an audience or a
    community change, or when registration opens or closes, when the copy turns
    stale by itself. A completed event's outcome changes with check-ins and
    photos, so its page is not kept (None)."""
    return kept.value("events-page", lambda: _page_to_keep(slug), slug=slug)


def _page_to_keep(slug: str) -> kept.Until | kept.Unkept:
    event = _get_public_event(slug)  # a 404 is not kept
    if event.status == Event.Status.COMPLETED:
        return kept.Unkept(None)
    return kept.Until(_shown(event), event.registration_turns_at())


def _shown(event: Event) -> dict:
    """The event's page but for the registration form, which is each visitor's own
    (its token), and whether that form is offered."""
    places_left = None
    # Free places only where one can still take them: not for a past, postponed or
    # cancelled event, nor once registration has closed.
    if event.capacity is not None and event.registration_turns_at() is not None:
        taken = event.registrations.holding_places().count()
        places_left = max(0, event.capacity - taken)
    context = {
        "event": event,
        "places_left": places_left,
        "audiences": list(event.audiences.all()),
    }
    return {
        "title": event.display_title,
        "content": render_to_string("events/includes/event_content.html", context),
        "registration_open": event.registration_open(),
        "registration_closed": event.registration_required
        and event.status == Event.Status.SCHEDULED,
    }


def _event_page(request: HttpRequest, shown: dict, *, form) -> HttpResponse:
    # Called by the template, and so rendered, only while registration is open.
    fields = partial(
        _fields,
        "events-registration-form",
        "events/includes/registration_fields.html",
        lambda: {"form": form or RegistrationForm()},
        keep=form is None or not form.is_bound,
    )
    context = {**shown, "form": form, "form_fields": fields}
    return render(request, "events/event_detail.html", context)


def _fields(name: str, template: str, context: Callable[[], dict], *, keep: bool):
    """Form fields as HTML; a blank form is the same for every reader of a language,
    so it is kept."""
    if not keep:
        return render_to_string(template, context())
    return kept.html(name, lambda: render_to_string(template, context()))


@require_http_methods(["GET", "POST"])
def request_event(request: HttpRequest) -> HttpResponse:
    """A school, a deputy or an organisation asks for a lecture or a training."""
    form = EventRequestForm(request.POST or None)
    if request.method == "POST":
        if not REGISTRATIONS.hit(client_address(request)):
            return too_many_requests(request, retry_after=REGISTRATIONS.period)
        if form.is_spam():
            form.add_error(None, _("The form could not be sent. Please try again."))
        elif form.is_valid():
            item = form.save(commit=False)
            item.language = get_language()
            item.save()
            return render(request, "events/request_thanks.html", {"item": item})
        REGISTRATIONS.undo(client_address(request))
    return render(request, "events/request_form.html", {"form": form})


def get_registration_for(token: str) -> Registration:
    """A registration reached by its private link; anything else is not found."""
    return get_object_or_404(Registration.objects.select_related("event"), token=token)


@require_safe
def registration(request: HttpRequest, token: str) -> HttpResponse:
    item = get_registration_for(token)
    response = render(request, "events/registration.html", {"registration": item})
    # The portal's same-origin referrer policy already keeps this address from other
    # sites; "no-referrer" would make browsers send "Origin: null", which the CSRF
    # check rightly refuses.
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
def certificate(request: HttpRequest, token: str) -> HttpResponse:
    """A printable attendance certificate for someone who attended a training."""
    item = get_registration_for(token)
    event = item.event
    if not (
        item.attended
        and event.kind == Event.Kind.TRAINING
        and event.status == Event.Status.COMPLETED
    ):
        raise Http404
    return render(request, "events/certificate.html", {"registration": item})


@require_POST
def cancel_registration(request: HttpRequest, token: str) -> HttpResponse:
    item = get_registration_for(token)
    actions.cancel(item)
    return redirect(item.private_url())


@require_POST
def accept_offer(request: HttpRequest, token: str) -> HttpResponse:
    item = get_registration_for(token)
    try:
        actions.accept_offer(item)
    except actions.EventError as error:
        item.refresh_from_db()
        response = render(
            request,
            "events/registration.html",
            {"registration": item, "error": str(error)},
        )
        response["Cache-Control"] = "private, no-store"
        return response
    return redirect(item.private_url())


def _calendar_response(events, name: str) -> HttpResponse:
    return HttpResponse(
        calendars.calendar(events, name), content_type="text/calendar; charset=utf-8"
    )


@require_safe
@kept.response("events-ics")
def event_ics(request: HttpRequest, slug: str) -> HttpResponse:
    event = _get_public_event(slug)
    response = _calendar_response([event], event.display_title)
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return response


@require_safe
@kept.response("events-calendar")
def calendar_feed(request: HttpRequest) -> HttpResponse:
    """Upcoming events as a calendar to subscribe to, optionally for one community;
    kept (see events.apps), since calendar programs ask for it again and again."""
    events = Event.objects.upcoming().order_by("starts_at")
    name = _("Community policing events")
    slug = request.GET.get("community")
    if slug:
        community = get_object_or_404(Community, slug=slug)
        events = events.filter(Q(community=community) | Q(community__isnull=True))
        name = f"{name}: {community.display_name}"
    return _calendar_response(events[:500], name)
