"""The hotline's back office: the triage queue of operators and monitors.

Complainants' personal data, officer identification, free texts, history and files are
shown only to users with `hotline.view_personal_data`, and every time such a user opens
a complaint the audit log records it. Status changes and the other recorded decisions
go through their own pages (decisions.py) or the queue's bulk actions (bulk.py), which
call hotline.actions; the queue's views, filters and export are in queue.py.
"""

from typing import TYPE_CHECKING, Any, cast

from django.contrib import admin, messages
from django.db.models import F
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from hotline import actions, forms
from hotline.admin.bulk import BULK_LIMIT, BulkActionsMixin
from hotline.admin.decisions import DecisionPagesMixin
from hotline.admin.queue import (
    DueStateFilter,
    FlagFilter,
    QueueViewFilter,
    by_deadline,
    complaint_number,
)
from hotline.models import (
    DUE_SOON_DAYS,
    Category,
    Complaint,
    ComplaintQuerySet,
    PoliceUnit,
)
from portal import audit
from portal.admin_mixins import (
    AutocompleteLabelsMixin,
    CommunityFilter,
    LargeTableMixin,
    PlainLinksMixin,
)

__all__ = ["BULK_LIMIT", "ComplaintAdmin", "complaint_number"]

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

PERSONAL = ("full_name", "residence", "email", "phone", "consent_given_at")


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "slug", "position", "is_active"]
    list_editable = ["position", "is_active"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(PoliceUnit)
class PoliceUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "email", "is_active"]
    search_fields = ["name", "name_en"]


