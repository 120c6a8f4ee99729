"""Public pages of the hotline: filing, tracking with the receipt, statistics; and the
one staff view that opens attachments."""

import csv
from datetime import date

from crispy_forms.utils import render_crispy_form
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers
from django.utils.formats import date_format, number_format
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from hotline import actions
from hotline import stats as hotline_stats
from hotline.forms import AddInformationForm, ComplaintForm, RatingForm, ReceiptForm
from hotline.models import Attachment, Complaint
from hotline.receipts import receipt_hash
from portal import kept
from portal.charts import bars
from portal.images import IMAGE_FORMATS, clean_image
from portal.models import Community, Settlement
from portal.storage import private_file_response
from portal.suppression import SUPPRESS_BELOW, hidden_cells, suppressed
from portal.throttle import RateLimit, client_address, too_many_requests
from portal.transitions import TransitionError

# Cached blank filing form; hotline.apps makes it stale when its choices change.

FILINGS = RateLimit("hotline-filing", settings.HOTLINE_FILINGS_PER_HOUR, 3600)
FAILED_LOOKUPS = RateLimit(
    "hotline-lookup", settings.HOTLINE_FAILED_LOOKUPS_PER_HOUR, 3600
)

# One answer for every wrong receipt, whatever is wrong with it, so that guessing
# learns nothing.
NOT_FOUND = gettext_lazy(
    "No complaint matches this receipt code. Check it and try again: it has 16 "
    "letters and digits, such as K7QM-3XPA-9TND-V2HC."
)


def _private(response: HttpResponse) -> HttpResponse:
    """Pages that show a receipt or a complaint: never stored by any cache."""
    add_never_cache_headers(response)
    return response


def _too_many(request: HttpRequest) -> HttpResponse:
    return too_many_requests(request, retry_after=3600)


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "hotline/index.html")


