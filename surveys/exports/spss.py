"""The SPSS export: a zip of the wide table as CSV and of an SPSS syntax file (.sps)
that reads it with every variable's label and value labels, within SPSS's limits.
PSPP runs the same syntax, and the .sav it saves opens in Stata and R's haven."""

import csv
import io
import re
import time
import zipfile
from collections.abc import Callable
from typing import Any

from django.utils import translation

from portal.streaming import spreadsheet_safe
from surveys.exports.tables import Progress, converter, pivoted, wide_plan
from surveys.exports.variables import Variable
from surveys.models import Export, Survey

# SPSS's limits, in bytes of UTF-8: names, variable labels, value labels, the file
# label and string widths.
SPSS_NAME, SPSS_LABEL, SPSS_VALUE_LABEL, SPSS_FILE_LABEL, SPSS_WIDTH = (
    64,
    255,
    120,
    64,
    32767,
)
SPSS_RESERVED = {"ALL", "AND", "BY", "EQ", "GE", "GT", "LE", "LT", "NE", "NOT", "OR"}
SPSS_RESERVED |= {"TO", "WITH"}


def spss_names(names: list[str]) -> list[str]:
    """Names SPSS accepts (a letter first; letters, digits and _; at most 64 bytes;
    no reserved word), each once whatever the case."""
    taken: set[str] = set()
    result = []
    for name in names:
        base = re.sub(r"[^A-Za-z0-9_]", "_", name)
        if not base[:1].isalpha() or base.upper() in SPSS_RESERVED:
            base = f"v_{base}"
        base, candidate, n = base[:SPSS_NAME], base[:SPSS_NAME], 1
        while candidate.lower() in taken:
            n += 1
            candidate = f"{base[: SPSS_NAME - len(str(n)) - 1]}_{n}"
        taken.add(candidate.lower())
        result.append(candidate)
    return result


def _spss_numeric(variable: Variable) -> bool:
    return variable.kind in {"id", "number", "flag"} or bool(
        variable.kind == "code" and variable.choices
    )


def _spss_converter(variable: Variable) -> Callable[[Any], Any]:
    if variable.kind == "code" and variable.choices:
        numbers = {code: number for code, (number, _label) in variable.choices.items()}
        return numbers.get
    if variable.kind in {"code", "text"}:
        # SPSS reads one case a line: a line break inside an answer would start
        # another case.
        return lambda value: (
            spreadsheet_safe(" ".join(value.splitlines())) if value else ""
        )
    return converter(variable, Export.Values.CODES)


def _spss_level(variable: Variable) -> str:
    # SPSS takes no scale or ordinal level for a string variable.
    if _spss_numeric(variable) or variable.kind == "date":
        return variable.measure.upper()
    return "NOMINAL"


def _quoted(text: str, limit: int) -> str:
    """An SPSS string of at most `limit` bytes, in pieces joined with + so that no
    line of the syntax grows long. A line break would end the string: labels keep
    to one line."""
    cut = " ".join(text.split()).encode()[:limit].decode(errors="ignore")
    pieces, piece = [], ""
    for character in cut:
        if len((piece + character).encode()) > 100:
            pieces.append(piece)
            piece = ""
        piece += character
    pieces.append(piece)
    return " +\n    ".join("'" + p.replace("'", "''") + "'" for p in pieces)


def _spss_format(variable: Variable, width: int) -> str:
    if variable.kind == "date":
        return "SDATE10"
    if not _spss_numeric(variable):
        return f"A{min(max(width, 1), SPSS_WIDTH)}"
    if variable.kind == "number" and variable.measure == "scale":
        return "F14.2"
    if variable.kind == "id":
        return "F10.0"
    numbers = [number for number, _label in variable.choices.values()] or [10]
    digits = max(len(str(number)) for number in numbers)
    return f"F{digits}.0"


