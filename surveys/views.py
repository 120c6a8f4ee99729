"""Public pages of the surveys: the list, the questionnaire, its printable version and
the published results."""

import django_filters
from django.conf import settings
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_safe

from portal.charts import bar_table, bars
from portal.models import Community
from portal.throttle import RateLimit, client_address
from surveys import actions, results
from surveys.forms import SurveyForm
from surveys.models import Option, Question, Response, Survey

ANSWERED_COOKIE_AGE = 2 * 365 * 24 * 3600
SUBMISSIONS = RateLimit("survey-submissions", 30, 3600)


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
    surveys = Survey.objects.listed().select_related("series").order_by("-opens_at")
    open_surveys = [s for s in surveys if s.is_open]
    published = [s for s in surveys if not s.is_open]
    return render(
        request,
        "surveys/survey_list.html",
        {"open_surveys": open_surveys, "published": published},
    )


@require_http_methods(["GET", "POST"])
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    survey = get_object_or_404(Survey.objects.select_related("series"), slug=slug)
    if not survey.is_open:
        if survey.is_closed:
            return render(request, "surveys/survey_closed.html", {"survey": survey})
        raise Http404
    if _answered(request, survey):
        return render(request, "surveys/survey_answered.html", {"survey": survey})
    questions = _questions(survey)
    if request.method == "POST":
        if not SUBMISSIONS.hit(client_address(request)):
            return render(request, "429.html", status=429)
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
    else:
        form = SurveyForm(survey, questions)
    return render(request, "surveys/survey_form.html", {"survey": survey, "form": form})


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


@require_safe
def results_page(request: HttpRequest, slug: str) -> HttpResponse:
    survey = get_results_survey_for(request.user, slug)
    questions = results.result_questions(survey)
    responses = Response.objects.filter(survey=survey)
    filters = ResponseFilter(request.GET, queryset=responses, questions=questions)
    chosen = filters.form.cleaned_data if filters.is_valid() else {"community": -1}
    communities = list(Community.objects.all())
    counted = results.question_results(survey, questions, chosen, communities)
    published = counted["questions"]
    headings = (_("Answer"), _("Responses"), _("Chart"))
    fewer = _("fewer than 5")
    for item in published:
        for row in item["rows"]:
            row["count_text"] = fewer
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
    context = {
        "survey": survey,
        "filters": filters,
        "total": counted["total"],
        "results": published,
        "trust": trust,
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
    return render(request, "surveys/survey_results.html", context)
