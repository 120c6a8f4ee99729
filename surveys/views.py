"""Public pages of the surveys: the list, the questionnaire, its printable version and
the published results."""

from datetime import datetime
from typing import cast

import django_filters
from django.conf import settings
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_safe

from portal import kept
from portal.charts import bar_table, bars
from portal.models import Community
from portal.throttle import RateLimit, client_address, too_many_requests
from surveys import actions, results
from surveys.forms import SurveyForm
from surveys.models import Option, Question, Response, Survey

ANSWERED_COOKIE_AGE = 2 * 365 * 24 * 3600
SUBMISSIONS = RateLimit("survey-submissions", settings.SURVEY_ANSWERS_PER_HOUR, 3600)


def _questions(survey: Survey) -> list[Question]:
    return list(
        survey.questions.select_related("section", "shown_if_option__question")
        .prefetch_related(
            Prefetch("options", queryset=Option.objects.order_by("position", "pk"))
        )
        .order_by("position", "pk")
    )


def _cookie(survey: Survey) -> str:
    return f"survey-{survey.pk}"


def _answered(request: HttpRequest, survey: Survey) -> bool:
    if survey.access != Survey.Access.ANYONE:
        return False
    value = request.get_signed_cookie(_cookie(survey), default=None, salt="surveys")
    return value == "answered"


@require_safe
def survey_list(request: HttpRequest) -> HttpResponse:
    def context() -> dict:
        surveys = Survey.objects.listed().select_related("series")
        listed = list(surveys.order_by("-opens_at"))
        return {
            "open_surveys": [survey for survey in listed if survey.is_open],
            "published": [survey for survey in listed if not survey.is_open],
        }

    return kept.page(request, "surveys-list", "surveys/survey_list.html", context)


@require_http_methods(["GET", "POST"])
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    survey = get_object_or_404(Survey.objects.select_related("series"), slug=slug)
    if not survey.is_open:
        if survey.is_closed:
            return render(request, "surveys/survey_closed.html", {"survey": survey})
        raise Http404
    if _answered(request, survey):
        return render(request, "surveys/survey_answered.html", {"survey": survey})
    if request.method == "POST":
        questions = _questions(survey)
        if not SUBMISSIONS.hit(client_address(request)):
            return too_many_requests(request, retry_after=SUBMISSIONS.period)
        form = SurveyForm(survey, questions, request.POST)
        if form.is_spam():
            form.add_error(None, _("The form could not be sent. Please try again."))
        elif form.is_valid():
            try:
                actions.submit_response(
                    survey,
                    form.answers(),
                    access_code=form.cleaned_data.get("access_code", ""),
                )
            except actions.SurveyError as error:
                form.add_error("access_code", str(error))
            else:
                response = redirect("surveys:thanks", slug=survey.slug)
                if survey.access == Survey.Access.ANYONE:
                    response.set_signed_cookie(
                        _cookie(survey),
                        "answered",
                        salt="surveys",
                        max_age=ANSWERED_COOKIE_AGE,
                        httponly=True,
                        samesite="Lax",
                        secure=not settings.DEBUG,
                    )
                return response
        fields = render_to_string(FORM_FIELDS, {"form": form})
    else:
        # The blank questionnaire is the same for everybody: kept per survey and
        # language until the survey, its questions or the communities change. The
        # form's token is each visitor's own and stays outside it.
        form = None
        fields = kept.html(
            "surveys-form",
            lambda: render_to_string(
                FORM_FIELDS, {"form": SurveyForm(survey, _questions(survey))}
            ),
            survey=survey.pk,
        )
    context = {"survey": survey, "form": form, "fields": fields}
    return render(request, "surveys/survey_form.html", context)


FORM_FIELDS = "surveys/includes/form_fields.html"


@require_safe
def thanks(request: HttpRequest, slug: str) -> HttpResponse:
    survey = get_object_or_404(Survey, slug=slug)
    return render(request, "surveys/survey_thanks.html", {"survey": survey})


@require_safe
def printable(request: HttpRequest, slug: str) -> HttpResponse:
    """The questionnaire on paper, for volunteers who collect answers door to door."""
    survey = get_object_or_404(Survey, slug=slug)
    if not survey.is_open and not request.user.has_perm(
        "surveys.enter_paper_responses"
    ):
        raise Http404
    return render(
        request,
        "surveys/survey_print.html",
        {"survey": survey, "questions": _questions(survey)},
    )


