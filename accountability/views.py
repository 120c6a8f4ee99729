"""Public pages of accountability: reports and their questions, priorities with their
support and progress, civic formations, following, and open data."""

from typing import cast

from django.conf import settings
from django.contrib import messages
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.db.models import Field
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from accountability import actions, opendata
from accountability.figures import POLICE_FIGURES, PORTAL_FIGURES
from accountability.forms import (
    FollowForm,
    FormationFilter,
    PriorityFilter,
    QuestionForm,
    ReportFilter,
)
from accountability.models import (
    Follow,
    Formation,
    Priority,
    Report,
    ReportQuestion,
)
from accountability.opendata import DATASETS
from portal import kept
from portal.lists import filtered_page
from portal.markdown import render as render_markdown
from portal.models import Community
from portal.suppression import suppressed
from portal.throttle import RateLimit, client_address, too_many_requests

PAGE_SIZE = 20
FORMATIONS_PAGE = 50
# Questions, supports and follow requests from one address, per hour.
SUBMISSIONS = RateLimit("accountability-submissions", 30, 3600)
SUPPORT_COOKIE = "supported-priorities"
SUPPORT_COOKIE_AGE = 5 * 365 * 24 * 3600
SUPPRESSED_FIGURES = {
    "complaints_received",
    "complaints_answered",
    "complaints_answered_in_time",
}


def _page(request: HttpRequest, queryset):
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


# Reports


@require_safe
def report_list(request: HttpRequest) -> HttpResponse:
    """Published reports, the same for every reader: kept like the priorities."""

    def context() -> dict:
        reports = (
            Report.objects.published()
            .select_related("community")
            .order_by("-year", "-published_at", "-pk")
        )
        filters = ReportFilter(request.GET, queryset=reports)
        label = _("Filter the reports")
        return filtered_page(request, filters, page_size=PAGE_SIZE, label=label)

    return kept.page(
        request,
        "accountability-reports",
        "accountability/report_list.html",
        context,
        keep=lambda shown: shown["filters"].is_valid(),
    )


def get_report_for(user, slug: str) -> Report:
    """A published or withdrawn report; staff who edit reports also see drafts."""
    reports = Report.objects.select_related("community")
    if not user.has_perm("accountability.view_report"):
        reports = reports.public()
    return get_object_or_404(reports, slug=slug)


def _figures(report: Report) -> tuple[list, list]:
    def row(name):
        value = getattr(report, name)
        return {
            "label": cast(Field, Report._meta.get_field(name)).verbose_name,
            "value": value,
            "suppressed": name in SUPPRESSED_FIGURES
            and value is not None
            and suppressed(value),
        }

    return [row(name) for name in POLICE_FIGURES], [
        row(name) for name in PORTAL_FIGURES
    ]


def _report_page(request, report: Report, form: QuestionForm, status: int = 200):
    police, portal = _figures(report)
    context = {
        "report": report,
        "body": render_markdown(report.display_body, top=3),
        "police_figures": police,
        "portal_figures": portal,
        "attachments": report.attachments.all(),
        "changes": report.changes.all(),
        "questions": report.questions.filter(status=ReportQuestion.Status.APPROVED),
        "form": form,
        "share_url": request.build_absolute_uri(report.get_absolute_url()),
    }
    return render(request, "accountability/report_detail.html", context, status=status)


@require_safe
def report_detail(request: HttpRequest, slug: str) -> HttpResponse:
    report = get_report_for(request.user, slug)
    return _report_page(request, report, QuestionForm())


@require_POST
def report_question(request: HttpRequest, slug: str) -> HttpResponse:
    """A resident asks a question about a published report, before its hearing."""
    report = get_object_or_404(Report.objects.public(), slug=slug)
    form = QuestionForm(request.POST)
    if not report.questions_open():
        messages.error(request, _("Questions about this report are closed."))
        return redirect(report)
    if not SUBMISSIONS.hit(client_address(request)):
        return too_many_requests(request, retry_after=SUBMISSIONS.period)
    if form.is_spam():
        form.add_error(None, _("The form could not be sent. Please try again."))
    elif form.is_valid():
        actions.ask_question(report, form.cleaned_data["text"])
        messages.success(
            request,
            _(
                "Thank you. Your question will appear here once a press officer has "
                "approved it."
            ),
        )
        return redirect(f"{report.get_absolute_url()}#questions")
    SUBMISSIONS.undo(client_address(request))
    return _report_page(request, report, form, status=400)


# Priorities


@require_safe
def priority_list(request: HttpRequest) -> HttpResponse:
    """The priorities, the same for every reader: anonymous readers share whole
    pages, and the filter form and the results are kept for everyone (see
    accountability.apps), per chosen value; nothing is read on a kept copy."""

    def context() -> dict:
        priorities = Priority.objects.select_related("community").order_by(
            "-set_on", "-pk"
        )
        filters = PriorityFilter(request.GET, queryset=priorities)
        label = _("Filter the priorities")
        return filtered_page(request, filters, page_size=PAGE_SIZE, label=label)

    return kept.page(
        request,
        "accountability-priorities",
        "accountability/priority_list.html",
        context,
        keep=lambda shown: shown["filters"].is_valid(),
    )


def _supported(request) -> set[int]:
    value = request.get_signed_cookie(SUPPORT_COOKIE, default="", salt="priorities")
    return {int(pk) for pk in value.split(",") if pk.isdigit()}


