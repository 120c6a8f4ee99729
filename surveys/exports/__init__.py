"""Exports of survey responses for analysts: CSV, XLSX or SPSS, wide or long, values as
codes or as labels, with a codebook.

What each column is lives in variables, the rows in tables (read chunk by chunk, so
memory stays flat whatever the number of responses), and each format's writer in a
module of its own: xlsx, spss, and CSV here. Values keep their types (numbers, dates,
text) until a writer turns them into cells. Small exports stream straight to the
browser; large ones are written to a file by a Celery task
(surveys.tasks.build_export) that records its progress.

The names below are what the rest of the portal uses; they are imported from here.
"""

import io
from collections.abc import Iterator

from portal.streaming import csv_stream
from surveys.exports.spss import spss_names, spss_syntax, write_spss
from surveys.exports.tables import (
    TABLES,
    Progress,
    Table,
    long_rows,
    long_table,
    wide_plan,
    wide_query,
    wide_rows,
    wide_table,
)
from surveys.exports.variables import Variable, codebook
from surveys.exports.xlsx import write_xlsx
from surveys.models import Export, Survey

__all__ = [
    "EXTENSIONS",
    "TABLES",
    "Progress",
    "Table",
    "Variable",
    "codebook",
    # bench_export streams the wide rows with it.
    "csv_stream",
    "long_rows",
    "long_table",
    "spss_names",
    "spss_syntax",
    "wide_plan",
    "wide_query",
    "wide_rows",
    "wide_table",
    "write",
    "write_csv",
    "write_spss",
    "write_xlsx",
]

EXTENSIONS: dict[str, str] = {
    Export.Format.CSV: "csv",
    Export.Format.XLSX: "xlsx",
    Export.Format.SPSS: "zip",
}


def write_csv(handle: io.TextIOBase, rows: Iterator[list]) -> None:
    """Rows as CSV, written to an open text file."""
    for text in csv_stream(rows):
        handle.write(text)


def write(
    path: str,
    survey: Survey,
    *,
    format: str,
    layout: str,
    language: str,
    values: str = Export.Values.CODES,
    progress: Progress = None,
) -> None:
    """Write an export's file at `path`, in any format."""
    if format == Export.Format.SPSS:
        write_spss(path, survey, language=language, progress=progress)
        return
    table = TABLES[layout](survey, progress, values=values, language=language)
    if format == Export.Format.CSV:
        with open(path, "w", encoding="utf-8", newline="") as output:
            write_csv(output, table.with_header())
    else:
        write_xlsx(path, table, codebook(survey, language))
