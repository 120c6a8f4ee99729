"""The coordinators' back office for events: scheduling, status changes, registrants
and attendance. Registrants' names and contacts need `events.view_registrant_data`."""

from typing import cast

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from events import actions
from events.calendars import KYIV
from events.models import Audience, Event, EventPhoto, EventRequest, Registration
from portal import audit
from portal.admin_mixins import (
    AutocompleteLabelsMixin,
    CommunityFilter,
    FirstRowsFormSet,
    LargeTableMixin,
    PersonalDataReviewMixin,
)
from portal.forms import PersonalDataCheckMixin
from portal.images import BAD_IMAGE, clean_image, image_kind
from portal.streaming import csv_download
from portal.transitions import TransitionError


def _with_header(header, rows):
    yield header
    yield from rows


# Registrations per page of the check-in: an event of thousands stays a page a phone
# can load.
CHECKIN_PAGE = 100


def _ids(values: list[str]) -> set[int]:
    return {int(value) for value in values if value.isdigit()}


class WalkInForm(forms.ModelForm):
    class Meta:
        model = Registration
        fields = ["name", "affiliation"]


class StatusForm(PersonalDataCheckMixin, forms.Form):
    personal_data_fields = ("note", "note_en")

    status = forms.ChoiceField(label=_("New status"))
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why it was postponed or cancelled; registrants receive it."),
    )
    note_en = forms.CharField(
        label=_("Note (English)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For English readers and registrants; empty: they read it in Ukrainian."
        ),
    )

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = event.allowed_moves()
        cast(forms.ChoiceField, self.fields["status"]).choices = [
            (value, label) for value, label in Event.Status.choices if value in allowed
        ]


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (sent to the requester)"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


@admin.register(EventRequest)
class EventRequestAdmin(AutocompleteLabelsMixin, admin.ModelAdmin):
    list_display = [
        "created_at",
        "organisation",
        "topic",
        "kind",
        "community",
        "status",
    ]
    list_filter = ["status", "kind", CommunityFilter]
    autocomplete_fields = ["community"]
    readonly_fields = ["status", "decision_note", "event", "created_at"]
    actions = ["accept"]

    @admin.action(description=_("Accept: create a draft event"), permissions=["change"])
    def accept(self, request, queryset):
        for item in queryset:
            try:
                event = actions.accept_request(item, actor=request.user)
            except actions.EventError as error:
                self.message_user(request, str(error), messages.WARNING)
            else:
                self.message_user(
                    request,
                    gettext("Draft event created: %(title)s") % {"title": event.title},
                )

    def get_urls(self):
        return [
            path(
                "<int:pk>/decline/",
                self.admin_site.admin_view(self.decline_view),
                name="events_eventrequest_decline",
            ),
            *super().get_urls(),
        ]

    def decline_view(self, request: HttpRequest, pk: int):
        if not request.user.has_perm("events.change_eventrequest"):
            raise PermissionDenied
        item = get_object_or_404(EventRequest, pk=pk)
        form = DeclineForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                actions.decline_request(
                    item, actor=request.user, reason=form.cleaned_data["reason"]
                )
            except actions.EventError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, gettext("The request was declined."))
                return redirect("admin:events_eventrequest_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Decline the request"),
            "subtitle": str(item),
            "item": item,
            "form": form,
        }
        return TemplateResponse(
            request, "admin/events/eventrequest/decline.html", context
        )


@admin.register(Audience)
class AudienceAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "code"]


