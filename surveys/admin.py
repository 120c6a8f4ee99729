"""The analysts' back office: building surveys, access codes, quotas, paper entry,
publishing results and exports.

Once a survey has responses, its questions and options keep their codes, types and
skip logic; only wording can change, so that stored answers keep their meaning.
"""

from typing import cast

from django import forms as django_forms
from django.contrib import admin, messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal import audit, kept
from portal.admin_mixins import (
    AutocompleteLabelsMixin,
    ChoicesOnceMixin,
    LabelledAutocompleteSelect,
    PlainLinksMixin,
)
from portal.forms import CommunityChoiceField
from portal.storage import private_file_response
from portal.streaming import csv_download
from surveys import actions, exports, results
from surveys.forms import SurveyForm
from surveys.models import (
    AccessCode,
    Export,
    Option,
    Question,
    Quota,
    Response,
    Section,
    Survey,
    SurveySeries,
)
from surveys.tasks import queue_export

# Exports up to this many responses are built while the analyst waits; larger ones
# are built by a Celery task with a progress page.
INLINE_EXPORT_LIMIT = 20_000

LOCKED_QUESTION_FIELDS = [
    "code",
    "type",
    "shown_if_option",
    "demographic",
    "is_trust_item",
]
LOCKED_OPTION_FIELDS = ["code"]
ANSWERS_LOCK = _(
    "This survey has responses: codes, types, options and skip logic are locked so "
    "that stored answers keep their meaning. Only wording can still be corrected."
)


@admin.register(SurveySeries)
class SurveySeriesAdmin(admin.ModelAdmin):
    list_display = ["title", "measures_trust"]
    prepopulated_fields = {"slug": ["title_en"]}


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0
    fields = ["position", "title", "title_en"]


