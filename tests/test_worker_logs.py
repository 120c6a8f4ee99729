"""A real Celery worker logs JSON lines that name the task and carry the id of the web
request that queued it, and no personal data."""

import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import kombu.pools
import pytest
from django.db import connection

from conftest import missing_service
from portal.celery import app
from tests.factories import formal_data

ROOT = Path(__file__).resolve().parents[1]
NAME, EMAIL = "Олена Петренко-Журавська", "olena.zhuravska@example.org"


def reset_connections():
    kombu.pools.reset()
    app._pool = None  # type: ignore[attr-defined]  # Celery's private pools
    app.amqp._producer_pool = None  # type: ignore[attr-defined]  # likewise


@pytest.fixture
def worker(redis_url, tmp_path):
    """A worker on the test database and the test broker, logging into a file."""
    if connection.vendor != "postgresql":
        missing_service("a worker shares the test database only on PostgreSQL")
    database = urlsplit(os.environ["DATABASE_URL"])._replace(
        path=f"/{connection.settings_dict['NAME']}"
    )
    with app.connection_for_write() as broker:
        # A Redis channel; the stubs know only the abstract StdChannel.
        broker.default_channel.queue_purge("celery")  # type: ignore[attr-defined]
    log, printed = tmp_path / "worker.log", tmp_path / "worker.out"
    environment = {
        "PATH": os.environ["PATH"],
        "DATABASE_URL": database.geturl(),
        "REDIS_URL": redis_url,
        "EMAIL_URL": "memory://",
        "LOG_FORMAT": "json",
        "LOG_LEVEL": "DEBUG",
    }
    with log.open("w") as errors, printed.open("w") as output:
        process = subprocess.Popen(
            [
                *(sys.executable, "-m", "celery", "-A", "portal", "--quiet", "worker"),
                *("--pool", "solo", "--without-gossip", "--without-mingle"),
                *("--hostname", f"logs-{uuid.uuid4().hex[:8]}@%h"),
            ],
            cwd=ROOT,
            env=environment,
            stdout=output,
            stderr=errors,
        )
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = False
    reset_connections()
    yield process, log
    app.conf.task_always_eager = previous
    reset_connections()
    process.terminate()
    process.wait(timeout=30)


def wait_for(process, log: Path, text: str, seconds: float = 60) -> list[str]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and process.poll() is None:
        lines = log.read_text().splitlines()
        if any(text in line for line in lines):
            return lines
        time.sleep(0.2)
    raise AssertionError(f"{text!r} not logged in time:\n{log.read_text()}")


@pytest.mark.django_db(transaction=True)
def test_a_worker_logs_the_task_with_the_request_that_queued_it(client, worker):
    process, log = worker

    response = client.post("/en/hotline/new/", formal_data(full_name=NAME, email=EMAIL))

    assert response.status_code == 200
    lines = wait_for(process, log, "succeeded")
    entries = [json.loads(line) for line in lines]
    done = [entry for entry in entries if "succeeded" in entry["message"]]
    assert done[0]["task"] == "portal.tasks.send_outbox_message"
    assert done[0]["request_id"] == response["X-Request-ID"]
    assert done[0]["task_id"] in done[0]["message"]
    assert not [line for line in lines if NAME in line or EMAIL in line]
    assert process.poll() is None
