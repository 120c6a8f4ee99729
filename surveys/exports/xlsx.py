"""The XLSX writer: a table's typed values as numeric, date and text cells, with the
codebook on a sheet of its own."""

from collections.abc import Iterator

from portal.streaming import formula_like
from surveys.exports.tables import Table
from surveys.exports.variables import Variable

WIDTHS = {"id": 10, "date": 12, "number": 8, "flag": 6, "code": 14, "text": 40}


def _width(variable: Variable, labelled: bool) -> float:
    base = 28 if labelled and variable.kind == "code" else WIDTHS[variable.kind]
    return min(max(base, len(variable.name) + 2), 60)


def write_xlsx(path: str, table: Table, book: Iterator[list[str]]) -> None:
    """An XLSX file with the responses and the codebook, in openpyxl's write-only
    mode, whose memory use does not grow with the rows.

    Numbers are numeric cells and days date cells; the header row stays in view and
    the columns have widths for what they hold, both set before the first row
    because write-only sheets are written out row by row. Text that a spreadsheet
    would take for a formula (portal.streaming.formula_like) is written as text with
    Excel's quote prefix: shown as typed, never run, not even once the cell is
    edited."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    bold = Font(bold=True)

    def start(sheet, header: list[str], widths: list[float]) -> None:
        sheet.freeze_panes = "A2"
        for n, width in enumerate(widths, 1):
            sheet.column_dimensions[get_column_letter(n)].width = width
        cells = []
        for name in header:
            cell = WriteOnlyCell(sheet, value=name)
            cell.font = bold
            cells.append(cell)
        sheet.append(cells)

    def cells(sheet, row: list) -> list:
        written = []
        for value in row:
            if isinstance(value, str):
                # Control characters that a resident pasted are not allowed in XLSX.
                value = ILLEGAL_CHARACTERS_RE.sub("", value) or None
                if formula_like(value):
                    cell = WriteOnlyCell(sheet, value=value)
                    cell.data_type = "s"
                    cell.quotePrefix = True
                    value = cell
            # Days get openpyxl's date format (yyyy-mm-dd) by themselves.
            written.append(value)
        return written

    sheet = workbook.create_sheet("responses")
    start(
        sheet,
        [column.name for column in table.columns],
        [_width(column, table.labelled) for column in table.columns],
    )
    for row in table.rows:
        sheet.append(cells(sheet, row))
    codes = workbook.create_sheet("codebook")
    book = iter(book)
    start(codes, next(book), [24, 60, 18, 10, 40])
    for row in book:
        codes.append(cells(codes, row))
    workbook.save(path)