class EventPhotoForm(forms.ModelForm):
    """A photo is decoded and encoded again: no metadata survives, and it is resized."""

    upload = forms.FileField(label=_("Photo"), required=False)

    class Meta:
        model = EventPhoto
        fields = ["upload", "caption", "position"]

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        upload = cleaned.get("upload")
        if upload is None:
            if not self.instance.pk:
                self.add_error("upload", _("Choose a photo."))
            return cleaned
        data = upload.read()
        kind = image_kind(data[:16])
        name = upload.name.rsplit("/", 1)[-1][:80]
        if kind is None:
            self.add_error("upload", BAD_IMAGE % {"name": name})
            return cleaned
        try:
            self.cleaned_photo = clean_image(data, kind, name, longest=2000)
            self.cleaned_thumbnail = clean_image(data, kind, name, longest=400)
        except ValidationError as error:
            self.add_error("upload", error)
        return cleaned

    def save(self, commit=True):
        photo = super().save(commit=False)
        if hasattr(self, "cleaned_photo"):
            photo.image.save(
                self.cleaned_photo.content.name, self.cleaned_photo.content, save=False
            )
            photo.thumbnail.save(
                self.cleaned_thumbnail.content.name,
                self.cleaned_thumbnail.content,
                save=False,
            )
        if commit:
            photo.save()
        return photo


class EventPhotoInline(admin.TabularInline):
    model = EventPhoto
    form = EventPhotoForm
    extra = 1
    fields = ["preview", "upload", "caption", "position"]
    readonly_fields = ["preview"]

    @admin.display(description=_("photo"))
    def preview(self, obj):
        if not obj.pk:
            return ""
        return format_html('<img src="{}" alt="" width="120">', obj.thumbnail.url)


class FirstRegistrations(FirstRowsFormSet):
    elsewhere = _("The check-in page and the CSV export have them all.")


