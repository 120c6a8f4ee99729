"""The back office of accountability: press officers compose and publish reports and
answer residents' questions; coordinators keep priorities and civic formations."""

from typing import Any, cast

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accountability import actions
from accountability.candidates import candidates
from accountability.figures import POLICE_FIGURES, PORTAL_FIGURES, portal_figures
from accountability.models import (
    Formation,
    Period,
    Priority,
    PriorityUpdate,
    Report,
    ReportAttachment,
    ReportChange,
    ReportQuestion,
    period_dates,
)
from portal.admin_mixins import (
    AutocompleteLabelsMixin,
    CommunityFilter,
    FirstRowsFormSet,
    LabelledAutocompleteSelect,
    LargeTableMixin,
    PersonalDataReviewMixin,
    PlainLinksMixin,
)
from portal.forms import CommunityChoiceField
from portal.images import BAD_IMAGE, clean_image, image_kind
from portal.models import Community
from portal.transitions import TransitionError

# Reports


class ComposeForm(forms.Form):
    """The first step of a new report: what it covers, so that the portal can fill in
    its own figures for that period."""

    # Found by typing its name: a select would list every community.
    community = CommunityChoiceField(
        widget=LabelledAutocompleteSelect(
            Report._meta.get_field("community"), admin.site
        )
    )
    year = forms.IntegerField(label=_("Year"), min_value=2015, max_value=2100)
    period = forms.ChoiceField(label=_("Period"), choices=Period.choices)


class ReportForm(forms.ModelForm):
    change_note = forms.CharField(
        label=_("What changed (shown on the report's page)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed for any change to a published report."),
    )

    class Meta:
        model = Report
        fields = [
            "title",
            "title_en",
            "slug",
            "community",
            "year",
            "period",
            "summary",
            "summary_en",
            "body",
            "body_en",
            "cover",
            "cover_alt",
            "hearing_at",
            "accepts_questions",
            *POLICE_FIGURES,
            *PORTAL_FIGURES,
        ]

    def clean_cover(self):
        cover = self.cleaned_data.get("cover")
        if not cover or not hasattr(cover, "content_type"):
            return cover  # unchanged
        data = cover.read()
        kind = image_kind(data[:16])
        name = cover.name.rsplit("/", 1)[-1][:80]
        if kind is None:
            raise forms.ValidationError(BAD_IMAGE % {"name": name})
        # Decoded and encoded again: no camera metadata survives, and it is resized.
        return clean_image(data, kind, name, longest=1600).content

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        published = self.instance.pk and self.instance.status in {
            Report.Status.PUBLISHED,
            Report.Status.WITHDRAWN,
        }
        if published and self.has_changed() and not cleaned.get("change_note"):
            self.add_error(
                "change_note",
                _(
                    "Say what changed: readers see the list of changes made after "
                    "publication."
                ),
            )
        return cleaned


class ReportAttachmentInline(admin.TabularInline):
    model = ReportAttachment
    extra = 1
    fields = ["title", "file", "position"]


class ReportChangeInline(admin.TabularInline):
    model = ReportChange
    extra = 0
    fields = ["changed_at", "note"]
    readonly_fields = ["changed_at", "note"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"))
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, allowed: set, choices, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["status"]).choices = [
            (value, label) for value, label in choices if value in allowed
        ]


def _status_page(model_admin, request, obj, *, allowed: set, change, help: str):
    """The page that moves a report or a priority to one of the `allowed` statuses
    through its action, with a note."""
    form = StatusForm(
        request.POST or None, allowed=allowed, choices=type(obj).Status.choices
    )
    if request.method == "POST" and form.is_valid():
        try:
            change(
                obj,
                new_status=form.cleaned_data["status"],
                actor=request.user,
                note=form.cleaned_data["note"],
            )
        except (TransitionError, actions.AccountabilityError) as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, gettext("The status was changed."))
            return redirect(
                f"admin:accountability_{model_admin.opts.model_name}_change", obj.pk
            )
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": gettext("Change the status"),
        "subtitle": str(obj),
        "object": obj,
        "form": form,
        "help": help,
    }
    return TemplateResponse(request, "admin/accountability/status.html", context)


