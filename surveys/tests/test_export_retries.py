"""A large export survives a dead worker or a lost task: a retry or a resumed task
produces its file once, in one place."""

import random
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.utils import timezone

from surveys import tasks
from surveys.demo import fake_responses
from surveys.models import Export
from tests.factories import community, survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def private_files(tmp_path, monkeypatch):
    from django.core.files.storage import FileSystemStorage, storages

    private = storages["private"]
    assert isinstance(private, FileSystemStorage)
    private.location = str(tmp_path / "private")
    private.base_location = str(tmp_path / "private")
    monkeypatch.setattr(tasks.tempfile, "gettempdir", lambda: str(tmp_path))
    return tmp_path


@pytest.fixture
def job(role_user) -> Export:
    item = survey()
    questions = {q.code: q for q in item.questions.prefetch_related("options")}
    fake_responses(item, questions, 12, random.Random(3), [community()])
    return Export.objects.create(
        survey=item,
        format="xlsx",
        layout="wide",
        language="en",
        requested_by=role_user("analyst"),
    )


def files_under(folder) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if p.is_file())


def test_a_retried_export_replaces_the_file_of_the_interrupted_try(job, private_files):
    tasks.build_export(job.pk)
    # The worker died after writing the file, before the export was marked done.
    Export.objects.filter(pk=job.pk).update(status=Export.Status.RUNNING, done=4)
    (private_files / f"portal-export-{job.pk}.xlsx").write_bytes(b"half a file")

    name = tasks.build_export(job.pk)

    job.refresh_from_db()
    assert (job.status, job.done, job.total) == ("done", 12, 12)
    assert name == job.file.name == tasks.file_name(job)
    assert files_under(private_files / "private") == [name.rsplit("/", 1)[-1]]
    assert not (private_files / f"portal-export-{job.pk}.xlsx").exists()


def test_a_finished_export_is_not_built_again(job, private_files):
    first = tasks.build_export(job.pk)
    written = (private_files / "private" / first).stat().st_mtime_ns

    assert tasks.build_export(job.pk) == first
    assert (private_files / "private" / first).stat().st_mtime_ns == written


def test_an_export_that_cannot_be_written_shows_failed_until_a_retry_builds_it(
    job, private_files, monkeypatch
):
    Export.objects.filter(pk=job.pk).update(format="csv")
    missing = str(private_files / "missing")
    monkeypatch.setattr(tasks.tempfile, "gettempdir", lambda: missing)

    with pytest.raises(OSError):
        tasks.build_export(job.pk)

    job.refresh_from_db()
    assert job.status == Export.Status.FAILED
    assert not job.file

    monkeypatch.setattr(tasks.tempfile, "gettempdir", lambda: str(private_files))
    tasks.build_export(job.pk)

    job.refresh_from_db()
    assert (job.status, job.done, job.total) == ("done", 12, 12)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the lock is PostgreSQL's"
)
def test_an_export_another_worker_is_building_is_left_to_it(job, private_files):
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_lock(%s, %s)", [tasks.EXPORT_LOCKS, job.pk]
            )

        assert tasks.build_export(job.pk) == ""
    finally:
        other.close()

    job.refresh_from_db()
    assert job.status == Export.Status.QUEUED
    assert files_under(private_files) == []


def test_an_export_whose_task_was_lost_is_resumed(job, private_files):
    Export.objects.filter(pk=job.pk).update(
        created_at=timezone.now() - timedelta(minutes=10)
    )
    fresh = Export.objects.create(
        survey=job.survey,
        format="csv",
        layout="long",
        language="uk",
        requested_by=job.requested_by,
    )

    assert tasks.resume_exports() == 1

    job.refresh_from_db()
    fresh.refresh_from_db()
    assert job.status == Export.Status.DONE
    assert fresh.status == Export.Status.QUEUED
