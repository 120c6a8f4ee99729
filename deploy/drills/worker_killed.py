"""Drill: a Celery worker's pool process is killed (SIGKILL) in the middle of a task,
once while it sends a notification and once while it builds a large export.

Invariants: the task is delivered again (acks late, rejected when the worker is lost)
and its result is produced once: the resident's e-mail reaches the mail server once
and the outbox records one delivered try; the export ends done, complete, as one
file, with no partial file left in the worker's temporary folder.

Beat is not running, so nothing but the retried task can produce the results.

Run with the portal's Python: .venv/bin/python deploy/drills/worker_killed.py
"""

import os
import signal
import time

from harness import Drill, Process, run
from servers import wait_until
from visitors import file_complaint

RESPONSES = 3000

SEED = f"""
import json, random
from django.contrib.auth.models import Group
from portal.roles import ROLES_BY_KEY
from portal.models import Community
from bench.surveys import seed_survey
from surveys.models import Answer, Export, Survey
from django.contrib.auth import get_user_model

if not Community.objects.exists():
    Community.objects.create(name="Чугуївська", name_en="Chuhuiv", slug="chuhuiv",
                             kind="urban")
seed_survey("drill-export", {RESPONSES}, wave=1, stdout=open("/dev/null", "w"))
analyst = get_user_model().objects.create_user("drill-analyst", is_staff=True)
analyst.groups.add(Group.objects.get(name=ROLES_BY_KEY["analyst"].group))
survey = Survey.objects.get(slug="drill-export")
export = Export.objects.create(survey=survey, format="xlsx", layout="long",
                               language="uk", requested_by=analyst)
print(json.dumps({{"export": export.pk,
                  "answers": Answer.objects.filter(response__survey=survey).count()}}))
"""

# What the analyst's request does once the export row is saved (surveys.admin).
REQUEST = """
from surveys.tasks import build_export
build_export.delay({pk})
"""


def kill_pool(d: Drill, worker: Process) -> list[int]:
    """SIGKILL the worker's pool processes (one: the worker runs with concurrency 1)."""
    children = worker.children()
    for pid in children:
        os.kill(pid, signal.SIGKILL)
    d.fact(f"killed pool process {', '.join(map(str, children))} with SIGKILL")
    return children


def notification(d: Drill, base: str, database, sink, worker: Process) -> None:
    sink.hold_next()
    filing = file_complaint(base, 1)
    d.check(
        bool(filing.receipt),
        f"the filing was answered with a receipt ({filing.status})",
    )
    d.check(sink.held.wait(30), "the worker began sending the receipt e-mail")
    killed = kill_pool(d, worker)
    d.check(len(killed) == 1, "the worker had one pool process, now killed")
    wait_until(lambda: killed[0] not in worker.children(), 10, 0.1)
    time.sleep(0.5)
    sink.release()
    delivered = wait_until(lambda: len(sink.messages) >= 1, 60, 0.2)
    time.sleep(3)  # a second copy would arrive now
    copies = sum(filing.receipt in body for body in sink.bodies())
    d.check(sink.dropped == 1, "the killed try's connection ended before the reply")
    d.check(
        bool(delivered) and copies == 1 and len(sink.messages) == 1,
        f"the retried task delivered the e-mail exactly once ({copies} copies)",
    )
    status, attempts = database.query(
        "SELECT status, attempts FROM portal_outboxmessage"
    )[0]
    d.check(
        status == "sent" and attempts == "1",
        f"the outbox records it sent after one try ({status}, {attempts} tries): "
        "the killed try's transaction was rolled back",
    )
    d.check(
        "WorkerLostError" in worker.log.read_text(),
        "the worker reported the lost process and gave the task back",
    )


def export(d: Drill, env: dict, database, worker: Process) -> None:
    import json

    seeded = json.loads(d.manage(env, "shell", "-c", SEED).strip().splitlines()[-1])
    pk, answers = int(seeded["export"]), seeded["answers"]
    by_id = f"FROM surveys_export WHERE id = {pk}"
    d.fact(f"export {pk}: {RESPONSES} responses, {answers} answers, long XLSX")
    started = time.monotonic()
    d.manage(env, "shell", "-c", REQUEST.format(pk=pk))

    def progress() -> tuple[str, int, int]:
        status, done, total = database.query(f"SELECT status, done, total {by_id}")[0]
        return status, int(done), int(total)

    midway = wait_until(
        lambda: (p := progress())[0] == "running" and 0 < p[1] < p[2] and p,
        120,
        0.05,
    )
    d.check(bool(midway), f"the export was caught half-way ({midway})")
    if not midway:
        return
    kill_pool(d, worker)
    d.fact(f"killed at {midway[1]} of {midway[2]} responses")
    restarted = wait_until(lambda: progress()[1] < midway[1], 60, 0.05)
    d.check(bool(restarted), "the retried task started the export afresh")
    done = wait_until(lambda: progress()[0] in {"done", "failed"} and progress(), 300)
    d.fact(f"export finished {time.monotonic() - started:.1f} s after the request")
    d.check(
        bool(done) and done[0] == "done" and done[1] == done[2] == RESPONSES,
        f"the export is done and complete ({done})",
    )
    folder = d.home / "private" / "surveys" / "exports"
    files = [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []
    d.check(len(files) == 1, f"one file was produced ({len(files)})")
    stored = database.value(f"SELECT file {by_id}")
    d.check(
        len(files) == 1 and str(files[0]).endswith(stored),
        "the export names that file",
    )
    if len(files) == 1:
        from openpyxl import load_workbook

        book = load_workbook(files[0], read_only=True)
        rows = sum(1 for _ in book.worksheets[0].iter_rows(values_only=True))
        d.check(rows == answers + 1, f"the file holds every answer ({rows - 1})")
    leftovers = [p.name for p in (d.home / "tmp").glob("portal-export-*")]
    d.check(not leftovers, f"no partial file is left in the worker's tmp ({leftovers})")


def drill(d: Drill) -> None:
    database, redis, sink = d.postgres(), d.redis(), d.mail_sink()
    env = d.portal_env(database, redis, sink.port)
    d.prepare(env)
    base = d.gunicorn(env)
    worker = d.celery_worker(env, concurrency=1)
    notification(d, base, database, sink, worker)
    export(d, env, database, worker)


if __name__ == "__main__":
    run(Drill("worker", "A Celery worker killed in the middle of a task"), drill)