@admin.register(Report)
class ReportAdmin(AutocompleteLabelsMixin, LargeTableMixin, admin.ModelAdmin):
    form = ReportForm
    list_display = ["title", "community", "year", "period", "status", "changed_at"]
    list_filter = ["status", "period", "year", CommunityFilter]
    autocomplete_fields = ["community"]
    search_fields = ["title", "title_en"]
    list_select_related = ["community"]
    list_defer = ("summary", "summary_en", "body", "body_en")
    prepopulated_fields = {"slug": ["title_en"]}
    readonly_fields = ["status", "status_note", "published_at", "changed_at"]
    inlines = [ReportAttachmentInline, ReportChangeInline]
    change_form_template = "admin/accountability/report/change_form.html"
    actions = ["refill_figures"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("title", "title_en"),
                    "slug",
                    "community",
                    ("year", "period"),
                    "summary",
                    "summary_en",
                    "body",
                    "body_en",
                    ("cover", "cover_alt"),
                    ("hearing_at", "accepts_questions"),
                ]
            },
        ),
        (
            _("Figures entered by the police"),
            {"fields": list(POLICE_FIGURES)},
        ),
        (
            _("Figures the portal holds for the period"),
            {
                "description": _(
                    "Filled in from the hotline, the surveys, the events and the "
                    "priorities when the report is created; check them, correct them "
                    "if needed, or fill them in again with the list's action."
                ),
                "fields": list(PORTAL_FIGURES),
            },
        ),
        (
            _("Publication"),
            {
                "fields": [
                    "status",
                    "status_note",
                    "published_at",
                    "changed_at",
                    "change_note",
                ]
            },
        ),
    ]

    def get_urls(self):
        return [
            path(
                "<int:pk>/status/",
                self.admin_site.admin_view(self.status_view),
                name="accountability_report_status",
            ),
            *super().get_urls(),
        ]

    def add_view(self, request, form_url="", extra_context=None):
        """First ask what the report covers; then open the form with the portal's
        figures for that period filled in."""
        if request.method == "POST":
            return super().add_view(request, form_url, extra_context)
        if not self.has_add_permission(request):
            raise PermissionDenied
        # Bound only once this step was sent: the list's "Add" link carries its
        # filters, which are no answer to this form.
        form = ComposeForm(
            request.GET if "period" in request.GET else None,
            initial={"year": timezone.localdate().year},
        )
        if form.is_valid():
            return super().add_view(request, form_url, extra_context)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("New report: what does it cover?"),
            "form": form,
        }
        return TemplateResponse(
            request, "admin/accountability/report/compose.html", context
        )

    def get_changeform_initial_data(self, request):
        initial: dict[str, Any] = super().get_changeform_initial_data(request)
        form = ComposeForm(request.GET)
        if form.is_valid():
            starts_on, ends_on = period_dates(
                form.cleaned_data["year"], form.cleaned_data["period"]
            )
            community = form.cleaned_data["community"]
            initial.update(
                {
                    "community": community.pk if community else None,
                    "year": form.cleaned_data["year"],
                    "period": form.cleaned_data["period"],
                    **portal_figures(community, starts_on, ends_on),
                }
            )
        return initial

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and form.cleaned_data.get("change_note"):
            actions.record_report_change(
                obj, actor=request.user, note=form.cleaned_data["change_note"]
            )

    @admin.action(
        description=_("Fill in the portal's figures again (drafts only)"),
        permissions=["change"],
    )
    def refill_figures(self, request, queryset):
        refilled = 0
        for report in queryset.filter(
            status__in=[Report.Status.DRAFT, Report.Status.REVIEW]
        ):
            figures = portal_figures(report.community, report.starts_on, report.ends_on)
            for name, value in figures.items():
                setattr(report, name, value)
            report.save(update_fields=list(figures))
            refilled += 1
        self.message_user(
            request,
            gettext("Figures filled in again for %(count)d reports.")
            % {"count": refilled},
        )

    def status_view(self, request: HttpRequest, pk: int):
        """Send a report for review, publish it, or withdraw it with a public note."""
        if not request.user.has_perm("accountability.change_report"):
            raise PermissionDenied
        report = get_object_or_404(Report, pk=pk)
        allowed = report.allowed_moves()
        if not request.user.has_perm("accountability.publish_report"):
            allowed = allowed - {Report.Status.PUBLISHED, Report.Status.WITHDRAWN}
        return _status_page(
            self,
            request,
            report,
            allowed=allowed,
            change=actions.change_report_status,
            help=gettext(
                "Only press officers publish and withdraw. A withdrawal needs a note, "
                "shown on the report's page."
            ),
        )


