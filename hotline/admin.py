"""The hotline's back office: the triage queue of operators and monitors.

Complainants' personal data, officer identification, free texts, history and files are
shown only to users with `hotline.view_personal_data`, and every time such a user opens
a complaint the audit log records it. Status changes and the other recorded decisions
go through their own pages, which call hotline.actions.
"""

import re
from typing import TYPE_CHECKING, Any, cast

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hotline import actions, forms
from hotline.models import (
    DUE_SOON_DAYS,
    Category,
    Complaint,
    ComplaintQuerySet,
    ExternalReferral,
    Flag,
    PoliceUnit,
)
from portal import audit
from portal.admin_mixins import (
    AutocompleteLabelsMixin,
    CommunityFilter,
    LargeTableMixin,
    PlainLinksMixin,
)
from portal.streaming import csv_download
from portal.transitions import TransitionError

# What staff type for a complaint's number: 123, 000123 or 2026-000123. Longer runs
# of digits are phone numbers, searched as text.
NUMBER = re.compile(r"(?:\d{4}-)?(\d{1,7})")


def complaint_number(search_term: str) -> int | None:
    """The complaint number that `search_term` is, if it is one."""
    match = NUMBER.fullmatch(search_term.strip())
    return int(match[1]) if match else None


if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

PERSONAL = ("full_name", "residence", "email", "phone", "consent_given_at")
PRIVATE_TEXT = (
    "description",
    "place",
    "officer_identification",
    "satisfaction_comment",
)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "slug", "position", "is_active"]
    list_editable = ["position", "is_active"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(PoliceUnit)
class PoliceUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "email", "is_active"]
    search_fields = ["name", "name_en"]