class RegistrationInline(admin.TabularInline):
    model = Registration
    formset = FirstRegistrations
    extra = 0
    fields = ["name", "email", "phone", "affiliation", "needs", "status", "attended"]
    readonly_fields = ["name", "email", "phone", "affiliation", "needs", "status"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("events.view_registrant_data")


@admin.register(Event)
class EventAdmin(
    AutocompleteLabelsMixin,
    LargeTableMixin,
    PersonalDataReviewMixin,
    admin.ModelAdmin,
):
    # The minutes are published with the event's outcome.
    personal_data_fields = ("minutes", "minutes_en")
    list_display = ["title", "kind", "community", "starts_at", "status", "capacity"]
    list_filter = ["kind", "status", CommunityFilter]
    autocomplete_fields = ["community"]
    search_fields = ["title", "title_en"]
    prepopulated_fields = {"slug": ["title_en"]}
    filter_horizontal = ["audiences"]
    date_hierarchy = "starts_at"
    list_select_related = ["community"]
    list_defer = ("description", "description_en")
    readonly_fields = ["status", "status_note", "status_note_en"]
    inlines = [EventPhotoInline, RegistrationInline]
    # Each text residents read beside its English twin.
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("title", "title_en"),
                    "slug",
                    "kind",
                    ("description", "description_en"),
                    "community",
                    "audiences",
                ]
            },
        ),
        (
            _("When and where"),
            {
                "fields": [
                    ("starts_at", "ends_at"),
                    ("venue", "venue_en"),
                    "address",
                    "online_url",
                    ("speakers", "speakers_en"),
                ]
            },
        ),
        (
            _("Registration"),
            {
                "fields": [
                    ("registration_required", "capacity"),
                    ("registration_opens_at", "registration_closes_at"),
                ]
            },
        ),
        (
            _("Status and outcome"),
            {
                "fields": [
                    "status",
                    ("status_note", "status_note_en"),
                    ("minutes", "minutes_en"),
                    "organisations_present",
                ]
            },
        ),
    ]
    change_form_template = "admin/events/event/change_form.html"

    def get_urls(self):
        return [
            path(
                "<int:pk>/status/",
                self.admin_site.admin_view(self.status_view),
                name="events_event_status",
            ),
            path(
                "<int:pk>/checkin/",
                self.admin_site.admin_view(self.checkin_view),
                name="events_event_checkin",
            ),
            path(
                "<int:pk>/registrations.csv",
                self.admin_site.admin_view(self.export_view),
                name="events_event_export",
            ),
            *super().get_urls(),
        ]

    def status_view(self, request: HttpRequest, pk: int):
        """Schedule, postpone, cancel or complete an event, with a note."""
        if not request.user.has_perm("events.change_event_status"):
            raise PermissionDenied
        event = get_object_or_404(Event, pk=pk)
        form = StatusForm(request.POST or None, event=event)
        if request.method == "POST" and form.is_valid():
            try:
                actions.change_status(
                    event,
                    new_status=form.cleaned_data["status"],
                    actor=request.user,
                    note=form.cleaned_data["note"],
                    note_en=form.cleaned_data["note_en"],
                )
            except (TransitionError, actions.EventError) as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, gettext("The status was changed."))
                return redirect("admin:events_event_change", event.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Change the status"),
            "subtitle": str(event),
            "event": event,
            "form": form,
        }
        return TemplateResponse(request, "admin/events/event/status.html", context)

    def checkin_view(self, request: HttpRequest, pk: int):
        """Attendance on a phone at the door: tick who came, add who walked in."""
        if not request.user.has_perm("events.view_registrant_data") or not (
            request.user.has_perm("events.change_registration")
        ):
            raise PermissionDenied
        event = get_object_or_404(Event, pk=pk)
        walk_in = WalkInForm(request.POST or None, prefix="walkin")
        confirmed = event.registrations.filter(status="confirmed")
        page = Paginator(confirmed, CHECKIN_PAGE).get_page(request.GET.get("page"))
        if request.method == "POST":
            present = _ids(request.POST.getlist("present"))
            # A page of a long list: only the registrations it showed change.
            listed = (
                _ids(request.POST.getlist("listed"))
                if "listed" in request.POST
                else None
            )
            named = bool(request.POST.get("walkin-name", "").strip())
            if not named or walk_in.is_valid():
                actions.record_attendance(
                    event,
                    present=present,
                    listed=listed,
                    walk_in=walk_in.save(commit=False) if named else None,
                    actor=request.user,
                )
                messages.success(request, gettext("Attendance saved."))
                here = reverse("admin:events_event_checkin", args=[event.pk])
                if page.number > 1:
                    here += f"?page={page.number}"
                return redirect(here)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Check-in"),
            "subtitle": str(event),
            "event": event,
            "registrations": page,
            "walk_in": walk_in,
            "counts": event.attendance_by_affiliation(),
        }
        return TemplateResponse(request, "admin/events/event/checkin.html", context)

    def export_view(self, request: HttpRequest, pk: int) -> StreamingHttpResponse:
        """The registrations as CSV that reads at once: headers, choices and yes/no
        in the staff member's language (or ?language=), times in Kyiv."""
        if not request.user.has_perm("events.view_registrant_data"):
            raise PermissionDenied
        event = get_object_or_404(Event, pk=pk)
        audit.record("events.registrations_exported", actor=request.user, obj=event)

        columns = [
            "name",
            "email",
            "phone",
            "affiliation",
            "needs",
            "status",
            "attended",
            "created_at",
        ]
        language = request.GET.get("language", "")
        if language not in dict(settings.LANGUAGES):
            language = translation.get_language()
        # Turned into text now: the rows are written after the view has returned.
        with translation.override(language):
            fields = {f.name: f for f in Registration._meta.concrete_fields}
            header = [capfirst(str(fields[c].verbose_name)) for c in columns]
            affiliations = {k: str(v) for k, v in Registration.Affiliation.choices}
            statuses = {k: str(v) for k, v in Registration.Status.choices}
            yes, no = gettext("yes"), gettext("no")

        def readable(row: tuple) -> list:
            name, email, phone, affiliation, needs, status, attended, created_at = row
            return [
                name,
                email,
                phone,
                affiliations.get(affiliation, affiliation),
                needs,
                statuses.get(status, status),
                yes if attended else no,
                timezone.localtime(created_at, KYIV).strftime("%Y-%m-%d %H:%M"),
            ]

        rows = map(readable, event.registrations.values_list(*columns).iterator())
        return csv_download(
            _with_header(header, rows),
            f"{event.slug}-registrations.csv",
        )
