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


@dataclass(frozen=True)
class Dataset:
    name: str
    title: str | Promise
    fields: tuple[tuple[str, str | Promise], ...]
    rows: Callable[[], Iterator[dict]]


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def _number(value):
    return float(value) if value is not None else None


def _count(value):
    return None if value is None or suppressed(value) else value


REPORT_FIELDS = (
    (
        "slug",
        _("The report's address name; its page is /accountability/reports/slug/."),
    ),
    ("title", _("Title in Ukrainian.")),
    ("title_en", _("Title in English, where given.")),
    ("community", _("Address name of the community; empty for the whole raion.")),
    ("year", _("Year the report covers.")),
    ("period", _("q1 to q4 for a quarter, h1 or h2 for a half-year, year.")),
    ("starts_on", _("First day of the period (YYYY-MM-DD).")),
    ("ends_on", _("Last day of the period.")),
    ("published_at", _("When it was published (ISO 8601, Kyiv time).")),
    ("changed_at", _("When it was last changed.")),
    ("registered_crimes", _("Registered crimes, as the police report them.")),
    ("solved_percent", _("Share of crimes solved, %, as the police report it.")),
    ("response_minutes", _("Average response time to calls, minutes.")),
    ("patrol_hours", _("Patrol hours in the period.")),
    ("officers", _("Officers serving the community.")),
    ("complaints_received", _("Hotline appeals received (empty if 1 to 4).")),
    ("complaints_answered", _("Complaints with a statutory term answered.")),
    (
        "complaints_answered_in_time",
        _("Of those, answered within the statutory term (empty if 1 to 4)."),
    ),
    ("average_satisfaction", _("Average satisfaction with the answers, 1 to 5.")),
    ("trust_index", _("Latest trust index, 0 to 100, from the trust survey.")),
    ("events_held", _("Events held with the police.")),
    ("event_attendance", _("People who attended them.")),
    ("priorities_achieved", _("Local security priorities achieved.")),
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
            "published_at": _iso(report.published_at),
            "changed_at": _iso(report.changed_at),
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
    ("id", _("Number of the priority; its page is /accountability/priorities/id/.")),
    ("community", _("Address name of the community.")),
    ("issue", _("What residents want solved (Ukrainian).")),
    ("issue_en", _("The same in English, where given.")),
    ("action", _("What the police and partners will do (Ukrainian).")),
    ("action_en", _("The same in English, where given.")),
    (
        "source",
        _("Where it came from: round_table, survey, hotline, residents, police."),
    ),
    ("round_table", _("Address name of the round table that set it, if any.")),
    ("status", _("proposed, active, achieved or dropped.")),
    ("status_note", _("Why it was dropped, or how it was achieved.")),
    ("set_on", _("Date it was set.")),
    ("due_on", _("Date it is due, if any.")),
    ("achieved_on", _("Date it was achieved, if it was.")),
    ("responsible", _("Responsible unit or partner.")),
    ("support", _("How many residents support it.")),
    ("updates", _("Number of progress updates.")),
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
    ("id", _("Number of the formation.")),
    ("name", _("Name in Ukrainian.")),
    ("name_en", _("Name in English, where given.")),
    ("community", _("Address name of the community.")),
    ("activity", _("What it does (Ukrainian).")),
    ("members", _("Number of members.")),
    ("joint_patrols", _("Joint patrols held with the police.")),
    ("registered_on", _("Date it was registered.")),
    ("active", _("Whether it is active (true or false).")),
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
            "reports", _("Accountability reports: key figures"), REPORT_FIELDS, _reports
        ),
        Dataset(
            "priorities", _("Local security priorities"), PRIORITY_FIELDS, _priorities
        ),
        Dataset(
            "formations",
            _("Civic public-order formations"),
            FORMATION_FIELDS,
            _formations,
        ),
    ]
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
    columns = [field for field, _description in dataset.fields]

    def rows():
        yield columns
        for record in dataset.rows():
            yield [_csv_value(record[column]) for column in columns]

    return csv_stream(rows())


def _json_text(dataset: Dataset) -> Iterator[str]:
    """The JSON document, a record at a time."""
    fields = {field: str(text) for field, text in dataset.fields}
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