class ResponseFilter(django_filters.FilterSet):
    community = django_filters.ModelChoiceFilter(
        queryset=Community.objects.order_by("name"),
        label=gettext_lazy("Community"),
        empty_label=gettext_lazy("All communities"),
    )
    age_group = django_filters.ChoiceFilter(
        label=gettext_lazy("Age group"), empty_label=gettext_lazy("All ages")
    )
    gender = django_filters.ChoiceFilter(
        label=gettext_lazy("Gender"), empty_label=gettext_lazy("Everyone")
    )

    class Meta:
        model = Response
        fields = ["community", "age_group", "gender"]

    def __init__(self, *args, questions: list[results.ResultQuestion], **kwargs):
        super().__init__(*args, **kwargs)
        for field in ["age_group", "gender"]:
            source = next((q for q in questions if q.demographic == field), None)
            choices = (
                [(code, label) for _pk, code, label in source.options] if source else []
            )
            self.filters[field].extra["choices"] = choices
        if not any(q.demographic == "age_group" for q in questions):
            del self.filters["age_group"]
        if not any(q.demographic == "gender" for q in questions):
            del self.filters["gender"]


def get_results_survey_for(user, slug: str) -> Survey:
    """A survey whose results this user may see: 404 while they are sealed.

    Results are sealed for everyone until the survey closes; after that, only those
    who publish results may look before they are published.
    """
    survey = get_object_or_404(Survey.objects.select_related("series"), slug=slug)
    if survey.results_visible:
        return survey
    if survey.is_closed and user.has_perm("surveys.publish_results"):
        return survey
    raise Http404


FILTERS = ("community", "age_group", "gender")


@require_safe
def results_page(request: HttpRequest, slug: str) -> HttpResponse:
    survey = get_results_survey_for(request.user, slug)
    if not results.ensure_counted(survey):
        # The worker is counting them: a page that says so, kept by nobody.
        response = render(
            request,
            "surveys/survey_results.html",
            {"survey": survey, "counting": True},
        )
        response["Retry-After"] = "60"
        add_never_cache_headers(response)
        return response
    # Counted results change only when they are counted again, at a new time.
    counted = cast(datetime, survey.results_counted_at)
    html = kept.html(
        "survey-results",
        lambda: _results_html(request, survey),
        request=request,
        survey=survey.pk,
        counted=counted.timestamp(),
    )
    return render(
        request,
        "surveys/survey_results.html",
        {"survey": survey, "results_html": html},
    )


def _results_html(request: HttpRequest, survey: Survey) -> str | kept.Unkept:
    """The results as HTML; not to be kept unless the filters are valid and written
    as the form writes them, so that made-up addresses cannot fill the cache."""
    chosen = tuple(request.GET.get(name, "") for name in FILTERS)
    context, keep = _results_context(request, survey, chosen)
    html = render_to_string("surveys/includes/results.html", context)
    return html if keep else kept.Unkept(html)


def _results_context(
    request: HttpRequest, survey: Survey, chosen: tuple
) -> tuple[dict, bool]:
    """What the results template shows, and whether it may be kept: only for valid
    filters written as the form writes them, so that made-up addresses cannot fill
    the cache with copies."""
    questions = results.result_questions(survey)
    responses = Response.objects.filter(survey=survey)
    filters = ResponseFilter(request.GET, queryset=responses, questions=questions)
    valid = filters.is_valid()
    cleaned = filters.form.cleaned_data if valid else {"community": -1}
    communities = list(Community.objects.all())
    counted = results.question_results(survey, questions, cleaned, communities)
    published = counted["questions"]
    headings = (_("Answer"), _("Responses"), _("Chart"))
    not_shown = _("not shown")
    for item in published:
        for row in item["rows"]:
            row["count_text"] = not_shown
        item["table"] = bar_table(
            item["rows"],
            caption=ngettext(
                "%(counter)s person answered",
                "%(counter)s people answered",
                item["answered"],
            )
            % {"counter": item["answered"]},
            headings=headings,
        )
    trust = results.trust_index(survey, communities)
    # A nation's communities each have a row per wave: beyond a raion's number,
    # only the chosen community's are shown beside the whole.
    trust_by_community = len(communities) <= results.COMMUNITY_ROWS
    if not trust_by_community:
        chosen_community = cleaned.get("community")
        trust = [
            row
            for row in trust
            if row["whole_raion"]
            or (chosen_community and row["community"] == chosen_community)
        ]
    context = {
        "survey": survey,
        "filters": filters,
        "total": counted["total"],
        "results": published,
        "trust": trust,
        "trust_by_community": trust_by_community,
        "trust_chart": bars(
            [
                (
                    _("Wave %(wave)s") % {"wave": row["wave"]},
                    row["index"],
                    "—" if row["index"] is None else str(row["index"]),
                )
                for row in trust
                if row["whole_raion"]
            ]
        ),
    }
    as_written = tuple(_as_written(cleaned.get(name)) for name in FILTERS)
    return context, valid and chosen == as_written


def _as_written(value) -> str:
    """A valid filter's value as the form puts it in the address."""
    return "" if value is None else str(getattr(value, "pk", value))
