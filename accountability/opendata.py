"""Reports' key figures, priorities and formations as open data (CSV and JSON).

Each dataset names its fields with a description, shown on the open-data page, and
carries no personal data: formations' contact persons and followers are never in it.
Counts of one to four hotline appeals are published empty, as everywhere on the
portal, so that nobody can be singled out.
"""

import json
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import NamedTuple

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db.models import Count
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accountability.models import Formation, Priority, Report
from portal.streaming import csv_stream
from portal.suppression import suppressed


class Field(NamedTuple):
    name: str
    # A Frictionless Table Schema type: string, integer, number, boolean, date or
    # datetime (ISO 8601 with its offset, in Kyiv time).
    type: str
    description: str | Promise

    @property
    def type_label(self) -> str | Promise:
        return TYPE_LABELS[self.type]


# What each type means to a person reading the open-data page.
TYPE_LABELS = {
    "string": _("text"),
    "integer": _("whole number"),
    "number": _("decimal number"),
    "boolean": _("true or false"),
    "date": _("date"),
    "datetime": _("date and time"),
}


@dataclass(frozen=True)
class Dataset:
    name: str
    title: str | Promise
    fields: tuple[Field, ...]
    rows: Callable[[], Iterator[dict]]
    # The field that names a row, for the Table Schema.
    key: str


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def _moment(value) -> str | None:
    """A time as the field descriptions say: ISO 8601 in Kyiv time, to the second."""
    if value is None:
        return None
    return timezone.localtime(value).replace(microsecond=0).isoformat()


def _number(value):
    return float(value) if value is not None else None


def _count(value):
    return None if value is None or suppressed(value) else value


REPORT_FIELDS = (
    Field(
        "slug",
        "string",
        _("The report's address name; its page is /accountability/reports/slug/."),
    ),
    Field("title", "string", _("Title in Ukrainian.")),
    Field("title_en", "string", _("Title in English, where given.")),
    Field(
        "community",
        "string",
        _("Address name of the community; empty for the whole raion."),
    ),
    Field("year", "integer", _("Year the report covers.")),
    Field(
        "period", "string", _("q1 to q4 for a quarter, h1 or h2 for a half-year, year.")
    ),
    Field("starts_on", "date", _("First day of the period (YYYY-MM-DD).")),
    Field("ends_on", "date", _("Last day of the period.")),
    Field(
        "published_at", "datetime", _("When it was published (ISO 8601, Kyiv time).")
    ),
    Field(
        "changed_at", "datetime", _("When it was last changed (ISO 8601, Kyiv time).")
    ),
    Field(
        "registered_crimes",
        "integer",
        _("Registered crimes, as the police report them."),
    ),
    Field(
        "solved_percent",
        "number",
        _("Share of crimes solved, %, as the police report it."),
    ),
    Field("response_minutes", "number", _("Average response time to calls, minutes.")),
    Field("patrol_hours", "integer", _("Patrol hours in the period.")),
    Field("officers", "integer", _("Officers serving the community.")),
    Field(
        "complaints_received",
        "integer",
        _("Hotline appeals received (empty if 1 to 4)."),
    ),
    Field(
        "complaints_answered",
        "integer",
        _("Complaints with a statutory term answered."),
    ),
    Field(
        "complaints_answered_in_time",
        "integer",
        _("Of those, answered within the statutory term (empty if 1 to 4)."),
    ),
    Field(
        "average_satisfaction",
        "number",
        _("Average satisfaction with the answers, 1 to 5."),
    ),
    Field(
        "trust_index",
        "number",
        _("Latest trust index, 0 to 100, from the trust survey."),
    ),
    Field("events_held", "integer", _("Events held with the police.")),
    Field("event_attendance", "integer", _("People who attended them.")),
    Field("priorities_achieved", "integer", _("Local security priorities achieved.")),
)


