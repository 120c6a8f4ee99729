"""Background work of the surveys app: building large exports."""

import os
import tempfile

from celery import shared_task
from django.core.files import File
from django.db import transaction

from surveys import exports
from surveys.models import Export


@shared_task(acks_late=True)
def build_export(export_id: int) -> str:
    """Write an export's file, recording progress as chunks are done.

    Idempotent: a retried task starts the file afresh, and a finished export is left
    alone.
    """
    with transaction.atomic():
        export = (
            Export.objects.select_for_update()
            .select_related("survey")
            .get(pk=export_id)
        )
        if export.status == Export.Status.DONE:
            return export.file.name
        export.status = Export.Status.RUNNING
        export.total = export.survey.responses.count()
        export.done = 0
        export.save(update_fields=["status", "total", "done"])

    def progress(done: int) -> None:
        Export.objects.filter(pk=export_id).update(done=done)

    rows = exports.ROWS[export.layout](export.survey, progress)
    suffix = f".{export.format}"
    name = f"{export.survey.slug}-{export.layout}-{export.language}{suffix}"
    handle, path = tempfile.mkstemp(suffix=suffix)
    os.close(handle)
    try:
        if export.format == Export.Format.CSV:
            with open(path, "w", encoding="utf-8", newline="") as output:
                exports.write_csv(output, rows)
        else:
            book = exports.codebook(export.survey, export.language)
            exports.write_xlsx(path, rows, book)
        with open(path, "rb") as result:
            export.file.save(name, File(result), save=False)
    except Exception:
        Export.objects.filter(pk=export_id).update(status=Export.Status.FAILED)
        raise
    finally:
        os.unlink(path)
    export.status = Export.Status.DONE
    export.done = export.total
    export.save(update_fields=["file", "status", "done"])
    return export.file.name
