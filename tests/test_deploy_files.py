"""The files of deploy/ agree with the portal: gunicorn's log is the portal's JSON
lines and keeps no trace of visitors, the environment template lists every variable,
the systemd units are valid and hardened, and the Procfile names every process."""

import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import missing_service
from portal.tests.test_settings import STRONG_KEY

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
UNITS = ["portal-web", "portal-worker", "portal-beat"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_gunicorn_logs_json_requests_without_address_query_referrer_or_browser(
    tmp_path,
):
    port = free_port()
    log = tmp_path / "gunicorn.log"
    environment = {
        "PATH": os.environ["PATH"],
        "DEBUG": "false",
        "SECRET_KEY": STRONG_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",
    }
    gunicorn = Path(sys.executable).parent / "gunicorn"
    with log.open("w") as output:
        server = subprocess.Popen(
            [gunicorn, "-c", DEPLOY / "gunicorn.conf.py"],
            cwd=ROOT,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        headers = {
            "X-Forwarded-For": "198.51.100.23",
            "Referer": "http://127.0.0.1/hotline/track/?code=REFERRED-SECRET",
            "User-Agent": "Browser-Of-Olena/1.0",
        }
        for _ in range(100):
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                connection.request(
                    "GET", "/robots.txt?receipt=7Q2M-SECRET", headers=headers
                )
                assert connection.getresponse().status == 200
                connection.close()
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail(log.read_text())
    finally:
        server.terminate()
        server.wait(timeout=30)

    lines = log.read_text().splitlines()
    records = [json.loads(line) for line in lines]  # every line is JSON
    assert any(record["logger"].startswith("gunicorn") for record in records)
    access = [record for record in records if record.get("path") == "/robots.txt"]
    assert len(access) == 1, lines
    assert access[0]["method"] == "GET" and access[0]["status"] == 200
    assert access[0]["request_id"]
    for trace in ("SECRET", "198.51.100.23", "Olena", "receipt"):
        assert not any(trace in line for line in lines), trace
    # The client's own address (the server's start-up line names where it listens).
    assert "127.0.0.1" not in json.dumps(access[0])


def configuration_variables() -> set[str]:
    readme = (ROOT / "README.md").read_text()
    table = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    names = set()
    for line in table.splitlines():
        if line.startswith("| `"):
            names.update(re.findall(r"`([A-Z][A-Z0-9_]+)`", line.split("|")[1]))
    return names


def test_the_environment_template_lists_every_configuration_variable():
    template = (DEPLOY / "portal.env.example").read_text()
    listed = set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", template, re.MULTILINE))

    names = configuration_variables()

    assert "MEDIA_STORAGE_URL" in names
    assert names - listed == set()
    assert listed - names == set()


def test_the_procfile_runs_migrations_on_release_and_names_every_process():
    entries = dict(
        line.split(": ", 1)
        for line in (ROOT / "Procfile").read_text().splitlines()
        if line
    )

    assert set(entries) == {"release", "web", "worker", "beat"}
    assert entries["release"] == "python manage.py migrate --noinput"
    assert "gunicorn -c deploy/gunicorn.conf.py" in entries["web"]
    assert "celery -A portal worker" in entries["worker"]
    assert "celery -A portal beat" in entries["beat"]


@pytest.mark.parametrize("unit", UNITS)
def test_each_unit_reads_the_environment_file_and_is_hardened(unit):
    text = (DEPLOY / "systemd" / f"{unit}.service").read_text()

    for line in (
        "EnvironmentFile=/etc/portal/portal.env",
        "User=portal",
        "NoNewPrivileges=yes",
        "ProtectSystem=strict",
        "ProtectHome=yes",
        "PrivateTmp=yes",
        "PrivateDevices=yes",
        "CapabilityBoundingSet=",
        "StateDirectory=portal",
    ):
        assert line in text.splitlines(), (unit, line)


def test_systemd_accepts_the_units(tmp_path):
    if not shutil.which("systemd-analyze"):
        missing_service("systemd-analyze is not installed")
    environment_file = tmp_path / "portal.env"
    environment_file.touch()
    for unit in UNITS:
        text = (DEPLOY / "systemd" / f"{unit}.service").read_text()
        text = text.replace("/srv/portal", str(ROOT)).replace(
            "/etc/portal/portal.env", str(environment_file)
        )
        (tmp_path / f"{unit}.service").write_text(text)

    result = subprocess.run(
        ["systemd-analyze", "verify", *(tmp_path / f"{u}.service" for u in UNITS)],
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0
    assert result.stdout + result.stderr == ""


def test_the_environment_template_passes_the_deployment_checklist():
    variables = {}
    for line in (DEPLOY / "portal.env.example").read_text().splitlines():
        if line and not line.startswith("#"):
            name, value = line.split("=", 1)
            variables[name] = value.strip('"')
    variables["SECRET_KEY"] = STRONG_KEY

    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], **variables},
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stdout + result.stderr
