"""The site search: every app says what kinds of things it lets readers find.

An app lists its kinds in its AppConfig (`search_kinds`, a dotted path to a function
returning `SearchKind`s), so `portal` imports no feature app. Each kind finds only what
is public (published articles and reports, events that are not drafts...), newest
first, and its queries do not grow with the data: one query per kind for the
overview, a count and a page for one kind.

On PostgreSQL a kind matches with full-text search. The text configuration is
`simple`: stock PostgreSQL has no Ukrainian dictionary, and `simple` splits the text
into words, lower-cases them and drops nothing. Ukrainian words change their endings
(шахрайство, шахрайства, шахрайству), so the query side trims a common ending off each
word and matches what is left as a prefix (`шахрайств:*`); every word must match. An
expression GIN index over the same text (`search_index`, in each app's migrations)
answers that without reading the table. On SQLite, the embedded default, the same
trimmed words are matched as substrings.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from typing import Any, cast

from django.core.paginator import Paginator
from django.db import connections, migrations, models
from django.db.backends.signals import connection_created
from django.dispatch import receiver
from django.utils.functional import Promise

from portal.areas import app_hooks

CONFIG = "simple"
# A search counts and pages its results no further than this: "more than 100" is all
# a reader needs, and counting every article that holds a common word (безпека) would
# read every one of them.
RESULTS_CAP = 100
MAX_LENGTH = 200
MAX_WORDS = 8
# Trimming stops where fewer letters would be left: short words match as typed.
MIN_STEM = 4

_WORD = re.compile(r"[^\W_]+")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# Common endings of Ukrainian nouns, adjectives and verbs, longest first.
_UKRAINIAN_ENDINGS = sorted(
    [
        *("ами", "ями", "ого", "ому", "ими", "іми", "ові", "еві", "єві", "ість"),
        *("ться", "ати", "яти", "ити", "іти", "ою", "ею", "єю", "ам", "ям", "ах"),
        *("ях", "ів", "їв", "ей", "ий", "ій", "ої", "им", "ім", "их", "іх", "ом"),
        *("ем", "ти", "ть", "ся", "а", "я", "у", "ю", "і", "ї", "и", "е", "є", "о"),
        *("ь", "й"),
    ],
    key=len,
    reverse=True,
)
_ENGLISH_ENDINGS = ["ing", "es", "ed", "s"]


# Folding, on both sides of a match (the indexed text and the query), in the spirit of
# PostgreSQL's unaccent: stress marks and apostrophes go (мʼясо, м’ясо and м'ясо are
# one word), Latin letters lose their accents (café is cafe), ё is е.
_FOLDED_LETTERS = {
    "a": "àáâãäåā",
    "c": "çćč",
    "e": "èéêëēěę",
    "i": "ìíîïī",
    "n": "ñń",
    "o": "òóôõöøō",
    "s": "śšș",
    "u": "ùúûüūů",
    "y": "ýÿ",
    "z": "źżž",
    "е": "ё",
}
_DROPPED = "'’ʼ`\u0301\u0300"
FOLD_FROM = "".join(
    [
        *(accented + accented.upper() for accented in _FOLDED_LETTERS.values()),
        _DROPPED,
    ]
)
FOLD_TO = "".join(
    base * len(accented) + base.upper() * len(accented)
    for base, accented in _FOLDED_LETTERS.items()
)
_FOLD = str.maketrans(FOLD_FROM[: len(FOLD_TO)], FOLD_TO, FOLD_FROM[len(FOLD_TO) :])


def fold(text: str) -> str:
    """The text as the search compares it: see FOLD_FROM (SQL's translate() does the
    same to the indexed text)."""
    return text.translate(_FOLD)


SQLITE_FOLD = "portal_search_fold"


@receiver(connection_created)
def _add_fold_to_sqlite(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            SQLITE_FOLD,
            1,
            lambda text: None if text is None else fold(text).lower(),
            deterministic=True,
        )


class Folded(models.Func):
    """A text column as `fold(text).lower()` gives it, on either database: for
    exact matches that ignore case, stress marks and apostrophes."""

    output_field = models.TextField()

    def __init__(self, field: str):
        super().__init__(models.F(field))

    def as_sql(
        self,
        compiler,
        connection,
        function=None,
        template=None,
        arg_joiner=None,
        **extra_context,
    ):
        text, params = compiler.compile(self.source_expressions[0])
        if connection.vendor == "sqlite":
            return f"{SQLITE_FOLD}({text})", tuple(params)
        sql = f"lower(translate({text}, %s, %s))"
        return sql, (*params, FOLD_FROM, FOLD_TO)


def stem(word: str) -> str:
    """The word without a common ending, if enough of it is left."""
    endings = _UKRAINIAN_ENDINGS if _CYRILLIC.search(word) else _ENGLISH_ENDINGS
    for ending in endings:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            return word[: -len(ending)]
    return word


@dataclass(frozen=True)
class Query:
    """What a reader typed, as the word stems to look for."""

    text: str
    stems: tuple[str, ...]

    @classmethod
    def parse(cls, text: str) -> "Query":
        text = " ".join(text.split())[:MAX_LENGTH]
        words = (word.lower() for word in _WORD.findall(fold(text)))
        stems = tuple(dict.fromkeys(stem(word) for word in words))[:MAX_WORDS]
        return cls(text, stems)

    def __bool__(self) -> bool:
        return bool(self.stems)

    def filter(
        self, queryset: models.QuerySet, fields: tuple[str, ...], *, indexed=True
    ):
        """The rows of `queryset` whose `fields` hold every word; with `indexed`
        false, matched row by row as they are read, never through the full-text
        index (see Results)."""
        if connections[queryset.db].vendor == "postgresql":
            # Only letters and digits reach the query, so it needs no quoting.
            terms = " & ".join(f"{stem}:*" for stem in self.stems)
            return queryset.filter(Matches(fields, terms, indexed=indexed))
        # SQLite: each field folded and lower-cased by a function of this module
        # (registered on every SQLite connection), then matched as a substring.
        annotations = {
            f"search_{name}": models.Func(
                models.F(name), function=SQLITE_FOLD, output_field=models.TextField()
            )
            for name in fields
        }
        condition = models.Q()
        for stem in self.stems:
            anywhere = models.Q()
            for name in fields:
                anywhere |= models.Q(**{f"search_{name}__contains": stem})
            condition &= anywhere
        return queryset.alias(**annotations).filter(condition)


class Document(models.Expression):
    """The searched text of a row: its fields joined, folded (see FOLD_FROM) and
    split into words by the text configuration, as the GIN indexes are built over it.

    Written out as SQL so that the index and the query carry the same expression,
    which is what lets PostgreSQL answer the query from the index; composing Django's
    SearchVector costs a millisecond a query, and the search page runs one query per
    kind. tests/test_search_indexes.py checks that the index is used.
    """

    output_field = models.TextField()

    def __init__(self, fields: tuple[str, ...], config: str = CONFIG):
        super().__init__()
        self.fields, self.config = tuple(fields), config

    def as_sql(self, compiler, connection):
        quote = compiler.quote_name
        # In an index's definition the columns stand alone; in a query, with a table.
        table = ""
        if getattr(compiler.query, "alias_cols", True):
            table = quote(compiler.query.get_initial_alias()) + "."
        model = compiler.query.model
        text = " || ' ' || ".join(
            f"COALESCE({table}{quote(model._meta.get_field(name).column)}, '')"
            for name in self.fields
        )
        sql = f"to_tsvector(%s::regconfig, translate({text}, %s, %s))"
        return sql, [self.config, FOLD_FROM, FOLD_TO]


def document(fields: tuple[str, ...], config: str = CONFIG) -> Document:
    """The searched text of a row, as the indexes are built over it."""
    return Document(fields, config)


# The column, on PostgreSQL, of every searched table that holds `document(fields)`
# as PostgreSQL keeps it (a generated column: see stored_search_document).
DOCUMENT_COLUMN = "search_document"


class Matches(models.Expression):
    """`search_document @@ to_tsquery(terms)`: the row's stored document holds every
    term. Matching the stored words costs microseconds a row where making them from
    an article's text costs a millisecond or two, which a search that reads the
    newest rows in order of date, or the index's matches, pays for every row it
    reads."""

    output_field = models.BooleanField()

    def __init__(
        self,
        fields: tuple[str, ...],
        terms: str,
        config: str = CONFIG,
        *,
        indexed: bool = True,
    ):
        super().__init__()
        self.fields, self.terms, self.config = tuple(fields), terms, config
        self.indexed = indexed

    def as_sql(self, compiler, connection):
        table = compiler.quote_name(compiler.query.get_initial_alias())
        column = f"{table}.{compiler.quote_name(DOCUMENT_COLUMN)}"
        query = "to_tsquery(%s::regconfig, %s)"
        if self.indexed:
            return f"{column} @@ {query}", [self.config, self.terms]
        # The function behind @@, which no index answers: PostgreSQL reads the rows
        # in the order asked (newest first) and matches each as it comes.
        return f"ts_match_vq({column}, {query})", [self.config, self.terms]


@dataclass(frozen=True)
class Hit:
    """One result as the search page shows it."""

    title: str
    url: str
    summary: str = ""
    when: date | datetime | None = None


@dataclass(frozen=True)
class SearchKind:
    """A kind of thing the search finds, shown as one group of results."""

    key: str
    title: str | Promise
    order: int
    # function() -> QuerySet: the public rows of the kind, newest first, loading only
    # what `hit` reads.
    rows: Callable[[], models.QuerySet]
    # The fields searched, in the order of the kind's full-text index.
    fields: tuple[str, ...]
    # function(row) -> Hit, for a row of the kind's own model.
    hit: Callable[[Any], Hit]
    # The name its app keeps this kind's pages of results under (portal.kept), by
    # "words" and "page", and part of "search-results".
    kept: str = ""

    def find(self, query: Query, *, indexed: bool = True) -> models.QuerySet:
        """The public rows that hold every word, newest first."""
        return query.filter(self.rows(), self.fields, indexed=indexed)

    def results(self, query: Query) -> "Results":
        return Results(self, query)


# Beyond this many matches a kind's words are common enough (one row in a hundred or
# more at the bench's national scale) for the newest rows, read in order of date, to
# hold the newest matches among the first few thousand.
DENSE = 1000


class Results:
    """What one kind finds, counted no further than RESULTS_CAP, sliced as a
    Paginator slices a list.

    The cost must not grow with the table, whatever the words, so the way the rows
    are read depends on how many match, as the full-text index tells without
    reading any row's text (no order, stopping at the first DENSE + 1):

    - up to DENSE (a rare word, or one found nowhere): those rows are read by their
      keys and ordered, however big the table;
    - beyond DENSE: the newest rows are read in order of date and each matched as it
      comes (`indexed=False`), which finds the newest hundred among the first few
      thousand rows. PostgreSQL left to choose would often read every match through
      the index and sort them all, a cost that grows with the matches.
    """

    def __init__(self, kind: SearchKind, query: Query):
        self.kind, self.query = kind, query

    def matching(self) -> models.QuerySet:
        """The keys of the first DENSE + 1 matches, in no order."""
        matching = self.kind.find(self.query).order_by()
        return matching.values_list("pk", flat=True)[: DENSE + 1]

    @cached_property
    def _first(self) -> list[int]:
        return list(self.matching())

    @property
    def more(self) -> bool:
        """Whether there are more than RESULTS_CAP."""
        return len(self._first) > RESULTS_CAP

    def count(self) -> int:
        return min(len(self._first), RESULTS_CAP)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list:
        if not self._first:
            return []
        if len(self._first) > DENSE:
            return list(self.kind.find(self.query, indexed=False)[index])
        return list(self.kind.rows().filter(pk__in=self._first)[index])


class CappedPaginator(Paginator):
    """Pages through a kind's first RESULTS_CAP results (`Results`); `more` says
    whether there are others beyond them."""

    @property
    def more(self) -> bool:
        return cast(Results, self.object_list).more


def search_kinds() -> list[SearchKind]:
    kinds = [kind for hook in app_hooks("search_kinds") for kind in hook()]
    return sorted(kinds, key=lambda kind: kind.order)


def search_index(
    model: str,
    name: str,
    fields: list[str],
    config: str = CONFIG,
    condition: models.Q | None = None,
):
    """A migration operation: the GIN index over the text that `Query.filter`
    searches, on PostgreSQL only (SQLite searches without one). A `condition` makes a
    partial index, for a kind of rows that a search always picks (published news).

    The fields and the configuration are written into the migration, and must stay
    those that the app's search function passes: tests/test_search_indexes.py
    checks that every kind's query uses its index.
    """
    app_label, model_name = model.split(".")

    def index():
        from django.contrib.postgres.indexes import GinIndex

        return GinIndex(document(tuple(fields), config), name=name, condition=condition)

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.add_index(apps.get_model(app_label, model_name), index())

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.remove_index(apps.get_model(app_label, model_name), index())

    return migrations.RunPython(forwards, backwards)


def stored_search_document(
    model: str,
    fields: list[str],
    indexes: dict[str, models.Q | None],
    config: str = CONFIG,
):
    """A migration operation, on PostgreSQL only: the column `search_document`,
    generated from the fields as `document()` makes the searched text (PostgreSQL
    keeps it up to date on every write), and the GIN indexes named in `indexes` made
    over it (each partial where a condition is given) in place of the expression
    indexes of the same names. Matches reads the column."""
    app_label, model_name = model.split(".")

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        from django.contrib.postgres.indexes import GinIndex
        from django.db.models.expressions import RawSQL

        table_model = apps.get_model(app_label, model_name)
        quote, value = schema_editor.quote_name, schema_editor.quote_value
        text = " || ' ' || ".join(
            f"COALESCE({quote(table_model._meta.get_field(name).column)}, '')"
            for name in fields
        )
        expression = (
            f"to_tsvector({value(config)}::regconfig, "
            f"translate({text}, {value(FOLD_FROM)}, {value(FOLD_TO)}))"
        )
        table = quote(table_model._meta.db_table)
        for name in indexes:
            schema_editor.execute(f"DROP INDEX IF EXISTS {quote(name)}")
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN {quote(DOCUMENT_COLUMN)} tsvector "
            f"GENERATED ALWAYS AS ({expression}) STORED"
        )
        for name, condition in indexes.items():
            # The column the model does not declare (SQLite has none), named by a
            # constant: no input reaches this SQL.
            column = RawSQL(quote(DOCUMENT_COLUMN), ())  # noqa: S611
            index = GinIndex(column, name=name, condition=condition)
            schema_editor.add_index(table_model, index)

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        table_model = apps.get_model(app_label, model_name)
        quote = schema_editor.quote_name
        schema_editor.execute(
            f"ALTER TABLE {quote(table_model._meta.db_table)} "
            f"DROP COLUMN {quote(DOCUMENT_COLUMN)}"
        )
        for name, condition in indexes.items():
            made = search_index(model, name, fields, config, condition)
            made.code(apps, schema_editor)

    return migrations.RunPython(forwards, backwards)


def rebuilt_search_index(
    model: str,
    name: str,
    fields: list[str],
    config: str = CONFIG,
    condition: models.Q | None = None,
):
    """A migration operation: the index `name` made again over the text as
    `document()` now builds it (after a change to the folding, say)."""
    made = search_index(model, name, fields, config, condition)

    def rebuild(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(
                f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}"
            )
            made.code(apps, schema_editor)

    return migrations.RunPython(rebuild, migrations.RunPython.noop)