def _reports() -> Iterator[dict]:
    for report in (
        Report.objects.published().select_related("community").order_by("pk")
    ).iterator(chunk_size=500):
        yield {
            "slug": report.slug,
            "title": report.title,
            "title_en": report.title_en,
            "community": report.community.slug if report.community else "",
            "year": report.year,
            "period": report.period,
            "starts_on": _iso(report.starts_on),
            "ends_on": _iso(report.ends_on),
            "published_at": _moment(report.published_at),
            "changed_at": _moment(report.changed_at),
            "registered_crimes": report.registered_crimes,
            "solved_percent": _number(report.solved_percent),
            "response_minutes": _number(report.response_minutes),
            "patrol_hours": report.patrol_hours,
            "officers": report.officers,
            "complaints_received": _count(report.complaints_received),
            "complaints_answered": _count(report.complaints_answered),
            "complaints_answered_in_time": _count(report.complaints_answered_in_time),
            "average_satisfaction": _number(report.average_satisfaction),
            "trust_index": _number(report.trust_index),
            "events_held": report.events_held,
            "event_attendance": report.event_attendance,
            "priorities_achieved": report.priorities_achieved,
        }


PRIORITY_FIELDS = (
    Field(
        "id",
        "integer",
        _("Number of the priority; its page is /accountability/priorities/id/."),
    ),
    Field("community", "string", _("Address name of the community.")),
    Field("issue", "string", _("What residents want solved (Ukrainian).")),
    Field("issue_en", "string", _("The same in English, where given.")),
    Field("action", "string", _("What the police and partners will do (Ukrainian).")),
    Field("action_en", "string", _("The same in English, where given.")),
    Field(
        "source",
        "string",
        _("Where it came from: round_table, survey, hotline, residents, police."),
    ),
    Field(
        "round_table",
        "string",
        _("Address name of the round table that set it, if any."),
    ),
    Field("status", "string", _("proposed, active, achieved or dropped.")),
    Field("status_note", "string", _("Why it was dropped, or how it was achieved.")),
    Field("set_on", "date", _("Date it was set.")),
    Field("due_on", "date", _("Date it is due, if any.")),
    Field("achieved_on", "date", _("Date it was achieved, if it was.")),
    Field("responsible", "string", _("Responsible unit or partner.")),
    Field("support", "integer", _("How many residents support it.")),
    Field("updates", "integer", _("Number of progress updates.")),
)


def _priorities() -> Iterator[dict]:
    priorities = (
        Priority.objects.select_related("community", "event")
        .annotate(update_count=Count("updates"))
        .order_by("pk")
    )
    for priority in priorities.iterator(chunk_size=1000):
        yield {
            "id": priority.pk,
            "community": priority.community.slug,
            "issue": priority.issue,
            "issue_en": priority.issue_en,
            "action": priority.action,
            "action_en": priority.action_en,
            "source": priority.source,
            "round_table": priority.event.slug if priority.event else "",
            "status": priority.status,
            "status_note": priority.status_note,
            "set_on": _iso(priority.set_on),
            "due_on": _iso(priority.due_on),
            "achieved_on": _iso(priority.achieved_on),
            "responsible": priority.responsible,
            "support": priority.support_count,
            "updates": priority.update_count,
        }


FORMATION_FIELDS = (
    Field("id", "integer", _("Number of the formation.")),
    Field("name", "string", _("Name in Ukrainian.")),
    Field("name_en", "string", _("Name in English, where given.")),
    Field("community", "string", _("Address name of the community.")),
    Field("activity", "string", _("What it does (Ukrainian).")),
    Field("members", "integer", _("Number of members.")),
    Field("joint_patrols", "integer", _("Joint patrols held with the police.")),
    Field("registered_on", "date", _("Date it was registered.")),
    Field("active", "boolean", _("Whether it is active (true or false).")),
)


def _formations() -> Iterator[dict]:
    for formation in Formation.objects.select_related("community").order_by("pk"):
        yield {
            "id": formation.pk,
            "name": formation.name,
            "name_en": formation.name_en,
            "community": formation.community.slug,
            "activity": formation.activity,
            "members": formation.members,
            "joint_patrols": formation.joint_patrols,
            "registered_on": _iso(formation.registered_on),
            "active": formation.is_active,
        }