@admin.register(ReportQuestion)
class ReportQuestionAdmin(PersonalDataReviewMixin, admin.ModelAdmin):
    # A question is published with its answer.
    personal_data_fields = ("text", "answer")
    list_display = ["text", "report", "status", "asked_at", "answered_at"]
    # Only the reports that have questions: a select of every report would list
    # thousands.
    list_filter = ["status", ("report", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["report"]
    readonly_fields = ["report", "text", "asked_at", "status", "answered_at"]
    fields = ["report", "text", "asked_at", "status", "answer", "answered_at"]
    actions = ["approve", "reject"]

    def has_add_permission(self, request):
        return False  # questions come from residents only

    def save_model(self, request, obj, form, change):
        # Writing an answer approves the question: both are published together.
        if not request.user.has_perm("accountability.moderate_questions"):
            raise PermissionDenied
        actions.moderate_question(
            obj, actor=request.user, approve=True, answer=obj.answer
        )
        self.warn_if_personal_data(request, obj)

    def _moderate(self, request, queryset, approve: bool):
        if not request.user.has_perm("accountability.moderate_questions"):
            raise PermissionDenied
        for question in queryset:
            actions.moderate_question(question, actor=request.user, approve=approve)
        self.message_user(request, gettext("Questions moderated: %d") % len(queryset))

    @admin.action(description=_("Approve"), permissions=["change"])
    def approve(self, request, queryset):
        self._moderate(request, queryset, approve=True)
        self.warn_of_personal_data(request, queryset)

    @admin.action(description=_("Reject"), permissions=["change"])
    def reject(self, request, queryset):
        self._moderate(request, queryset, approve=False)


# Priorities


class FirstUpdates(FirstRowsFormSet):
    elsewhere = _("The priority's public page has them all.")


class PriorityUpdateInline(admin.StackedInline):
    model = PriorityUpdate
    formset = FirstUpdates
    extra = 1
    fields = ["created_at", "text", "text_en", "old_status", "new_status"]
    readonly_fields = ["created_at", "old_status", "new_status"]
    can_delete = False
    verbose_name = _("progress update")

    def has_change_permission(self, request, obj=None):
        return False  # the log is kept as written


@admin.register(Priority)
class PriorityAdmin(
    AutocompleteLabelsMixin, LargeTableMixin, PlainLinksMixin, admin.ModelAdmin
):
    list_display = [
        "__str__",
        "community",
        "status",
        "source",
        "set_on",
        "due_on",
        "support_count",
    ]
    list_filter = ["status", "source", CommunityFilter]
    autocomplete_fields = ["community"]
    search_fields = ["issue", "issue_en", "action", "action_en", "responsible"]
    list_select_related = ["community"]
    raw_id_fields = ["event"]
    readonly_fields = [
        "status",
        "status_note",
        "achieved_on",
        "support_count",
        "updated_at",
    ]
    inlines = [PriorityUpdateInline]
    change_form_template = "admin/accountability/priority/change_form.html"
    change_list_template = "admin/accountability/priority/change_list.html"

    def get_urls(self):
        return [
            path(
                "<int:pk>/status/",
                self.admin_site.admin_view(self.status_view),
                name="accountability_priority_status",
            ),
            path(
                "candidates/",
                self.admin_site.admin_view(self.candidates_view),
                name="accountability_priority_candidates",
            ),
            *super().get_urls(),
        ]

    def save_formset(self, request, form, formset, change):
        # New progress entries go through the action, which dates and audits them.
        for update in formset.save(commit=False):
            if update.pk is None:
                actions.add_progress(
                    form.instance,
                    actor=request.user,
                    text=update.text,
                    text_en=update.text_en,
                )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        actions.priority_saved(obj, actor=request.user, created=not change)

    def status_view(self, request: HttpRequest, pk: int):
        if not request.user.has_perm("accountability.change_priority_status"):
            raise PermissionDenied
        priority = get_object_or_404(Priority, pk=pk)
        return _status_page(
            self,
            request,
            priority,
            allowed=priority.allowed_moves(),
            change=actions.change_priority_status,
            help=gettext(
                "The note goes to the priority's public progress log. Dropping a "
                "priority needs a reason."
            ),
        )

    def candidates_view(self, request: HttpRequest):
        """What rose most in each community: a round table starts from data."""
        if not request.user.has_perm("accountability.view_priority"):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Candidate priorities"),
            # A page of communities at a time: the country has 1,500.
            "page": (
                page := Paginator(Community.objects.order_by("name"), 20).get_page(
                    request.GET.get("page")
                )
            ),
            **candidates(timezone.localdate(), page),
        }
        return TemplateResponse(
            request, "admin/accountability/priority/candidates.html", context
        )


# Civic formations


@admin.register(Formation)
class FormationAdmin(AutocompleteLabelsMixin, admin.ModelAdmin):
    list_display = ["name", "community", "members", "joint_patrols", "is_active"]
    list_filter = ["is_active", CommunityFilter]
    autocomplete_fields = ["community"]
    search_fields = ["name", "name_en"]
    list_select_related = ["community"]
    CONTACT_FIELDS = ("contact_person", "contact_phone", "contact_email")

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if request.user.has_perm("accountability.view_formation_contact"):
            return fields
        return [field for field in fields if field not in self.CONTACT_FIELDS]
