"""Bar charts drawn on the server, so that pages need no chart service or script.

Each bar is a tiny SVG sized by attributes (the CSP forbids inline styles); the same
numbers are also printed as a table next to the chart.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Bar:
    label: str
    text: str  # the number printed after the bar
    width: float  # percent of the longest bar


def bars(rows: list[tuple[str, float | None, str]]) -> list[Bar]:
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