@require_http_methods(["GET", "POST"])
def file_complaint(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        # Count the filing first (one round trip), and take it back if it fails.
        address = client_address(request)
        if not FILINGS.hit(address):
            return _refused_filing(request)
        form = ComplaintForm(request.POST, request.FILES)
        if form.is_spam():
            form.add_error(None, _("The form could not be sent. Please try again."))
        elif form.is_valid():
            complaint = form.save(commit=False)
            complaint.language = get_language()
            complaint.channel = Complaint.Channel.WEB
            receipt = actions.file_complaint(
                complaint, files=form.cleaned_data["attachments"]
            )
            context = {"complaint": complaint, "receipt": receipt}
            return _private(render(request, "hotline/complaint_receipt.html", context))
        FILINGS.undo(address)
        fields = render_crispy_form(form)
    else:
        # The blank form is the same for everyone of one language on one day.
        fields = kept.html(
            "hotline-form",
            lambda: render_crispy_form(ComplaintForm()),
            day=timezone.localdate(),
        )
        form = None
    context = {"form": form, "fields": fields}
    return render(request, "hotline/complaint_form.html", context)


def _refused_filing(request: HttpRequest) -> HttpResponse:
    """Over the hourly limit: nothing is stored, and the form comes back with what
    was typed in it (but the files, which no browser keeps), so that it can be sent
    later or read out on the phone."""
    form = ComplaintForm(request.POST)
    context = {
        "form": form,
        "fields": render_crispy_form(form),
        "refused": True,
        "limit": settings.HOTLINE_FILINGS_PER_HOUR,
    }
    response = render(request, "hotline/complaint_form.html", context, status=429)
    response["Retry-After"] = "3600"
    return _private(response)


def _find(request: HttpRequest, form: ReceiptForm) -> Complaint | None:
    """The complaint whose receipt the form carries; counts failures per client."""
    code = form.cleaned_data.get("receipt") if form.is_valid() else None
    complaint = None
    if code:
        complaint = (
            Complaint.objects.select_related("category", "community", "unit")
            .filter(receipt_hash=receipt_hash(code))
            .first()
        )
    if complaint is None:
        FAILED_LOOKUPS.hit(client_address(request))
    return complaint


def _status_page(request, complaint: Complaint, receipt: str, **extra) -> HttpResponse:
    events = [event for event in complaint.events.all() if event.is_public]
    context = {
        "complaint": complaint,
        "receipt": receipt,
        "events": events,
        "add_form": extra.pop("add_form", None) or AddInformationForm(),
        "rating_form": extra.pop("rating_form", None) or RatingForm(),
        **extra,
    }
    return _private(render(request, "hotline/track_status.html", context))


def _lookup_failed(request) -> HttpResponse:
    lookup = ReceiptForm(initial={"receipt": request.POST.get("receipt", "")[:40]})
    lookup.errors["receipt"] = lookup.error_class([str(NOT_FOUND)])
    return _private(render(request, "hotline/track_form.html", {"form": lookup}))


@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return render(request, "hotline/track_form.html", {"form": ReceiptForm()})
    if FAILED_LOOKUPS.exceeded(client_address(request)):
        return _too_many(request)
    form = ReceiptForm(request.POST)
    complaint = None if form.is_spam() else _find(request, form)
    if complaint is None:
        return _lookup_failed(request)
    return _status_page(request, complaint, form.cleaned_data["receipt"])


def _follow_up(request, form_class, form_name: str, perform, notice: str):
    """Handle a form posted from the status page, which carries the receipt again."""
    if FAILED_LOOKUPS.exceeded(client_address(request)):
        return _too_many(request)
    lookup = ReceiptForm(request.POST)
    complaint = _find(request, lookup)
    if complaint is None:
        return _lookup_failed(request)
    code = lookup.cleaned_data["receipt"]
    form = form_class(request.POST, request.FILES)
    if form.is_valid():
        try:
            perform(complaint, form.cleaned_data)
        except TransitionError as error:
            form.add_error(None, error)
        else:
            complaint.refresh_from_db()
            return _status_page(request, complaint, code, notice=notice)
    return _status_page(request, complaint, code, **{form_name: form})


@require_POST
def add_information(request: HttpRequest) -> HttpResponse:
    return _follow_up(
        request,
        AddInformationForm,
        "add_form",
        lambda complaint, data: actions.add_information(
            complaint, text=data["text"], files=data["attachments"]
        ),
        _("Thank you. Your information was added."),
    )


@require_POST
def rate(request: HttpRequest) -> HttpResponse:
    return _follow_up(
        request,
        RatingForm,
        "rating_form",
        lambda complaint, data: actions.rate_answer(
            complaint, satisfaction=data["satisfaction"], comment=data["comment"]
        ),
        _("Thank you for rating the answer."),
    )


def get_attachment_for(user, public_id) -> Attachment:
    """The only way to reach an attachment: 404 for anyone without the permission."""
    if not (
        user.is_active and user.is_staff and user.has_perm("hotline.view_attachments")
    ):
        raise Http404
    return get_object_or_404(
        Attachment.objects.select_related("complaint"), public_id=public_id
    )


@require_safe
def attachment(request: HttpRequest, public_id) -> HttpResponseBase:
    item = get_attachment_for(request.user, public_id)
    actions.record_attachment_view(item, actor=request.user)
    return private_file_response(
        item.file,
        content_type=item.content_type,
        as_attachment=item.content_type == "application/pdf",
        filename=f"{item.complaint.reference}-{item.pk}.{item.extension}",
    )


# The longest side of a photo's preview on a complaint's page, in pixels.
PREVIEW_PIXELS = 240
IMAGE_KINDS = {
    content_type: kind for kind, (content_type, _extension) in IMAGE_FORMATS.items()
}


@require_safe
def attachment_preview(request: HttpRequest, public_id) -> HttpResponse:
    """A small copy of an attached photo for the complaint's page, under the same
    permission and written to the audit log as the photo itself is."""
    item = get_attachment_for(request.user, public_id)
    kind = IMAGE_KINDS.get(item.content_type)
    if kind is None:
        raise Http404
    actions.record_attachment_view(item, actor=request.user, preview=True)
    with item.file.open("rb") as stored:
        preview = clean_image(stored.read(), kind, "", longest=PREVIEW_PIXELS)
    response = HttpResponse(preview.content.read(), content_type=preview.content_type)
    # Only this browser keeps it, and not for long: access can be withdrawn.
    response["Cache-Control"] = "private, max-age=600"
    return response


def _count_text(count: int) -> str:
    return _("fewer than 5") if suppressed(count) else number_format(count)


# The breakdowns of the total that the statistics publish, each summing to it: a count
# hidden in one of them must not be the total minus the others (portal.suppression).
# The months are the last twelve, whose sum is not published.
BREAKDOWNS_OF_THE_TOTAL = ("kind", "category", "community")


def _hidden(dimension: str, counts: list[int]) -> list[bool]:
    if dimension in BREAKDOWNS_OF_THE_TOTAL:
        return hidden_cells(counts)
    return [suppressed(count) for count in counts]


def _breakdowns(figures: dict) -> dict[str, list[tuple[dict, int, bool]]]:
    """Every breakdown as (item, count, hidden)."""
    items = {
        "kind": [(item, item["count"]) for item in figures["by_kind"]],
        "category": [(item, item["count"]) for item in figures["by_category"]],
        "community": [(item, item["count"]) for item in figures["by_community"]],
        "month": [(item, item["received"]) for item in figures["by_month"]],
    }
    result = {}
    for dimension, rows in items.items():
        hidden = _hidden(dimension, [count for _item, count in rows])
        result[dimension] = [
            (item, count, hide)
            for (item, count), hide in zip(rows, hidden, strict=True)
        ]
    return result


def _stat_rows(figures: dict) -> dict[str, list[tuple[str, int | None, str]]]:
    """Label every figure in the reader's language: (label, count, printed text)."""
    english = get_language() == "en"

    def named(row) -> str:
        name = row["name_en"] if english and row["name_en"] else row["name"]
        return name or _("Whole raion or not given")

    def label(dimension: str, item: dict) -> str:
        if dimension == "kind":
            return Complaint.Kind(item["code"]).label.capitalize()
        if dimension == "month":
            return date_format(date.fromisoformat(item["month"] + "-01"), "F Y")
        if dimension == "category" and not item["code"]:
            return _("No category given")
        return named(item)

    return {
        dimension: [
            (
                label(dimension, item),
                None if hide else count,
                _("not shown") if hide else number_format(count),
            )
            for item, count, hide in rows
        ]
        for dimension, rows in _breakdowns(figures).items()
    }


@require_safe
def stats(request: HttpRequest) -> HttpResponse:
    def context() -> dict:
        figures = hotline_stats.figures()
        rows = _stat_rows(figures)
        return {
            "figures": figures,
            "rows": rows,
            "charts": {name: bars(values) for name, values in rows.items()},
            "total_text": _count_text(figures["total"]),
        }

    return kept.page(
        request, "hotline-stats", "hotline/stats.html", context, everyone=True
    )


def _open_data(figures: dict) -> list[dict]:
    """One row per published number, labelled in both languages."""
    records = []

    def add(dimension, code, label_uk, label_en, count, hide):
        records.append(
            {
                "dimension": dimension,
                "code": code,
                "label_uk": label_uk,
                "label_en": label_en,
                "value": None if hide else count,
                "suppressed": hide,
            }
        )

    breakdowns = _breakdowns(figures)
    for item, count, hide in breakdowns["kind"]:
        kind = Complaint.Kind(item["code"])
        with translation.override("uk"):
            label_uk = str(kind.label)
        with translation.override("en"):
            label_en = str(kind.label)
        add("kind", item["code"], label_uk, label_en, count, hide)
    for item, count, hide in breakdowns["category"]:
        add(
            "category",
            item["code"],
            item["name"] or "Категорію не вказано",
            item["name_en"] or "No category given",
            count,
            hide,
        )
    for item, count, hide in breakdowns["community"]:
        add(
            "community",
            item["code"],
            item["name"] or "Весь район або не вказано",
            item["name_en"] or "Whole raion or not given",
            count,
            hide,
        )
    for item, count, hide in breakdowns["month"]:
        add("month", item["month"], item["month"], item["month"], count, hide)
    for code, label_uk, label_en in SUMMARY_FIGURES:
        value = figures[code]
        records.append(
            {
                "dimension": "figure",
                "code": code,
                "label_uk": label_uk,
                "label_en": label_en,
                "value": value,
                "suppressed": value is None,
            }
        )
    return records


SUMMARY_FIGURES = [
    ("total", "Усього звернень", "All complaints"),
    (
        "answered_in_time_share",
        "Частка офіційних звернень, розглянутих у визначений законом строк, %",
        "Share of formal appeals answered within the statutory term, %",
    ),
    (
        "median_days_to_first_reply",
        "Медіана днів до першої відповіді",
        "Median days to the first reply",
    ),
    (
        "median_days_to_resolution",
        "Медіана днів до закриття",
        "Median days to closing",
    ),
    (
        "average_satisfaction",
        "Середня оцінка задоволеності (1–5)",
        "Average satisfaction (1 to 5)",
    ),
]


@require_safe
@kept.response("hotline-stats-files")
def stats_csv(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="hotline-stats.csv"'
    response.write("\ufeff")  # Excel opens UTF-8 correctly only with a BOM
    columns = ["dimension", "code", "label_uk", "label_en", "value", "suppressed"]
    writer = csv.DictWriter(response, fieldnames=columns)
    writer.writeheader()
    writer.writerows(_open_data(hotline_stats.figures()))
    return response


@require_safe
@kept.response("hotline-stats-files")
def stats_json(request: HttpRequest) -> JsonResponse:
    figures = hotline_stats.figures()
    return JsonResponse(
        {
            "computed_at": figures["computed_at"],
            "suppressed_below": SUPPRESS_BELOW,
            "records": _open_data(figures),
        },
        json_dumps_params={"ensure_ascii": False},
    )


@require_safe
@kept.response("hotline-settlements")
def settlements_json(request: HttpRequest) -> JsonResponse:
    """The names of one community's settlements, in the reader's language: what
    the filing form suggests once a community is chosen (static/js/hotline-form.js)."""
    number = request.GET.get("community", "")
    if not number.isdigit():
        raise Http404
    place = get_object_or_404(Community, pk=number)
    names = [
        settlement.display_name
        for settlement in Settlement.objects.filter(community=place).order_by("name")
    ]
    return JsonResponse(
        {"settlements": names}, json_dumps_params={"ensure_ascii": False}
    )
