"""Personal data in free text that the portal publishes: found before a moderator
approves it, masked wherever the public reads it.

Residents write phone numbers, e-mail addresses and street addresses into comments and
questions; officers quote them in public replies and minutes. `find()` looks for what
identifies a person in Ukraine:

- phone numbers, mobile and landline, in any of the usual groupings (+380 50 123 45 67,
  (057) 123-45-67, 0501234567), but not the free 0 800 lines that institutions publish;
- e-mail addresses;
- tax numbers (RNOKPP: ten digits whose last is the check digit of the first nine);
- passport numbers (two Cyrillic capitals and six digits), ID-card numbers (nine
  digits) and the register's record numbers (ЮНЗР: 19900101-01234);
- bank card numbers (sixteen digits that pass the Luhn check);
- car number plates (АХ 1234 ВК, with the letters that plates use, Latin or Cyrillic);
- street addresses: a kind of street, its name and a house number (вул. Шевченка, 12,
  кв. 5; просп. Перемоги 10-А; 12 Main Street).

A street named without a house number is not a person's address and is left alone: a
resident writing that a street is dark names a place, not a person. `mask()` puts a
translated mark in place of each finding; the text as written stays in the database for
the moderators, who see what was found (`describe()`) beside it.
"""

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class Kind:
    key: str
    label: "StrOrPromise"
    # What the public reads in place of the finding.
    mark: "StrOrPromise"


KINDS = {
    kind.key: kind
    for kind in [
        Kind("phone", _("phone number"), _("[phone number hidden]")),
        Kind("email", _("e-mail address"), _("[e-mail address hidden]")),
        Kind("tax_number", _("tax number (RNOKPP)"), _("[tax number hidden]")),
        Kind(
            "document",
            _("passport or ID-card number"),
            _("[document number hidden]"),
        ),
        Kind("card", _("bank card number"), _("[card number hidden]")),
        Kind("plate", _("car number plate"), _("[number plate hidden]")),
        Kind("address", _("street address"), _("[address hidden]")),
    ]
}


@dataclass(frozen=True)
class Finding:
    kind: str
    start: int
    end: int
    text: str

    @property
    def label(self) -> "StrOrPromise":
        return KINDS[self.kind].label


EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}(?!\w)")

# A run of digits as people write a phone number: between two digits nothing, one
# space or dash, or a bracket with a space either side. A dot is not among them, so
# that dates (01.05.2024) never read as a number.
NUMBER_RUN = re.compile(
    r"(?<![\w+])\+?(?:\(\s?)?\d(?:(?:\s?[()]\s?|[ \u00a0-])?\d)*(?![\w])"
)

# Contiguous digits, for numbers that are written without separators.
DIGITS = re.compile(r"(?<![\w-])\d+(?![\w])")
RECORD_NUMBER = re.compile(r"(?<![\w-])\d{8}-\d{5}(?![\w-])")
CARD = re.compile(r"(?<![\w-])\d{4}(?:[ -]?\d{4}){3}(?![\w-])")

# Passports of the booklet kind: two capital Cyrillic letters and six digits.
PASSPORT = re.compile(r"(?<!\w)[А-ЯІЇЄҐ]{2}\s?№?\s?\d{6}(?![\w])")

# Number plates use the twelve letters that read alike in both alphabets.
_PLATE_LETTERS = "ABCEHIKMOPTXАВСЕНІКМОРТХ"
PLATE = re.compile(
    rf"(?<!\w)[{_PLATE_LETTERS}]{{2}}\s?\d{{4}}\s?[{_PLATE_LETTERS}]{{2}}(?!\w)",
    re.IGNORECASE,
)