class DueStateFilter(admin.SimpleListFilter):
    title = _("deadline")
    parameter_name = "due"
    # The choices that keep only open complaints with a statutory clock.
    CLOCKED = {"overdue", "soon", "running"}

    def lookups(self, request, model_admin):
        return [
            ("overdue", _("overdue")),
            ("soon", _("due within %(days)s days") % {"days": DUE_SOON_DAYS}),
            ("running", _("clock running")),
            ("none", _("no statutory clock")),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "overdue":
            return queryset.overdue(today)
        if self.value() == "soon":
            return queryset.due_soon(today)
        if self.value() == "running":
            return queryset.open().with_clock()
        if self.value() == "none":
            return queryset.filter(due_on__isnull=True)
        return queryset


class FlagFilter(admin.SimpleListFilter):
    title = _("disagreement")
    parameter_name = "flagged"

    def lookups(self, request, model_admin):
        return [("open", _("open disagreement")), ("any", _("ever flagged"))]

    def queryset(self, request, queryset):
        if self.value() == "open":
            return queryset.flagged(still_open=True)
        if self.value() == "any":
            return queryset.flagged()
        return queryset


@admin.register(Complaint)
class ComplaintAdmin(
    AutocompleteLabelsMixin, LargeTableMixin, PlainLinksMixin, admin.ModelAdmin
):
    list_display = [
        "reference",
        "received_at",
        "kind",
        "category",
        "community",
        "status",
        "path",
        "channel",
        "days_left",
        "open_flags",
    ]
    list_filter = [
        "status",
        "kind",
        "category",
        CommunityFilter,
        "channel",
        "path",
        DueStateFilter,
        FlagFilter,
    ]
    list_select_related = ["category", "community"]
    # What the complainant wrote and who they are: the list shows none of it.
    list_defer = (
        "description",
        "place",
        "officer_identification",
        "satisfaction_comment",
        "full_name",
        "residence",
        "email",
        "phone",
    )
    # Selects of every community and settlement would list thousands.
    autocomplete_fields = ["community", "settlement"]
    date_hierarchy = "received_at"
    search_fields = ["=id"]
    search_help_text = _("The number after the year: 123 finds 2026-000123.")
    list_per_page = 50
    form = forms.StaffComplaintForm
    change_form_template = "admin/hotline/complaint/change_form.html"
    change_list_template = "admin/hotline/complaint/change_list.html"
    actions = None
    # Fields that triage staff may correct directly; the rest changes through actions.
    classification = ["kind", "category", "community", "settlement", "place"]

    def get_queryset(self, request):
        queryset = cast(ComplaintQuerySet, super().get_queryset(request))
        return queryset.with_deadline().with_open_flag_count()

    def get_sortable_by(self, request):
        # Orders an index gives at any size of the queue. Days left order only the
        # complaints whose clock runs, which the deadline filter picks (the index of
        # open deadlines holds no others); the flags are a filter, not an order.
        if request.GET.get(DueStateFilter.parameter_name) in DueStateFilter.CLOCKED:
            return ["reference", "received_at", "days_left"]
        return ["reference", "received_at"]

    @admin.display(description=_("number"), ordering="id")
    def reference(self, obj):
        return obj.reference

    @admin.display(description=_("days left"), ordering="deadline_on")
    def days_left(self, obj):
        days = obj.days_left()
        if days is None:
            return "—"
        if days < 0:
            text = gettext("%(days)s days overdue") % {"days": -days}
            return format_html('<strong class="deadline-overdue">{}</strong>', text)
        if days <= DUE_SOON_DAYS:
            return format_html('<strong class="deadline-soon">{}</strong>', days)
        return days

    @admin.display(description=_("open flags"))
    def open_flags(self, obj):
        return obj.open_flag_count or ""

    def sees_personal_data(self, request) -> bool:
        return request.user.has_perm("hotline.view_personal_data")

    def get_fieldsets(self, request, obj=None):
        main = [
            "kind",
            "category",
            "community",
            "settlement",
            "occurred_on",
            "occurred_time",
            "channel",
            "path",
            "status",
            "received_at",
        ]
        fieldsets: list[tuple[StrOrPromise | None, dict[str, Any]]] = [
            (None, {"fields": main})
        ]
        if obj is None or self.sees_personal_data(request):
            fieldsets.append(
                (
                    _("What the complainant wrote"),
                    {"fields": ["place", "description", "officer_identification"]},
                )
            )
            personal = (
                list(PERSONAL)
                if obj
                else [f for f in PERSONAL if f != "consent_given_at"]
            )
            fieldsets.append((_("Complainant"), {"fields": personal}))
        if obj is not None:
            fieldsets.append(
                (
                    _("Statutory clock"),
                    {"fields": ["term", "due_on", "extended_due_on", "closed_at"]},
                )
            )
            fieldsets.append(
                (
                    _("Handling"),
                    {
                        "fields": [
                            "unit",
                            "duplicate_of",
                            "first_reply_at",
                            "satisfaction",
                            "rated_at",
                        ]
                    },
                )
            )
        if obj is None:
            fieldsets[0][1]["fields"] = [
                f for f in main if f not in {"status", "received_at"}
            ] + ["term"]
        return self.with_plain_links(request, obj, fieldsets)

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        editable = set(self.classification)
        return [
            field.name
            for field in Complaint._meta.fields
            if field.name not in editable and field.editable
        ] + ["consent_given_at", "closed_at", "first_reply_at", "rated_at"]

    def get_search_fields(self, request):
        if self.sees_personal_data(request):
            return ["=id", "description", "place", "full_name", "email", "phone"]
        return ["=id"]

    def get_search_results(self, request, queryset, search_term):
        number = complaint_number(search_term)
        if number is not None:
            # Found by its key: matching the number against every complaint's texts
            # too read a million rows for the queue's commonest search.
            return queryset.filter(pk=number), False
        return super().get_search_results(request, queryset, search_term)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        complaint = self.get_object(request, object_id)
        seen = complaint if request.method == "GET" else None
        if seen is not None and self.sees_personal_data(request):
            actions.record_personal_data_view(seen, actor=request.user)
        extra_context = {**(extra_context or {}), **self._panels(request, complaint)}
        return super().change_view(request, object_id, form_url, extra_context)

    def _panels(self, request, complaint) -> dict:
        if complaint is None:
            return {}
        user = request.user
        personal = self.sees_personal_data(request)
        # Disagreements and referrals are the case's history in the monitors' own
        # words: those who may open a complaint without its personal data (the
        # analysts) do not read them.
        show_flags = user.has_perm("hotline.view_flag")
        show_referrals = user.has_perm("hotline.view_externalreferral")
        return {
            "complaint": complaint,
            "show_history": personal,
            "events": complaint.events.select_related("actor") if personal else [],
            "attachments": (
                complaint.attachments.all()
                if user.has_perm("hotline.view_attachments")
                else []
            ),
            "show_flags": show_flags,
            "flags": complaint.flags.select_related("raised_by") if show_flags else [],
            "show_referrals": show_referrals,
            "referrals": complaint.external_referrals.all() if show_referrals else [],
            "can_triage": user.has_perm("hotline.triage_complaint"),
            "can_extend": user.has_perm("hotline.extend_deadline")
            and complaint.is_formal
            and not complaint.is_closed,
            "can_flag": user.has_perm("hotline.flag_complaint"),
            "can_refer": user.has_perm("hotline.refer_externally"),
        }

    def save_model(self, request, obj, form, change):
        if change:
            changed = [
                name for name in form.changed_data if name in self.classification
            ]
            super().save_model(request, obj, form, change)
            if changed:
                audit.record(
                    "hotline.complaint.reclassified",
                    actor=request.user,
                    obj=obj,
                    fields=changed,
                )
            return
        # A phone call, a walk-in or a letter recorded by an operator: the same path,
        # the same clock and a receipt the operator passes on to the complainant.
        obj.language = "uk"
        receipt = actions.file_complaint(obj, files=[], actor=request.user)
        messages.warning(
            request,
            gettext(
                "Give the complainant this receipt code now; it is not shown again: %s"
            )
            % receipt,
        )

    # Pages of the recorded decisions.

    def get_urls(self):
        def view(function, name):
            wrapped = self.admin_site.admin_view(function)
            return path(f"<int:pk>/{name}/", wrapped, name=f"hotline_complaint_{name}")

        return [
            view(self.status_view, "status"),
            view(self.reply_view, "reply"),
            view(self.extend_view, "extend"),
            view(self.flag_view, "flag"),
            view(self.refer_view, "refer"),
            path(
                "flags/<int:flag_pk>/settle/",
                self.admin_site.admin_view(self.settle_flag_view),
                name="hotline_complaint_settle",
            ),
            path(
                "referrals/<int:referral_pk>/outcome/",
                self.admin_site.admin_view(self.outcome_view),
                name="hotline_complaint_outcome",
            ),
            path(
                "export/",
                self.admin_site.admin_view(self.export_view),
                name="hotline_complaint_export",
            ),
            *super().get_urls(),
        ]

    def _complaint_for(self, request, pk: int, permission: str) -> Complaint:
        """The complaint an action page works on, for users holding `permission`."""
        if not request.user.has_perm(permission):
            raise PermissionDenied
        return get_object_or_404(self.get_queryset(request), pk=pk)

    def _action_page(self, request, complaint, form, title, perform) -> HttpResponse:
        if request.method == "POST" and form.is_valid():
            try:
                perform(form.cleaned_data)
            except TransitionError as error:
                form.add_error(None, error)
            else:
                messages.success(request, gettext("Saved."))
                return redirect("admin:hotline_complaint_change", complaint.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            "subtitle": complaint.reference,
            "complaint": complaint,
            "form": form,
            "has_view_permission": True,
        }
        return TemplateResponse(request, "admin/hotline/complaint/action.html", context)

    def status_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        complaint = self._complaint_for(request, pk, "hotline.triage_complaint")
        form = forms.StatusChangeForm(request.POST or None, complaint=complaint)
        return self._action_page(
            request,
            complaint,
            form,
            gettext("Change the status"),
            lambda data: actions.change_status(
                complaint,
                actor=request.user,
                new_status=data["new_status"],
                public_text=data["public_text"],
                internal_note=data["internal_note"],
                unit=data["unit"],
                duplicate_of=data["duplicate_of"],
                term=data.get("term", ""),
            ),
        )

    def reply_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        complaint = self._complaint_for(request, pk, "hotline.triage_complaint")
        form = forms.ReplyForm(request.POST or None)
        return self._action_page(
            request,
            complaint,
            form,
            gettext("Reply or add a note"),
            lambda data: actions.reply(complaint, actor=request.user, **data),
        )

    def extend_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        complaint = self._complaint_for(request, pk, "hotline.extend_deadline")
        form = forms.ExtensionForm(request.POST or None)
        return self._action_page(
            request,
            complaint,
            form,
            gettext("Extend the deadline"),
            lambda data: actions.extend_deadline(complaint, actor=request.user, **data),
        )

    def flag_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        complaint = self._complaint_for(request, pk, "hotline.flag_complaint")
        form = forms.FlagForm(request.POST or None)
        return self._action_page(
            request,
            complaint,
            form,
            gettext("Flag a disagreement"),
            lambda data: actions.flag_disagreement(
                complaint, actor=request.user, **data
            ),
        )

    def refer_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        complaint = self._complaint_for(request, pk, "hotline.refer_externally")
        form = forms.ExternalReferralForm(request.POST or None)
        return self._action_page(
            request,
            complaint,
            form,
            gettext("Refer to an outside body"),
            lambda data: actions.refer_externally(
                complaint, actor=request.user, **data
            ),
        )

    def settle_flag_view(self, request: HttpRequest, flag_pk: int) -> HttpResponse:
        # Both sides see the flags, and either may record how one was settled.
        if not request.user.has_perm("hotline.triage_complaint"):
            raise PermissionDenied
        flag = get_object_or_404(Flag.objects.select_related("complaint"), pk=flag_pk)
        form = forms.SettleFlagForm(request.POST or None)
        return self._action_page(
            request,
            flag.complaint,
            form,
            gettext("Settle the disagreement"),
            lambda data: actions.settle_flag(flag, actor=request.user, **data),
        )

    def outcome_view(self, request: HttpRequest, referral_pk: int) -> HttpResponse:
        if not request.user.has_perm("hotline.refer_externally"):
            raise PermissionDenied
        referral = get_object_or_404(
            ExternalReferral.objects.select_related("complaint"), pk=referral_pk
        )
        form = forms.ReferralOutcomeForm(request.POST or None)
        return self._action_page(
            request,
            referral.complaint,
            form,
            gettext("Record the outcome"),
            lambda data: actions.record_referral_outcome(
                referral, actor=request.user, **data
            ),
        )

    def export_view(self, request: HttpRequest) -> StreamingHttpResponse:
        """The filtered list as CSV, without any personal data or free text."""
        if not request.user.has_perm("hotline.export_complaints"):
            raise PermissionDenied
        changelist = self.get_changelist_instance(request)
        queryset = changelist.get_queryset(request).order_by("pk")
        audit.record(
            "hotline.complaints.exported",
            actor=request.user,
            filters=request.GET.urlencode(),
        )
        return csv_download(_csv_rows(queryset), "complaints.csv")

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_export": request.user.has_perm("hotline.export_complaints"),
            "export_url": reverse("admin:hotline_complaint_export")
            + (f"?{request.GET.urlencode()}" if request.GET else ""),
        }
        return super().changelist_view(request, extra_context)


EXPORT_COLUMNS = [
    ("number", lambda c: c.reference),
    ("received_at", lambda c: timezone.localtime(c.received_at).isoformat()),
    ("kind", lambda c: c.kind),
    ("category", lambda c: c.category.slug if c.category else ""),
    ("community", lambda c: c.community.slug if c.community else ""),
    ("settlement", lambda c: c.settlement.name if c.settlement else ""),
    ("channel", lambda c: c.channel),
    ("path", lambda c: c.path),
    ("status", lambda c: c.status),
    ("deadline", lambda c: c.deadline.isoformat() if c.deadline else ""),
    ("first_reply_at", lambda c: _iso(c.first_reply_at)),
    ("closed_at", lambda c: _iso(c.closed_at)),
    ("unit", lambda c: c.unit.name if c.unit else ""),
    ("satisfaction", lambda c: c.satisfaction or ""),
]


def _iso(moment) -> str:
    return timezone.localtime(moment).isoformat() if moment else ""


def _csv_rows(queryset):
    yield [name for name, _ in EXPORT_COLUMNS]
    rows = queryset.select_related("category", "community", "settlement", "unit")
    for complaint in rows.iterator(chunk_size=2000):
        yield [value(complaint) for _, value in EXPORT_COLUMNS]
