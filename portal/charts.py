"""Bar charts drawn on the server, so that pages need no chart service or script.

Each bar is a tiny SVG sized by attributes (the CSP forbids inline styles); the same
numbers are also printed as a table next to the chart.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import mark_safe


@dataclass(frozen=True)
class Bar:
    label: str
    text: str  # the number printed after the bar
    width: float  # percent of the longest bar


def bars(rows: Sequence[tuple[str, float | None, str]]) -> list[Bar]:
    """Lay out (label, value, text) rows for includes/bar_chart.html.

    A value of None (suppressed or unknown) draws no bar but keeps its row and text.
    """
    largest = max((value for _, value, _ in rows if value), default=0)
    return [
        Bar(
            label=label,
            text=text,
            width=round(100 * (value or 0) / largest, 1) if largest else 0.0,
        )
        for label, value, text in rows
    ]


def bar_table(rows: list[dict], *, caption: str, headings: tuple[str, str, str]) -> str:
    """A results table whose rows carry their own bars, as HTML.

    `rows` hold "label", "count" (None when suppressed) and "share"; `headings` name
    the label, count and chart columns. Built in Python rather than in a template
    because a results page repeats it for every question, and the portal's pages
    must stay fast without a cache.
    """
    largest = max((row["count"] or 0 for row in rows), default=0)
    label_heading, count_heading, chart_heading = (escape(h) for h in headings)
    body = []
    for row in rows:
        count = row["count"]
        width = f"{100 * count / largest:.1f}" if count and largest else "0"
        count_text = (
            escape(row["count_text"]) if count is None else number_format(count)
        )
        share = "—" if row["share"] is None else number_format(row["share"], 1)
        body.append(
            f'<tr><th scope="row">{escape(row["label"])}</th>'
            f'<td class="text-end">{count_text}</td><td class="text-end">{share}</td>'
            '<td class="bar-cell"><svg class="bar-svg" viewBox="0 0 100 10" '
            'preserveAspectRatio="none" aria-hidden="true" focusable="false">'
            f'<rect width="{width}" height="10"/></svg></td></tr>'
        )
    return mark_safe(  # noqa: S308 (every text above is escaped)
        f'<table class="table table-sm bar-table"><caption>{escape(caption)}</caption>'
        f'<thead><tr><th scope="col">{label_heading}</th>'
        f'<th scope="col" class="text-end">{count_heading}</th>'
        '<th scope="col" class="text-end">%</th>'
        f'<th scope="col" class="bar-cell"><span class="visually-hidden">'
        f"{chart_heading}</span></th></tr></thead><tbody>{''.join(body)}</tbody></table>"
    )