_APOSTROPHES = "'ʼ’"
_STREET_KINDS = (
    r"вул(?:\.|иц[яіюе]\w*)|пров(?:\.|ул\w*)|просп(?:\.|ект\w*)|пр-т|бульв(?:\.|ар\w*)"
    r"|б-р|пл(?:\.|ощ\w*)|майдан\w*|узв(?:\.|із\w*)|шосе|наб(?:\.|ережн\w*)"
    r"|туп(?:\.|ик\w*)|мкр(?:\.|-н)?|мікрорайон\w*|квартал\w*"
)
# A street's name: words that start with a capital or a digit (Миру, 23 Серпня), or an
# initial (Т. Шевченка). A lower-case word or the end of a sentence ends the name.
_CAPITAL = "A-ZА-ЯІЇЄҐ"
_WORD = rf"[{_CAPITAL}0-9][\w{_APOSTROPHES}-]*"
# Each word but the last is followed by a space, or is an initial with its dot; where
# two readings were possible, a long word could be cut up in many ways.
_NAME = rf"(?:[{_CAPITAL}]\.\s*|{_WORD}\s+){{0,3}}?{_WORD}"
_HOUSE = (
    r"(?:буд(?:\.|инок|инку)?\s*|б\.\s*)?№?\s*\d{1,4}"
    r"(?:\s?[-/]?\s?[а-яієїґa-z](?!\w)|/\d{1,4})?"
    r"(?:,?\s*(?:кв(?:\.|артира)?|оф(?:\.|іс)?)\s*\d{1,4})?"
)
ADDRESS = re.compile(
    rf"(?<!\w)(?i:{_STREET_KINDS})\s*{_NAME}"
    rf"(?:,\s*|\s+)(?i:{_HOUSE})(?![\w])"
)
_ENGLISH_STREET = r"(?:Street|St\.?|Avenue|Ave\.?|Road|Rd\.?|Lane|Boulevard|Blvd\.?)"
ENGLISH_ADDRESS = re.compile(
    rf"(?<!\w)\d{{1,4}}[a-zA-Z]?\s+(?:[A-Z][\w{_APOSTROPHES}-]*\s+){{1,3}}{_ENGLISH_STREET}"
    rf"(?!\w)|(?<!\w)(?:[A-Z][\w{_APOSTROPHES}-]*\s+){{1,3}}{_ENGLISH_STREET},?\s*\d{{1,4}}"
    r"[a-zA-Z]?(?!\w)"
)

_TAX_WEIGHTS = (-1, 5, 7, 9, 4, 6, 10, 5, 7)


def is_tax_number(digits: str) -> bool:
    """Whether ten digits are an RNOKPP: its last digit checks the first nine."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits, _TAX_WEIGHTS, strict=False))
    return total % 11 % 10 == int(digits[9])


def passes_luhn(digits: str) -> bool:
    total = 0
    for position, digit in enumerate(reversed(digits)):
        value = int(digit) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def _phone_in(run: str) -> int | None:
    """Where a phone number ends in a run of digits that starts with it, or None."""
    digits = [index for index, char in enumerate(run) if char.isdigit()]
    number = "".join(run[index] for index in digits)
    if number.startswith("380"):
        length = 12
    elif number.startswith("80") and len(number) == 11:
        length = 11
    elif number.startswith("0"):
        length = 10
    else:
        return None
    national = number[length - 10 : length]
    if len(number) < length or national.startswith("0800"):
        return None
    return digits[length - 1] + 1


def _candidates(text: str):
    """Every finding, overlapping ones included, in order of precedence."""
    for match in EMAIL.finditer(text):
        yield "email", match.start(), match.end()
    for match in CARD.finditer(text):
        if passes_luhn(re.sub(r"\D", "", match.group())):
            yield "card", match.start(), match.end()
    for match in NUMBER_RUN.finditer(text):
        run = match.group()
        # A bracket before the number belongs to it, one left open after it doesn't.
        end = _phone_in(run)
        if end is not None:
            yield "phone", match.start(), match.start() + end
    for match in RECORD_NUMBER.finditer(text):
        yield "document", match.start(), match.end()
    for match in PASSPORT.finditer(text):
        yield "document", match.start(), match.end()
    for match in DIGITS.finditer(text):
        digits = match.group()
        if len(digits) == 10 and is_tax_number(digits):
            yield "tax_number", match.start(), match.end()
        elif len(digits) == 9:
            yield "document", match.start(), match.end()
    for match in PLATE.finditer(text):
        yield "plate", match.start(), match.end()
    for pattern in (ADDRESS, ENGLISH_ADDRESS):
        for match in pattern.finditer(text):
            yield "address", match.start(), match.end()


def find(text: str) -> list[Finding]:
    """What looks like personal data in `text`, in order, none overlapping another.

    Where two findings overlap, the one found first in order of precedence (e-mail,
    card, phone, document, tax number, plate, address) keeps its place.
    """
    if not text:
        return []
    kept: list[tuple[str, int, int]] = []
    for kind, start, end in _candidates(text):
        if all(
            end <= other_start or start >= other_end
            for _, other_start, other_end in kept
        ):
            kept.append((kind, start, end))
    return [
        Finding(kind, start, end, text[start:end])
        for kind, start, end in sorted(kept, key=lambda item: item[1])
    ]


def mask(text: str) -> str:
    """`text` with a translated mark in place of each piece of personal data."""
    findings = find(text)
    if not findings:
        return text
    parts, position = [], 0
    for finding in findings:
        parts += [text[position : finding.start], str(KINDS[finding.kind].mark)]
        position = finding.end
    parts.append(text[position:])
    return "".join(parts)


def describe(*texts: str) -> list["StrOrPromise"]:
    """The kinds of personal data found in the texts, each once, in order."""
    kinds: list[str] = []
    for text in texts:
        for finding in find(text):
            if finding.kind not in kinds:
                kinds.append(finding.kind)
    return [KINDS[kind].label for kind in kinds]
