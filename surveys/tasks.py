"""Background work of the surveys app: building large exports, counting results."""

import logging
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

from celery import shared_task
from django.core.cache import cache
from django.core.files import File
from django.db import connection, transaction
from django.utils import timezone

from surveys import actions, exports, results
from surveys.models import Export, Survey

logger = logging.getLogger(__name__)

# The first key of PostgreSQL advisory locks taken on exports (the second is the id).
EXPORT_LOCKS = 7301
# An export still queued or running this long after it was asked for has probably lost
# its task (the broker was down, or restarted empty): resume_exports sends it again.
STALLED_AFTER = timedelta(minutes=2)
# A survey whose counting was asked for is not asked for again this long, whoever
# visits its results meanwhile; count_pending_results catches a task that was lost.
COUNT_ASKED_SECONDS = 5 * 60


@contextmanager
def _only_builder(export_id: int) -> Iterator[bool]:
    """True when no other worker is building this export now.

    The lock belongs to the database connection, so a worker that dies releases it
    with its connection, and the retried task can take it. SQLite runs tasks eagerly
    in one process and needs none.
    """
    if connection.vendor != "postgresql":
        yield True
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [EXPORT_LOCKS, export_id])
        taken = cursor.fetchone()[0]
    try:
        yield taken
    finally:
        if taken:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_advisory_unlock(%s, %s)", [EXPORT_LOCKS, export_id]
                )


def file_name(export: Export) -> str:
    """Where an export's file lives: the same on every try, so a retry replaces
    what an interrupted try may have left instead of adding a second file."""
    extension = exports.EXTENSIONS.get(export.format, export.format)
    name = f"{export.survey.slug}-{export.layout}-{export.language}.{extension}"
    return f"surveys/exports/{export.pk}/{name}"


@shared_task(acks_late=True)
def build_export(export_id: int) -> str | None:
    """Write an export's file, recording progress as chunks are done.

    Idempotent: a retried task (the worker died) starts the file afresh in the same
    places, a finished export is left alone, and while one worker builds an export
    another that receives the same task leaves it to the first.
    """
    with _only_builder(export_id) as mine:
        if not mine:
            logger.info("Export %s is being built by another worker", export_id)
            return ""
        export = actions.start_export(export_id)
        if export is None:
            return Export.objects.get(pk=export_id).file.name
        _build(export)
        return export.file.name


def _build(export: Export) -> None:
    def progress(done: int) -> None:
        Export.objects.filter(pk=export.pk).update(done=done)

    # A fixed name per export: a try killed half-way leaves a file that the retry
    # overwrites and then removes.
    path = Path(tempfile.gettempdir()) / f"portal-export-{export.pk}.{export.format}"
    target = file_name(export)
    storage = export.file.storage
    try:
        exports.write(
            str(path),
            export.survey,
            format=export.format,
            layout=export.layout,
            language=export.language,
            values=export.values,
            progress=progress,
        )
        if storage.exists(target):
            storage.delete(target)
        with open(path, "rb") as result:
            name = storage.save(target, File(result))
    except Exception:
        actions.fail_export(export)
        raise
    finally:
        path.unlink(missing_ok=True)
    actions.finish_export(export, file_name=name)


def queue_export(export_id: int) -> None:
    """Send the export's task once the request's transaction commits; if the broker
    is down, resume_exports sends it later."""

    def send():
        try:
            build_export.delay(export_id)
        except Exception as error:
            logger.warning("Export %s waits to be resumed: %s", export_id, error)

    transaction.on_commit(send, robust=True)


@shared_task
def resume_exports() -> int:
    """Send again the exports whose task was lost; returns how many were sent.

    One whose task is only slow is sent too: the advisory lock makes the second task
    leave it to the first.
    """
    stalled = Export.objects.filter(
        status__in=[Export.Status.QUEUED, Export.Status.RUNNING],
        created_at__lt=timezone.now() - STALLED_AFTER,
    ).values_list("pk", flat=True)
    count = 0
    for pk in stalled:
        build_export.delay(pk)
        count += 1
    return count


def _count_asked_key(survey_id: int) -> str:
    return f"surveys:count-asked:{survey_id}"


def ask_to_count(survey_id: int) -> None:
    """Have the worker count a survey's results, once however many readers ask.

    Counting reads every answer, which at a national survey's size takes longer than
    a web request may hold a worker (DATABASE_STATEMENT_TIMEOUT), so it is the
    worker's job; where tasks run at once (the embedded default), it is done here.
    """
    if not cache.add(_count_asked_key(survey_id), True, COUNT_ASKED_SECONDS):
        return
    try:
        count_results.delay(survey_id)
    except Exception as error:
        cache.delete(_count_asked_key(survey_id))
        logger.warning("Counting survey %s waits for the sweep: %s", survey_id, error)


@shared_task(acks_late=True)
def count_results(survey_id: int) -> bool:
    """Count a survey's results into its cells; False if it is gone."""
    survey = Survey.objects.filter(pk=survey_id).first()
    if survey is not None:
        results.count_cells(survey)
    cache.delete(_count_asked_key(survey_id))
    return survey is not None


@shared_task
def count_pending_results() -> int:
    """Count the results of every published survey left uncounted (a lost task, a
    paper questionnaire keyed in late); returns how many were counted."""
    pending = Survey.objects.filter(
        results_published_at__isnull=False, results_counted_at__isnull=True
    ).values_list("pk", flat=True)
    return sum(count_results(pk) for pk in pending)