@require_safe
def priority_detail(request: HttpRequest, pk: int) -> HttpResponse:
    priority = get_object_or_404(
        Priority.objects.select_related("community", "event"), pk=pk
    )
    context = {
        "priority": priority,
        "updates": priority.updates.all(),
        "supported": priority.pk in _supported(request),
    }
    return render(request, "accountability/priority_detail.html", context)


@require_POST
def support_priority(request: HttpRequest, pk: int) -> HttpResponse:
    """One support per browser, remembered by a signed cookie; no personal data."""
    priority = get_object_or_404(Priority, pk=pk)
    supported = _supported(request)
    if priority.pk in supported:
        messages.info(request, _("You already support this priority."))
        return redirect(priority)
    if not SUBMISSIONS.hit(client_address(request)):
        return too_many_requests(request, retry_after=SUBMISSIONS.period)
    if not actions.support_priority(priority):
        messages.error(request, _("This priority no longer takes support."))
        return redirect(priority)
    messages.success(request, _("Thank you: your support was counted."))
    response = redirect(priority)
    # The newest first, and a bounded list, so that the cookie stays small.
    kept = [priority.pk, *sorted(supported - {priority.pk}, reverse=True)][:300]
    response.set_signed_cookie(
        SUPPORT_COOKIE,
        ",".join(map(str, kept)),
        salt="priorities",
        max_age=SUPPORT_COOKIE_AGE,
        httponly=True,
        samesite="Lax",
    )
    return response


# Following


def _follow_target(kind: str, key) -> dict:
    if kind == "community":
        return {"community": get_object_or_404(Community, slug=key)}
    return {"priority": get_object_or_404(Priority, pk=key)}


@require_http_methods(["GET", "POST"])
def follow(request: HttpRequest, key, kind: str) -> HttpResponse:
    """Ask for the weekly digest of a community or a priority."""
    target = _follow_target(kind, key)
    form = FollowForm(request.POST or None)
    if request.method == "POST":
        if not SUBMISSIONS.hit(client_address(request)):
            return too_many_requests(request, retry_after=SUBMISSIONS.period)
        if form.is_spam():
            form.add_error(None, _("The form could not be sent. Please try again."))
        elif form.is_valid():
            actions.follow(
                email=form.cleaned_data["email"], language=get_language(), **target
            )
            return render(
                request, "accountability/follow_sent.html", {"target": target}
            )
        SUBMISSIONS.undo(client_address(request))
    status = 400 if form.is_bound else 200
    context = {"form": form, "target": next(iter(target.values()))}
    return render(request, "accountability/follow_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def follow_confirm(request: HttpRequest, token: str) -> HttpResponse:
    # A GET only shows a button: mail scanners open links, people press buttons.
    follow: Follow | None = get_object_or_404(
        Follow.objects.select_related("community", "priority"), token=token
    )
    if request.method == "POST":
        follow = actions.confirm_follow(token)
    return render(request, "accountability/follow_confirm.html", {"follow": follow})


@require_http_methods(["GET", "POST"])
def follow_stop(request: HttpRequest, token: str) -> HttpResponse:
    follow = Follow.objects.filter(token=token).first()
    if request.method == "POST":
        stopped = actions.stop_following(token)
        return render(
            request, "accountability/follow_stopped.html", {"stopped": stopped}
        )
    if follow is None:
        return render(request, "accountability/follow_stopped.html", {"stopped": False})
    return render(request, "accountability/follow_stop.html", {"follow": follow})


# Formations and open data


@require_safe
def formation_list(request: HttpRequest) -> HttpResponse:
    def context() -> dict:
        formations = (
            Formation.objects.filter(is_active=True)
            .select_related("community")
            .order_by("name", "pk")
        )
        filters = FormationFilter(request.GET, queryset=formations)
        label = _("Filter the formations")
        return filtered_page(request, filters, page_size=FORMATIONS_PAGE, label=label)

    return kept.page(
        request,
        "accountability-formations",
        "accountability/formation_list.html",
        context,
        keep=lambda shown: shown["filters"].is_valid(),
    )


@require_safe
def open_data(request: HttpRequest) -> HttpResponse:
    return kept.page(
        request,
        "accountability-open-data",
        "accountability/open_data.html",
        lambda: {"datasets": DATASETS.values()},
    )


def _dataset(name: str):
    if name not in DATASETS:
        raise Http404
    return DATASETS[name]


CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json; charset=utf-8",
}


def _dataset_file(name: str, extension: str) -> FileResponse:
    """The dataset's written file (accountability.opendata): sent as it is, so
    that no request reads a whole table."""
    _dataset(name)
    stored = opendata.fresh_file(name, extension)
    response = FileResponse(
        default_storage.open(stored), content_type=CONTENT_TYPES[extension]
    )
    if extension == "csv":
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


@require_safe
def data_package(request: HttpRequest) -> JsonResponse:
    """datapackage.json: every dataset's fields with their types, for tools that
    read Frictionless Data Packages (frictionless, CKAN, Open Refine...)."""
    home = settings.SITE_URL + reverse("accountability:open-data")
    response = JsonResponse(
        opendata.data_package(home), json_dumps_params={"ensure_ascii": False}
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
def dataset_csv(request: HttpRequest, name: str) -> FileResponse:
    return _dataset_file(name, "csv")


@require_safe
def dataset_json(request: HttpRequest, name: str) -> FileResponse:
    return _dataset_file(name, "json")
