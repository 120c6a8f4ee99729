"""The hotline's back office: the triage queue of operators and monitors.

Complainants' personal data, officer identification, free texts, history and files are
shown only to users with `hotline.view_personal_data`, and every time such a user opens
a complaint the audit log records it. Status changes and the other recorded decisions
go through their own pages, which call hotline.actions.
"""

import re
from typing import TYPE_CHECKING, Any, cast

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import ActionLocation
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
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

# How many complaints one bulk action changes at most: each is a transaction of its
# own with its messages, and the request must end well inside the statement timeout.
BULK_LIMIT = 200

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


class QueueViewFilter(admin.SimpleListFilter):
    """The operators' saved views of the queue, offered above the list as well."""

    title = _("view")
    parameter_name = "view"
    # The views of open appeals whose clock runs, ordered by their deadline.
    BY_DEADLINE = {"overdue", "week"}

    def lookups(self, request, model_admin):
        return [
            ("open", _("open")),
            ("new", _("new, not yet triaged")),
            ("mine", _("mine")),
            ("overdue", _("overdue")),
            ("week", _("due within a week")),
            ("flagged", _("flagged by monitors")),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        match self.value():
            case "open":
                return queryset.open()
            case "new":
                return queryset.filter(status=Complaint.Status.RECEIVED)
            case "mine":
                return queryset.handled_by(request.user)
            case "overdue":
                return queryset.overdue(today)
            case "week":
                return queryset.due_soon(today, days=7)
            case "flagged":
                return queryset.flagged(still_open=True)
        return queryset


def _by_deadline(request) -> bool:
    """Whether the queue shows only open appeals whose clock runs, which it orders
    by their deadline (the index of open deadlines holds no others)."""
    return (
        request.GET.get(QueueViewFilter.parameter_name) in QueueViewFilter.BY_DEADLINE
        or request.GET.get(DueStateFilter.parameter_name) in DueStateFilter.CLOCKED
    )


@admin.register(Complaint)
class ComplaintAdmin(
    AutocompleteLabelsMixin, LargeTableMixin, PlainLinksMixin, admin.ModelAdmin
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
    # Each goes through hotline.actions for every complaint chosen; none deletes.
    actions = ["take_on", "change_status_of_chosen", "refer_chosen"]
    # Fields that triage staff may correct directly; the rest changes through actions.
    classification = forms.CLASSIFICATION

    def get_queryset(self, request):
        queryset = cast(ComplaintQuerySet, super().get_queryset(request))
        return queryset.with_deadline().with_open_flag_count()

    def get_sortable_by(self, request):
        # Orders an index gives at any size of the queue. Days left order only the
        # complaints whose clock runs, which the deadline views pick (the index of
        # open deadlines holds no others); the flags are a filter, not an order.
        if _by_deadline(request):
            return ["reference", "received", "days_left"]
        return ["reference", "received"]

    def get_ordering(self, request):
        # What is due first comes first in the views of deadlines.
        if _by_deadline(request):
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

    # Bulk actions. Each complaint goes through hotline.actions on its own, so a
    # complaint whose status forbids the change is named and the others move.

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        chosen = super().get_actions(request, action_location)
        chosen.pop("delete_selected", None)
        return chosen

    def has_triage_permission(self, request) -> bool:
        return request.user.has_perm("hotline.triage_complaint")

    @admin.action(
        description=_("Take on this complaint"),
        description_plural=_("Take on the chosen complaints"),
        permissions=["triage"],
        # On a complaint's own page too, where the list's actions name one.
        location=[ActionLocation.CHANGE_LIST, ActionLocation.CHANGE_FORM],
    )
    def take_on(self, request, queryset):
        chosen = self._chosen(request, queryset)
        if chosen is None:
            return None
        taken = sum(
            actions.assign(complaint, actor=request.user, to=request.user)
            for complaint in chosen
        )
        self.message_user(
            request,
            ngettext(
                "%(count)s complaint is now yours.",
                "%(count)s complaints are now yours.",
                taken,
            )
            % {"count": taken},
            messages.SUCCESS,
        )
        return None

    @admin.action(
        description=_("Change the status of the chosen complaints"),
        permissions=["triage"],
    )
    def change_status_of_chosen(self, request, queryset):
        return self._bulk_status(request, queryset, refer=False)

    @admin.action(
        description=_("Refer the chosen complaints to a police unit"),
        permissions=["triage"],
    )
    def refer_chosen(self, request, queryset):
        return self._bulk_status(request, queryset, refer=True)

    def _chosen(self, request, queryset) -> list[Complaint] | None:
        """The chosen complaints, or None (and a message) when there are more than
        a request may change at once."""
        chosen = list(queryset.order_by("pk")[: BULK_LIMIT + 1])
        if len(chosen) > BULK_LIMIT:
            self.message_user(
                request,
                gettext(
                    "Choose at most %(limit)s complaints at once; narrow the list "
                    "with a view or a filter."
                )
                % {"limit": BULK_LIMIT},
                messages.ERROR,
            )
            return None
        return chosen

    def _bulk_status(self, request, queryset, *, refer: bool):
        chosen = self._chosen(request, queryset)
        if chosen is None:
            return None
        data = request.POST if "apply" in request.POST else None
        form = forms.BulkStatusForm(data, refer=refer)
        if form.is_bound and form.is_valid():
            moved, refused = actions.change_many(
                chosen, actor=request.user, **form.change()
            )
            if moved:
                self.message_user(
                    request,
                    ngettext(
                        "%(count)s complaint changed.",
                        "%(count)s complaints changed.",
                        len(moved),
                    )
                    % {"count": len(moved)},
                    messages.SUCCESS,
                )
            for complaint, reason in refused:
                self.message_user(
                    request,
                    gettext("%(reference)s was not changed: %(reason)s")
                    % {"reference": complaint.reference, "reason": reason},
                    messages.WARNING,
                )
            return None
        title = (
            gettext("Refer the chosen complaints to a police unit")
            if refer
            else gettext("Change the status of the chosen complaints")
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            "form": form,
            "chosen": chosen,
            "action": request.POST["action"],
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(
            request, "admin/hotline/complaint/bulk_status.html", context
        )

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