DATASETS = {
    dataset.name: dataset
    for dataset in [
        Dataset(
            "reports",
            _("Accountability reports: key figures"),
            REPORT_FIELDS,
            _reports,
            key="slug",
        ),
        Dataset(
            "priorities",
            _("Local security priorities"),
            PRIORITY_FIELDS,
            _priorities,
            key="id",
        ),
        Dataset(
            "formations",
            _("Civic public-order formations"),
            FORMATION_FIELDS,
            _formations,
            key="id",
        ),
    ]
}


def data_package(home: str) -> dict:
    """The Frictionless Data Package (datapackage.json) that describes every dataset:
    its CSV file, next to the package, and each field's name, type and meaning, in
    the language of the request. `home` is the open-data page's address."""
    return {
        "profile": "tabular-data-package",
        "name": "community-policing-open-data",
        "title": str(_("Open data of the community policing portal")),
        "homepage": home,
        "resources": [
            {
                "profile": "tabular-data-resource",
                "name": dataset.name,
                "title": str(dataset.title),
                "path": f"{dataset.name}.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "dialect": {"delimiter": ",", "doubleQuote": True, "header": True},
                "schema": {
                    "fields": [
                        {
                            "name": field.name,
                            "type": field.type,
                            "description": str(field.description),
                        }
                        for field in dataset.fields
                    ],
                    "primaryKey": [dataset.key],
                    "missingValues": [""],
                },
            }
            for dataset in DATASETS.values()
        ],
    }


# Files: every dataset is written out in the background (accountability.tasks,
# every OPEN_DATA_MINUTES) and each download reads the written file, so that no
# request reads and writes out a whole table (100,000 priorities at a national
# scale). A file older than twice that interval (no worker, no beat: the embedded
# default) is written again before it is sent.
FOLDER = "opendata"
FORMATS = ("csv", "json")


def file_name(name: str, extension: str) -> str:
    return f"{FOLDER}/{name}.{extension}"


def _csv_value(value):
    """Empty for no value, and true or false as in JSON (not Python's True)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def _csv_text(dataset: Dataset) -> Iterator[str]:
    columns = [field.name for field in dataset.fields]

    def rows():
        yield columns
        for record in dataset.rows():
            yield [_csv_value(record[column]) for column in columns]

    return csv_stream(rows())


def _json_text(dataset: Dataset) -> Iterator[str]:
    """The JSON document, a record at a time."""
    fields = {field.name: str(field.description) for field in dataset.fields}
    head = {"dataset": dataset.name, "fields": fields}
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "records": ['
    for number, record in enumerate(dataset.rows()):
        yield ("," if number else "") + json.dumps(record, ensure_ascii=False)
    yield "]}"


def write_file(name: str, extension: str) -> str:
    """Write one dataset in one format to the public storage, whole before it
    replaces the last file; returns the file's name."""
    dataset = DATASETS[name]
    text = _csv_text(dataset) if extension == "csv" else _json_text(dataset)
    with tempfile.TemporaryFile() as written:
        for part in text:
            written.write(part.encode())
        written.seek(0)
        target = file_name(name, extension)
        storage = default_storage
        temporary = storage.save(f"{FOLDER}/.{name}.{extension}", File(written))
        if storage.exists(target):
            storage.delete(target)
        with storage.open(temporary) as source:
            saved = storage.save(target, source)
        storage.delete(temporary)
    return saved


def write_files() -> list[str]:
    """Every dataset in every format."""
    return [write_file(name, extension) for name in DATASETS for extension in FORMATS]


def fresh_file(name: str, extension: str) -> str:
    """The written file of a dataset, written now if it is missing or stale."""
    target = file_name(name, extension)
    stale_after = timedelta(minutes=2 * settings.OPEN_DATA_MINUTES)
    try:
        written = default_storage.get_modified_time(target)
    except (FileNotFoundError, OSError):
        written = None
    if written is None or timezone.now() - written > stale_after:
        return write_file(name, extension)
    return target