class QuestionInline(ChoicesOnceMixin, admin.TabularInline):
    model = Question
    extra = 0
    fields = ["position", "code", "type", "text", "required", "section", "edit_link"]
    readonly_fields = ["edit_link"]
    show_change_link = True

    @admin.display(description=_("options and details"))
    def edit_link(self, obj):
        if not obj.pk:
            return ""
        url = reverse("admin:surveys_question_change", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, gettext("Edit"))

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.has_responses():
            return ["code", "type", "edit_link"]
        return self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.has_responses():
            return False
        return super().has_delete_permission(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "section":
            survey_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Section.objects.filter(survey_id=survey_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class QuotaInline(AutocompleteLabelsMixin, admin.TabularInline):
    model = Quota
    extra = 0
    autocomplete_fields = ["community"]
    fields = ["community", "age_group", "gender", "target"]


@admin.register(Survey)
class SurveyAdmin(PlainLinksMixin, admin.ModelAdmin):
    list_display = [
        "title",
        "series",
        "wave",
        "opens_at",
        "closes_at",
        "access",
        "response_count",
        "results_published_at",
    ]
    list_filter = ["series", "access"]
    search_fields = ["title", "title_en"]
    prepopulated_fields = {"slug": ["title_en"]}
    # Found by typing their names: the two lists of every community were 1,500
    # options each.
    autocomplete_fields = ["communities"]
    inlines = [SectionInline, QuestionInline, QuotaInline]
    actions = ["copy_as_new_wave"]
    change_form_template = "admin/surveys/survey/change_form.html"
    readonly_fields = ["results_published_at"]

    @admin.display(description=_("responses"))
    def response_count(self, obj):
        return _tally(obj)["total"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("series")

    @admin.action(description=_("Copy as a new wave"), permissions=["add"])
    def copy_as_new_wave(self, request, queryset):
        for survey in queryset:
            copy = actions.copy_as_new_wave(survey, actor=request.user)
            self.message_user(
                request,
                gettext("Created %(title)s, wave %(wave)s.")
                % {"title": copy.title, "wave": copy.wave},
                messages.SUCCESS,
            )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        survey = self.get_object(request, object_id)
        if survey is not None and survey.has_responses() and request.method == "GET":
            messages.warning(request, ANSWERS_LOCK)
        extra = {"survey": survey}
        if survey is not None:
            user = request.user
            extra |= {
                "counts": (tally := _tally(survey)),
                "quotas": results.quota_progress(survey, tally["cells"]),
                "can_export": user.has_perm("surveys.export_responses"),
                "can_publish": user.has_perm("surveys.publish_results")
                and survey.is_closed
                and survey.results_published_at is None,
                "can_enter_paper": user.has_perm("surveys.enter_paper_responses"),
                "can_make_codes": user.has_perm("surveys.change_survey"),
                "recent_exports": survey.exports.all()[:5]
                if user.has_perm("surveys.export_responses")
                else [],
            }
        return super().change_view(
            request, object_id, form_url, extra | (extra_context or {})
        )

    def get_urls(self):
        def view(function, name, route=None):
            return path(
                route or f"<int:pk>/{name}/",
                self.admin_site.admin_view(function),
                name=f"surveys_survey_{name}",
            )

        return [
            view(self.export_view, "export"),
            view(self.codebook_view, "codebook"),
            view(self.export_status_view, "export_status", "exports/<int:export_pk>/"),
            view(
                self.export_download_view,
                "export_download",
                "exports/<int:export_pk>/download/",
            ),
            view(self.codes_view, "codes"),
            view(self.paper_view, "paper"),
            view(self.publish_view, "publish"),
            *super().get_urls(),
        ]

    def _survey_for(self, request, pk: int, permission: str) -> Survey:
        if not request.user.has_perm(permission):
            raise PermissionDenied
        return get_object_or_404(Survey, pk=pk)

    def _page(self, request, template: str, title: str, survey: Survey, **context):
        return TemplateResponse(
            request,
            f"admin/surveys/survey/{template}",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": title,
                "subtitle": str(survey),
                "survey": survey,
                **context,
            },
        )

    def export_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        survey = self._survey_for(request, pk, "surveys.export_responses")
        form = ExportForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            choice = form.cleaned_data
            audit.record(
                "surveys.responses_exported",
                actor=request.user,
                obj=survey,
                format=choice["format"],
                layout=choice["layout"],
            )
            if survey.responses.count() <= INLINE_EXPORT_LIMIT:
                return _inline_export(survey, **choice)
            # The admin lets in only logged-in staff.
            export = Export.objects.create(
                survey=survey, requested_by=cast(User, request.user), **choice
            )
            queue_export(export.pk)
            return redirect("admin:surveys_survey_export_status", export_pk=export.pk)
        return self._page(
            request, "export.html", gettext("Export responses"), survey, form=form
        )

    def codebook_view(self, request: HttpRequest, pk: int) -> StreamingHttpResponse:
        """The codebook of the wide export as its own CSV file."""
        survey = self._survey_for(request, pk, "surveys.export_responses")
        language = request.GET.get("language", "uk")
        if language not in {"uk", "en"}:
            language = "uk"
        return csv_download(
            exports.codebook(survey, language),
            f"{survey.slug}-codebook-{language}.csv",
        )

    def export_status_view(self, request: HttpRequest, export_pk: int) -> HttpResponse:
        if not request.user.has_perm("surveys.export_responses"):
            raise PermissionDenied
        export = get_object_or_404(
            Export.objects.select_related("survey"), pk=export_pk
        )
        return self._page(
            request,
            "export_status.html",
            gettext("Export"),
            export.survey,
            export=export,
        )

    def export_download_view(self, request: HttpRequest, export_pk: int):
        if not request.user.has_perm("surveys.export_responses"):
            raise PermissionDenied
        # A finished export has its file.
        export = get_object_or_404(Export, pk=export_pk, status=Export.Status.DONE)
        return private_file_response(
            export.file,
            as_attachment=True,
            filename=cast(str, export.file.name).rsplit("/", 1)[-1],
        )

    def codes_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        survey = self._survey_for(request, pk, "surveys.change_survey")
        form = CodesForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            actions.create_access_codes(
                survey,
                count=form.cleaned_data["count"],
                batch=form.cleaned_data["batch"],
                actor=request.user,
            )
            return redirect("admin:surveys_survey_codes", pk=survey.pk)
        codes = AccessCode.objects.filter(survey=survey, used=False)
        return self._page(
            request,
            "codes.html",
            gettext("Access codes"),
            survey,
            form=form,
            codes=codes,
            used=AccessCode.objects.filter(survey=survey, used=True).count(),
        )

    def paper_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Key in a paper questionnaire; it is stored with the channel "paper"."""
        survey = self._survey_for(request, pk, "surveys.enter_paper_responses")
        questions = list(
            survey.questions.select_related(
                "section", "shown_if_option__question"
            ).prefetch_related("options")
        )
        form = SurveyForm(survey, questions, request.POST or None)
        form.fields.pop("access_code", None)
        for field in form.fields.values():
            if isinstance(field, CommunityChoiceField):
                # Typed, as in the other forms of the back office: a select of
                # every community would list 1,500.
                field.widget = LabelledAutocompleteSelect(
                    Response._meta.get_field("community"), self.admin_site
                )
                field.widget.choices = field.choices
        if request.method == "POST" and form.is_valid():
            actions.submit_response(
                survey,
                form.answers(),
                channel=Response.Channel.PAPER,
                entered_by=request.user,
            )
            messages.success(request, gettext("The paper response was saved."))
            return redirect("admin:surveys_survey_paper", pk=survey.pk)
        return self._page(
            request, "paper.html", gettext("Enter a paper response"), survey, form=form
        )

    def publish_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        survey = self._survey_for(request, pk, "surveys.publish_results")
        if request.method == "POST":
            try:
                actions.publish_results(survey, actor=request.user)
            except actions.SurveyError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, gettext("The results are published."))
            return redirect("admin:surveys_survey_change", survey.pk)
        return self._page(
            request, "publish.html", gettext("Publish the results"), survey
        )


def _tally(survey: Survey) -> dict:
    # Counted a minute ago at most: counting a survey's responses afresh on every
    # visit costs as much as there are of them.
    return kept.value(
        "survey-responses", lambda: results.response_tally(survey), survey=survey.pk
    )


class ExportForm(django_forms.Form):
    format = django_forms.ChoiceField(label=_("Format"), choices=Export.Format.choices)
    layout = django_forms.ChoiceField(label=_("Layout"), choices=Export.Layout.choices)
    language = django_forms.ChoiceField(
        label=_("Labels in"), choices=[("uk", "Українська"), ("en", "English")]
    )
    # Not required, so that a request without it exports codes as before.
    values = django_forms.ChoiceField(
        label=_("Values"),
        choices=Export.Values.choices,
        initial=Export.Values.CODES,
        required=False,
        help_text=_(
            "Labels replace the codes of single-choice answers, communities and "
            "channels; numbers, 0/1 columns of multiple choice and text stay as "
            "they are. The SPSS file always holds codes with their labels."
        ),
    )

    def clean_values(self) -> str:
        return self.cleaned_data["values"] or Export.Values.CODES

    def clean(self):
        cleaned = super().clean() or {}
        spss = cleaned.get("format") == Export.Format.SPSS
        if spss and cleaned.get("layout") == Export.Layout.LONG:
            self.add_error(
                "layout",
                _("The SPSS file is wide: one row per response, with value labels."),
            )
        return cleaned


class CodesForm(django_forms.Form):
    count = django_forms.IntegerField(label=_("How many"), min_value=1, max_value=2000)
    batch = django_forms.CharField(
        label=_("Batch name"), max_length=60, help_text=_("Such as the focus group.")
    )


def _inline_export(
    survey: Survey, *, format: str, layout: str, language: str, values: str
):
    stamp = timezone.localdate().isoformat()
    name = f"{survey.slug}-{layout}-{stamp}"
    if format == Export.Format.CSV:
        table = exports.TABLES[layout](survey, values=values, language=language)
        return csv_download(table.with_header(), f"{name}.csv")
    import tempfile

    extension = exports.EXTENSIONS[format]
    handle = tempfile.NamedTemporaryFile(suffix=f".{extension}")  # noqa: SIM115 (FileResponse closes it)
    exports.write(
        handle.name,
        survey,
        format=format,
        layout=layout,
        language=language,
        values=values,
    )
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=f"{name}.{extension}")


class OptionInline(admin.TabularInline):
    model = Option
    extra = 2
    fields = ["position", "code", "label", "label_en"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.survey.has_responses():
            return LOCKED_OPTION_FIELDS
        return []

    def has_add_permission(self, request, obj=None):
        if obj is not None and obj.survey.has_responses():
            return False
        return super().has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.survey.has_responses():
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["code", "survey", "type", "required", "position"]
    list_filter = ["survey", "type"]
    list_select_related = ["survey"]
    inlines = [OptionInline]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.survey.has_responses():
            return [*LOCKED_QUESTION_FIELDS, "survey"]
        return []

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.survey.has_responses():
            return False
        return super().has_delete_permission(request, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        question = self.get_object(request, object_id)
        locked = question is not None and question.survey.has_responses()
        if locked and request.method == "GET":
            messages.warning(request, ANSWERS_LOCK)
        return super().change_view(request, object_id, form_url, extra_context)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "shown_if_option":
            kwargs["queryset"] = Option.objects.filter(
                question__type=Question.Type.SINGLE
            ).select_related("question")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