def spss_syntax(
    title: str,
    data_file: str,
    saved_file: str,
    variables: list[Variable],
    names: list[str],
    widths: list[int],
    seen: list[set],
) -> str:
    """The SPSS syntax that reads the data file with its labels and value labels."""
    lines = [
        "* Encoding: UTF-8.",
        f"* Run this in SPSS or PSPP from the folder that holds {data_file}.",
        "* Or write the full path of the data file after /FILE= below.",
        f"* It saves the data with their labels as {saved_file}.",
        "GET DATA",
        "  /TYPE=TXT",
        f"  /FILE='{data_file}'",
        "  /ENCODING='UTF8'",
        "  /ARRANGEMENT=DELIMITED",
        "  /DELCASE=LINE",
        "  /FIRSTCASE=2",
        '  /DELIMITERS=","',
        "  /QUALIFIER='\"'",
        "  /VARIABLES=",
    ]
    lines += [
        f"    {name} {_spss_format(variable, width)}"
        for name, variable, width in zip(names, variables, widths, strict=True)
    ]
    lines[-1] += "."
    lines.append(f"FILE LABEL {_quoted(title, SPSS_FILE_LABEL)}.")
    labels = [
        f"{name} {_quoted(variable.label or variable.name, SPSS_LABEL)}"
        for name, variable in zip(names, variables, strict=True)
    ]
    lines.append("VARIABLE LABELS\n  " + "\n  /".join(labels) + ".")
    value_labels = []
    for name, variable, occurring in zip(names, variables, seen, strict=True):
        pairs = sorted(
            (number, label)
            for number, label in variable.choices.values()
            if not variable.reference or number in occurring
        )
        if pairs and _spss_numeric(variable):
            value_labels.append(
                f"{name}\n    "
                + "\n    ".join(
                    f"{number} {_quoted(label, SPSS_VALUE_LABEL)}"
                    for number, label in pairs
                )
            )
    if value_labels:
        lines.append("VALUE LABELS\n  " + "\n  /".join(value_labels) + ".")
    levels = [
        f"{name} ({_spss_level(variable)})"
        for name, variable in zip(names, variables, strict=True)
    ]
    lines.append("VARIABLE LEVEL\n  " + "\n  /".join(levels) + ".")
    # A .sav beside the data, for haven::read_sav and for Stata's import spss.
    lines.append(f"SAVE OUTFILE='{saved_file}'.")
    lines.append("EXECUTE.")
    return "\n".join(lines) + "\n"


def _entry(name: str) -> zipfile.ZipInfo:
    """A file of the zip dated now and readable by all once unzipped (zipfile's
    own default is 1980 and no permissions)."""
    entry = zipfile.ZipInfo(name, time.localtime()[:6])
    entry.compress_type = zipfile.ZIP_DEFLATED
    entry.external_attr = 0o644 << 16
    return entry


def write_spss(
    path: str, survey: Survey, *, language: str = "uk", progress: Progress = None
) -> None:
    """A zip of the wide table as CSV and of an SPSS syntax file that reads it with
    every variable's label and value labels, as KoboToolbox's formpack does.

    Written row by row; the syntax comes last, once the widest text of each string
    variable is known. Codes with labels are numbers in this file (an option's code
    when the codes are whole numbers, else its place in the list; a community's
    number), so that SPSS, Stata and R's haven treat them as labelled values."""
    variables, sql, params = wide_plan(survey, language)
    names = spss_names([variable.name for variable in variables])
    convert = [_spss_converter(variable) for variable in variables]
    strings = [n for n, v in enumerate(variables) if not _spss_numeric(v)]
    strings = [n for n in strings if variables[n].kind != "date"]
    references = [n for n, v in enumerate(variables) if v.reference]
    widths = [0] * len(variables)
    seen: list[set] = [set() for _variable in variables]
    data_file = f"{survey.slug}.csv"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        with (
            archive.open(_entry(data_file), "w") as raw,
            io.TextIOWrapper(raw, encoding="utf-8", newline="") as text,
        ):
            writer = csv.writer(text)
            writer.writerow(names)
            for stored in pivoted(sql, params, progress):
                row = [f(value) for f, value in zip(convert, stored, strict=True)]
                for n in strings:
                    widths[n] = max(widths[n], len(row[n].encode()))
                for n in references:
                    seen[n].add(row[n])
                writer.writerow(row)
        with translation.override(language):
            title = str(survey)
        syntax = spss_syntax(
            title, data_file, f"{survey.slug}.sav", variables, names, widths, seen
        )
        archive.writestr(_entry(f"{survey.slug}.sps"), syntax)
