"""CSV that streams: rows become text one at a time, so memory stays flat.

Every cell that a spreadsheet would read as a formula is defused first
(`spreadsheet_safe`): what residents type reaches analysts' Excel and LibreOffice
through these files.
"""

import csv
from collections.abc import Iterable, Iterator

from django.http import StreamingHttpResponse

# What makes a spreadsheet read a cell as a formula (or, for tab and carriage
# return, as the start of another cell): OWASP's list, and the full-width forms
# that some spreadsheets take for the same.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def formula_like(value) -> bool:
    """Whether a spreadsheet would take this text for a formula: it starts with one
    of FORMULA_STARTS and is not a plain number such as -5 or +3.2."""
    return (
        isinstance(value, str)
        and value.startswith(FORMULA_STARTS)
        and not _is_number(value)
    )


def spreadsheet_safe(value):
    """The value as a spreadsheet shows it and never runs it: formula-like text gets
    a leading apostrophe, the mark spreadsheets themselves use for "this is text"."""
    return "'" + value if formula_like(value) else value


class _Echo:
    """A file that hands back what is written, for csv.writer."""

    def write(self, value):
        return value


def csv_stream(rows: Iterable) -> Iterator[str]:
    """CSV text with a byte-order mark, so that Excel reads the Ukrainian right."""
    writer = csv.writer(_Echo())
    yield "\ufeff"
    for row in rows:
        yield writer.writerow([spreadsheet_safe(value) for value in row])


def csv_download(rows: Iterable, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        csv_stream(rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