@admin.register(Complaint)
class ComplaintAdmin(
    BulkActionsMixin,
    DecisionPagesMixin,
    AutocompleteLabelsMixin,
    LargeTableMixin,
    PlainLinksMixin,
    admin.ModelAdmin,
):
    # The columns an operator reads first, narrow enough for a laptop's screen with
    # the filters beside them: the kind and category share one, the path and the
    # channel another.
    list_display = [
        "reference",
        "received",
        "status",
        "days_left",
        "open_flags",
        "subject",
        "community",
        "how",
        "handler",
    ]
    list_display_links = ["reference"]
    list_filter = [
        QueueViewFilter,
        "status",
        "kind",
        "category",
        CommunityFilter,
        "channel",
        "path",
        DueStateFilter,
        FlagFilter,
    ]
    list_select_related = ["category", "community", "assigned_to"]
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
    form = forms.ComplaintClassificationForm
    add_form = forms.StaffComplaintForm
    change_form_template = "admin/hotline/complaint/change_form.html"
    change_list_template = "admin/hotline/complaint/change_list.html"
    # Fields that triage staff may correct directly; the rest changes through actions.
    classification = forms.CLASSIFICATION

    def get_queryset(self, request):
        queryset = cast(ComplaintQuerySet, super().get_queryset(request))
        return queryset.with_deadline().with_open_flag_count()

    def get_sortable_by(self, request):
        # Orders an index gives at any size of the queue. Days left order only the
        # complaints whose clock runs, which the deadline views pick (the index of
        # open deadlines holds no others); the flags are a filter, not an order.
        if by_deadline(request):
            return ["reference", "received", "days_left"]
        return ["reference", "received"]

    def get_ordering(self, request):
        # What is due first comes first in the views of deadlines.
        if by_deadline(request):
            # An expression, resolved once get_queryset has annotated the deadline.
            return [F("deadline_on").asc(), "id"]
        return super().get_ordering(request)

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = self.add_form
        return super().get_form(request, obj, change, **kwargs)

    @admin.display(description=_("number"), ordering="id")
    def reference(self, obj):
        return obj.reference

    @admin.display(description=_("received"), ordering="received_at")
    def received(self, obj):
        return date_format(timezone.localtime(obj.received_at), "SHORT_DATE_FORMAT")

    @admin.display(description=_("subject"))
    def subject(self, obj):
        return format_html(
            '{}<span class="queue-minor">{}</span>',
            Complaint.KIND_IN_A_WORD[obj.kind],
            obj.category or "",
        )

    @admin.display(description=_("path, channel"))
    def how(self, obj):
        return format_html(
            '{}<span class="queue-minor">{}</span>',
            Complaint.PATH_IN_A_WORD[obj.path],
            obj.get_channel_display(),
        )

    @admin.display(description=_("handled by"))
    def handler(self, obj):
        return obj.assigned_to.get_username() if obj.assigned_to else "—"

    @admin.display(description=_("days left"), ordering="deadline_on")
    def days_left(self, obj):
        days = obj.days_left()
        if days is None:
            return "—"
        if days < 0:
            text = ngettext("%(days)s day overdue", "%(days)s days overdue", -days) % {
                "days": -days
            }
            return format_html('<strong class="deadline-overdue">{}</strong>', text)
        if days <= DUE_SOON_DAYS:
            return format_html('<strong class="deadline-soon">{}</strong>', days)
        return days

    @admin.display(description=_("flags"))
    def open_flags(self, obj):
        return obj.open_flag_count or ""

    def sees_personal_data(self, request) -> bool:
        return request.user.has_perm("hotline.view_personal_data")

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return self._add_fieldsets()
        personal = self.sees_personal_data(request)
        fieldsets: list[tuple[StrOrPromise | None, dict[str, Any]]] = [
            (None, {"fields": list(self.classification)}),
            (
                _("Receipt"),
                {
                    "fields": [
                        ("received_at", "channel", "path"),
                        ("occurred_on", "occurred_time"),
                        ("status", "handler"),
                    ]
                },
            ),
        ]
        files = ["files"] if request.user.has_perm("hotline.view_attachments") else []
        if personal:
            fieldsets += [
                (
                    _("What the complainant wrote"),
                    {"fields": ["description", "officer_identification", *files]},
                ),
                (_("Complainant"), {"fields": list(PERSONAL)}),
            ]
        elif files:
            fieldsets.append((_("Files"), {"fields": files}))
        fieldsets += [
            (_("Statutory clock"), {"fields": ["term", "deadline", "closed_at"]}),
            (
                _("Handling"),
                {
                    "fields": [
                        "unit",
                        "duplicate_of",
                        "first_reply_at",
                        ("satisfaction", "rated_at"),
                    ]
                },
            ),
        ]
        return self.with_plain_links(request, obj, fieldsets)

    def _add_fieldsets(self):
        # A call, a visit, an e-mail or a letter keyed in by an operator.
        return [
            (
                None,
                {
                    "fields": [
                        "kind",
                        "category",
                        "community",
                        "settlement",
                        "place",
                        ("occurred_on", "occurred_time"),
                    ]
                },
            ),
            (_("How it came"), {"fields": ["channel", "received_on", "path", "term"]}),
            (
                _("What the complainant wrote"),
                {"fields": ["description", "officer_identification", "scans"]},
            ),
            (
                _("Complainant"),
                {"fields": ["full_name", "residence", "email", "phone"]},
            ),
        ]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        editable = set(self.classification)
        return [
            field.name
            for field in Complaint._meta.fields
            if field.name not in editable and field.editable
        ] + [
            "consent_given_at",
            "closed_at",
            "first_reply_at",
            "rated_at",
            "handler",
            "deadline",
            "files",
        ]

    @admin.display(description=_("deadline"))
    def deadline(self, obj):
        due = obj.deadline
        if due is None:
            return gettext("No statutory clock.")
        text = date_format(due, "SHORT_DATE_FORMAT")
        if obj.extended_due_on:
            text = gettext("%(due)s, extended from %(first)s") % {
                "due": text,
                "first": date_format(obj.due_on, "SHORT_DATE_FORMAT"),
            }
        if obj.is_closed:
            return text
        return format_html("{}: {}", text, self.days_left(obj))

    @admin.display(description=_("files"))
    def files(self, obj):
        attachments = list(obj.attachments.all())
        if not attachments:
            return gettext("None.")
        return render_to_string(
            "admin/hotline/complaint/files.html", {"attachments": attachments}
        )

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
        # the same clock (from the day it was received) and a receipt the operator
        # passes on to the complainant.
        obj.language = "uk"
        obj.received_at = form.received_at()
        receipt = actions.file_complaint(
            obj, files=form.cleaned_data["scans"], actor=request.user
        )
        messages.warning(
            request,
            gettext(
                "Give the complainant this receipt code now; it is not shown again: %s"
            )
            % receipt,
        )

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            # The queue takes the page's width: the list of every model is on the
            # index, one click away.
            "is_nav_sidebar_enabled": False,
            "can_export": request.user.has_perm("hotline.export_complaints"),
            "export_url": reverse("admin:hotline_complaint_export")
            + (f"?{request.GET.urlencode()}" if request.GET else ""),
        }
        response = super().changelist_view(request, extra_context)
        context = getattr(response, "context_data", None)
        if isinstance(response, TemplateResponse) and context and "cl" in context:
            changelist = context["cl"]
            # The saved views as a row of links above the list, as the filter
            # beside it offers them.
            context["queue_views"] = next(
                list(spec.choices(changelist))
                for spec in changelist.filter_specs
                if isinstance(spec, QueueViewFilter)
            )
        return response
