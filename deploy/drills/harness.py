"""What every fault drill needs: throwaway PostgreSQL and Redis servers, the portal's
real processes (gunicorn, a Celery worker, beat) pointed at them, a local SMTP server
that counts what it receives, visitors that fill in the portal's forms over HTTP, and
a report of the invariants checked.

The drills never touch the machine's own PostgreSQL or Redis: each starts its own on
free ports in a temporary directory, which it removes afterwards.
"""

import asyncio
import contextlib
import email
import email.policy
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
# Shared by the drills: collectstatic is slow and its output does not change.
STATIC_ROOT = ROOT / "var" / "drills" / "static"
RECEIPT = re.compile(r'id="receipt-code">([0-9A-Z]{4}(?:-[0-9A-Z]{4}){3})<')
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CATEGORY = re.compile(r'<select name="category"[^>]*>.*?<option value="(\d+)"', re.S)


def photo() -> bytes:
    """A small PNG photo, such as residents attach to a complaint."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (30, 90, 160)).save(buffer, "PNG")
    return buffer.getvalue()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(condition: Callable[[], object], timeout: float, step=0.2):
    """Poll until `condition` returns something true; that value, or None."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(Exception):
            if value := condition():
                return value
        time.sleep(step)
    return None


# The servers


def _postgres_bin(program: str) -> str:
    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{program}"))
    if found:
        return str(found[-1])
    if path := shutil.which(program):
        return path
    raise SystemExit(f"PostgreSQL's {program} is missing: apt-get install postgresql")


class Postgres:
    """A PostgreSQL cluster of its own, on a free port, with trust authentication on
    127.0.0.1 only. Run as the postgres user when the drill runs as root."""

    def __init__(self, home: Path):
        self.port = free_port()
        self.data = home / "pg"
        self.sockets = home / "pg-socket"
        self.log = home / "postgres.log"
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/portal"

    def _run(self, *command: str, check=True) -> subprocess.CompletedProcess:
        if os.geteuid() == 0:
            command = ("runuser", "-u", "postgres", "--", *command)
        return subprocess.run(  # noqa: S603 (programs of PostgreSQL itself)
            command,
            # A folder the postgres user may enter, whoever runs the drill.
            cwd=self.data.parent,
            capture_output=True,
            text=True,
            check=check,
        )

    def start(self) -> None:
        for folder in (self.data, self.sockets):
            folder.mkdir()
        self.log.touch()
        if os.geteuid() == 0:
            for path in (self.data, self.sockets, self.log):
                shutil.chown(path, "postgres", "postgres")
        self._run(
            _postgres_bin("initdb"),
            "-D",
            str(self.data),
            "-A",
            "trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )
        self._pg_ctl("start")
        self._run(
            _postgres_bin("createdb"),
            "-h",
            "127.0.0.1",
            "-p",
            str(self.port),
            "-U",
            "postgres",
            "portal",
        )

    def _pg_ctl(self, action: str, *extra: str) -> None:
        options = (
            f"-p {self.port} -k {self.sockets} -c listen_addresses=127.0.0.1 "
            "-c max_connections=60"
        )
        self._run(
            _postgres_bin("pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.log),
            "-o",
            options,
            "-w",
            "-t",
            "60",
            action,
            *extra,
        )

    def restart(self) -> None:
        """`pg_ctl restart -m fast`: open sessions are ended, then the server comes
        back."""
        self._pg_ctl("restart", "-m", "fast")

    def stop(self) -> None:
        self._pg_ctl("stop", "-m", "fast")

    def resume(self) -> None:
        self._pg_ctl("start")

    def query(self, sql: str) -> list[list[str]]:
        """Rows of a query, read with psql (so the drill does not depend on the
        portal's own code to judge it)."""
        result = self._run(
            _postgres_bin("psql"),
            "-h",
            "127.0.0.1",
            "-p",
            str(self.port),
            "-U",
            "postgres",
            "-d",
            "portal",
            "-AtF",
            "\t",
            "-v",
            "ON_ERROR_STOP=1",
            "-c",
            sql,
        )
        return [line.split("\t") for line in result.stdout.splitlines() if line]

    def value(self, sql: str) -> str:
        return self.query(sql)[0][0]

    def close(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._run(
                _postgres_bin("pg_ctl"), "-D", str(self.data), "stop", "-m", "immediate"
            )


class Redis:
    """A redis-server of its own, without persistence, as the portal's broker and
    cache: stopping it loses whatever it held, as a crash of the real one would."""

    def __init__(self, home: Path):
        self.home, self.port = home, free_port()
        self.process: subprocess.Popen | None = None
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        binary = shutil.which("redis-server")
        if not binary:
            raise SystemExit("redis-server is missing: apt-get install redis-server")
        self.process = subprocess.Popen(  # noqa: S603 (redis-server itself)
            [
                binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.home),
                "--logfile",
                str(self.home / "redis.log"),
            ],
            stdin=subprocess.DEVNULL,
        )
        if not wait_until(self.ping, 10):
            raise RuntimeError("redis-server did not start")

    def ping(self) -> bool:
        with socket.create_connection(("127.0.0.1", self.port), timeout=1) as client:
            client.sendall(b"PING\r\n")
            return client.recv(16).startswith(b"+PONG")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)

    close = stop


class MailSink:
    """An SMTP server (aiosmtpd) that keeps every message it accepts.

    With `hold_next`, the next message waits before the final reply until `release`;
    a client that disconnects meanwhile has delivered nothing, as with a real server
    that had not yet answered "250".
    """

    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.messages: list[email.message.EmailMessage] = []
        self.dropped = 0
        self.held = threading.Event()
        self._release = threading.Event()
        self._hold = False
        self._controller = None

    async def handle_DATA(self, server, session, envelope):
        if self._hold:
            self._hold = False
            self.held.set()
            try:
                while not self._release.is_set():
                    await asyncio.sleep(0.05)
            except asyncio.CancelledError:  # the client went away before the reply
                self.dropped += 1
                raise
        message = email.message_from_bytes(envelope.content, policy=email.policy.SMTP)
        self.messages.append(message)
        return "250 Message accepted for delivery"

    def hold_next(self) -> None:
        self._hold = True
        self._release.clear()
        self.held.clear()

    def release(self) -> None:
        self._release.set()

    def start(self) -> None:
        from aiosmtpd.controller import Controller

        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller:
            self._controller.stop()
            self._controller = None

    close = stop

    def bodies(self) -> list[str]:
        return [message.get_content() for message in self.messages]

    def message_ids(self) -> list[str]:
        return [str(message["Message-ID"]) for message in self.messages]


# The portal's processes


def collect_static() -> None:
    """collectstatic into STATIC_ROOT, as for production. It takes about a minute
    (WhiteNoise compresses every file), so run_all.py does it once for all drills."""
    if os.environ.get("DRILL_STATIC_COLLECTED") == "1":
        return
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DEBUG": "false",
        "SECRET_KEY": f"drill-{uuid.uuid4().hex}-{uuid.uuid4().hex}",
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_ROOT": str(STATIC_ROOT),
    }
    subprocess.run(  # noqa: S603 (the portal's own manage.py)
        [PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=environment,
        check=True,
    )


@dataclass
class Process:
    name: str
    popen: subprocess.Popen
    log: Path

    def tail(self, lines=25) -> str:
        text = self.log.read_text(errors="replace").splitlines()
        return "\n".join(text[-lines:])

    def children(self) -> list[int]:
        """The process's direct children (a Celery worker's pool processes)."""
        found = []
        for task in Path(f"/proc/{self.popen.pid}/task").glob("*"):
            with contextlib.suppress(OSError):
                found += [int(pid) for pid in (task / "children").read_text().split()]
        return found

    def stop(self) -> None:
        if self.popen.poll() is not None:
            return
        # Each process was started in a group of its own: end it with its children.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, signal.SIGTERM)
        try:
            self.popen.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait(timeout=5)


@dataclass
class Drill:
    """One drill: its servers, its processes, the invariants it checked."""

    name: str
    title: str
    home: Path = field(init=False)
    checks: list[tuple[bool, str]] = field(default_factory=list)
    facts: list[str] = field(default_factory=list)
    processes: list[Process] = field(default_factory=list)
    servers: list = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)

    def __post_init__(self):
        self.home = Path(tempfile.mkdtemp(prefix=f"portal-drill-{self.name}-"))
        self.home.chmod(0o755)  # the postgres user must reach its data directory
        print(f"== {self.title}", flush=True)

    # Report

    def check(self, ok: bool, text: str) -> bool:
        self.checks.append((bool(ok), text))
        print(f"  [{'ok' if ok else 'FAILED'}] {text}", flush=True)
        return bool(ok)

    def fact(self, text: str) -> None:
        self.facts.append(text)
        print(f"  - {text}", flush=True)

    def step(self, text: str) -> None:
        """A line of progress, with the seconds since the drill began."""
        print(f"  {time.monotonic() - self.started:6.1f} s  {text}", flush=True)

    @property
    def passed(self) -> bool:
        return bool(self.checks) and all(ok for ok, _ in self.checks)

    def report(self) -> dict:
        return {
            "drill": self.name,
            "title": self.title,
            "passed": self.passed,
            "seconds": round(time.monotonic() - self.started),
            "checks": [{"ok": ok, "text": text} for ok, text in self.checks],
            "facts": self.facts,
        }

    # Servers and processes

    def postgres(self) -> Postgres:
        server = Postgres(self.home)
        self.servers.append(server)
        server.start()
        return server

    def redis(self) -> Redis:
        server = Redis(self.home)
        self.servers.append(server)
        server.start()
        return server

    def mail_sink(self, port: int | None = None, start=True) -> MailSink:
        sink = MailSink(port)
        self.servers.append(sink)
        if start:
            sink.start()
        return sink

    def portal_env(
        self, database: Postgres, redis: Redis, mail_port: int, **extra
    ) -> dict:
        """The environment of a production installation, on the drill's servers."""
        keep = {"PATH", "HOME", "LANG", "LC_ALL", "TZ", "PYTHONPATH"}
        environment = {key: value for key, value in os.environ.items() if key in keep}
        (self.home / "media").mkdir(exist_ok=True)
        (self.home / "private").mkdir(exist_ok=True)
        (self.home / "tmp").mkdir(exist_ok=True)
        environment.update(
            DEBUG="false",
            SECRET_KEY=f"drill-{uuid.uuid4().hex}-{uuid.uuid4().hex}",
            ALLOWED_HOSTS="127.0.0.1,localhost",
            SECURE_SSL_REDIRECT="false",
            SECURE_HSTS_SECONDS="0",
            DATABASE_URL=database.url,
            DATABASE_CONN_MAX_AGE="60",
            REDIS_URL=redis.url,
            CACHE_KEY_PREFIX="drill",
            EMAIL_URL=f"smtp://127.0.0.1:{mail_port}",
            EMAIL_TIMEOUT="5",
            DEFAULT_FROM_EMAIL="portal@drill.example.org",
            STATIC_ROOT=str(STATIC_ROOT),
            MEDIA_ROOT=str(self.home / "media"),
            PRIVATE_MEDIA_ROOT=str(self.home / "private"),
            # Everything the portal's processes write to temporary files stays where
            # the drill can see it.
            TMPDIR=str(self.home / "tmp"),
            LOG_LEVEL="WARNING",
            # The drill files from one address; the per-address limit would stop it.
            HOTLINE_FILINGS_PER_HOUR="1000000",
            PYTHONUNBUFFERED="1",
        )
        environment.update({key: str(value) for key, value in extra.items()})
        return environment

    def manage(self, env: dict, *arguments: str) -> str:
        result = subprocess.run(  # noqa: S603 (the portal's own manage.py)
            [PYTHON, "manage.py", *arguments],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        if result.returncode:
            raise RuntimeError(
                f"manage.py {' '.join(arguments)} failed:\n{result.stderr[-3000:]}"
            )
        return result.stdout

    def prepare(self, env: dict) -> None:
        """Migrate the new database and collect the static files."""
        self.step("migrating the new database")
        self.manage(env, "migrate", "--noinput", "-v", "0")
        collect_static()
        self.step("database and static files ready")

    def start(self, name: str, command: list[str], env: dict) -> Process:
        log = self.home / f"{name}.log"
        popen = subprocess.Popen(  # noqa: S603 (the portal's own programs)
            command,
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        process = Process(name, popen, log)
        self.processes.append(process)
        return process

    def gunicorn(self, env: dict) -> str:
        """gunicorn with two workers, as in production; returns its base URL."""
        port = free_port()
        process = self.start(
            "gunicorn",
            [
                PYTHON,
                "-m",
                "gunicorn",
                "portal.wsgi",
                "--workers",
                "2",
                "--bind",
                f"127.0.0.1:{port}",
                "--timeout",
                "60",
                "--log-level",
                "warning",
            ],
            env,
        )
        base = f"http://127.0.0.1:{port}"
        self.step("starting gunicorn")
        if not wait_until(lambda: Visitor(base).get("/healthz/").status == 200, 60):
            raise RuntimeError(f"gunicorn did not start:\n{process.tail()}")
        return base

    def celery_worker(self, env: dict, concurrency=2) -> Process:
        process = self.start(
            "worker",
            [
                PYTHON,
                "-m",
                "celery",
                "-A",
                "portal",
                "worker",
                "--concurrency",
                str(concurrency),
                "--loglevel",
                "INFO",
                "--hostname",
                f"drill-{self.name}@%h",
                "--without-gossip",
                "--without-mingle",
            ],
            env,
        )
        self.step("starting the Celery worker")
        if not wait_until(lambda: " ready." in process.log.read_text(), 60):
            raise RuntimeError(f"the Celery worker did not start:\n{process.tail()}")
        return process

    def celery_beat(self, env: dict) -> Process:
        return self.start(
            "beat",
            [
                PYTHON,
                "-m",
                "celery",
                "-A",
                "portal",
                "beat",
                "--loglevel",
                "INFO",
                "--schedule",
                str(self.home / "beat-schedule"),
            ],
            env,
        )

    # The end

    def close(self, error: BaseException | None = None) -> int:
        if error is not None:
            self.check(False, f"the drill ran to its end ({type(error).__name__})")
            print(f"  {error}", flush=True)
        if not self.passed:
            for process in self.processes:
                print(f"  --- last lines of {process.name}'s log:\n{process.tail()}")
        self.step("stopping the processes and servers")
        for process in reversed(self.processes):
            process.stop()
        for server in reversed(self.servers):
            with contextlib.suppress(Exception):
                server.close()
        shutil.rmtree(self.home, ignore_errors=True)
        seconds = round(time.monotonic() - self.started)
        verdict = "passed" if self.passed else "FAILED"
        print(f"== {self.title}: {verdict} in {seconds} s", flush=True)
        output = os.environ.get("DRILL_REPORT")
        if output:
            Path(output).write_text(json.dumps(self.report(), ensure_ascii=False))
        return 0 if self.passed else 1


def run(drill: Drill, body: Callable[[Drill], None]) -> None:
    """Run a drill's body, clean up whatever happens, exit 1 on a broken invariant."""
    error = None
    try:
        body(drill)
    except Exception as caught:
        error = caught
    except KeyboardInterrupt as caught:
        error = caught
    sys.exit(drill.close(error))


# Visitors


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    text: str
    seconds: float


class Visitor:
    """A browser without JavaScript: keeps its cookies, sends forms with their token.

    Cookies are kept by hand: with DEBUG off the portal marks them Secure, which a
    browser would not send back over the drill's plain HTTP.
    """

    def __init__(self, base: str, timeout: float = 30):
        host, port = base.removeprefix("http://").split(":")
        self.host, self.port, self.timeout = host, int(port), timeout
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, body: bytes | None = None, headers=None
    ) -> Reply:
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        connection = http.client.HTTPConnection(
            self.host, self.port, timeout=self.timeout
        )
        started = time.monotonic()
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", errors="replace")
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    for morsel in SimpleCookie(value).values():
                        self.cookies[morsel.key] = morsel.value
            reply_headers = {
                name.lower(): value for name, value in response.getheaders()
            }
            return Reply(
                response.status, reply_headers, text, time.monotonic() - started
            )
        finally:
            connection.close()

    def get(self, path: str) -> Reply:
        return self.request("GET", path)

    def post(self, path: str, fields: dict, files: dict | None = None) -> Reply:
        if not files:
            body = urlencode(fields).encode()
            content_type = "application/x-www-form-urlencoded"
        else:
            boundary = uuid.uuid4().hex
            parts = []
            for name, value in fields.items():
                parts.append(
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"'
                    f"\r\n\r\n{value}\r\n".encode()
                )
            for name, (filename, content, kind) in files.items():
                parts.append(
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                    f'filename="{filename}"\r\nContent-Type: {kind}\r\n\r\n'.encode()
                    + content
                    + b"\r\n"
                )
            body = b"".join(parts) + f"--{boundary}--\r\n".encode()
            content_type = f"multipart/form-data; boundary={boundary}"
        return self.request("POST", path, body, {"Content-Type": content_type})


@dataclass
class Filing:
    """One resident's filing through /en/hotline/new/ and what the portal answered."""

    number: int
    email: str
    status: int = 0
    receipt: str = ""
    error: str = ""
    answer: str = ""
    retry_after: str = ""
    seconds: float = 0.0  # the POST's
    finished_at: float = 0.0


def file_complaint(
    base: str, number: int, *, attachment=False, language="en"
) -> Filing:
    """Fetch the form (its token and cookie), then post a formal appeal with an e-mail
    address, so that the portal queues a receipt e-mail."""
    filing = Filing(number, f"resident-{number}@drill.example.org")
    prefix = "/en" if language == "en" else ""
    visitor = Visitor(base)
    try:
        form = visitor.get(f"{prefix}/hotline/new/")
        if form.status != 200:
            filing.status, filing.answer = form.status, form.text
            filing.error = f"the form answered {form.status}"
            return filing
        fields = {
            "csrfmiddlewaretoken": TOKEN.search(form.text).group(1),
            "kind": "complaint",
            "category": CATEGORY.search(form.text).group(1),
            "community": "",
            "settlement": "",
            "place": "",
            "occurred_on": (date.today() - timedelta(days=1)).isoformat(),  # noqa: DTZ011
            "occurred_time": "",
            "description": f"Drill filing {number}: the patrol was rude at a check.",
            "officer_identification": "",
            "path": "formal",
            "full_name": f"Resident {number}",
            "residence": "Chuhuiv, Myru St. 1",
            "email": filing.email,
            "phone": "",
            "consent": "on",
            "homepage": "",
        }
        files = (
            {"attachments": ("photo.png", photo(), "image/png")} if attachment else None
        )
        reply = visitor.post(f"{prefix}/hotline/new/", fields, files)
        filing.status, filing.answer = reply.status, reply.text
        filing.seconds = reply.seconds
        filing.retry_after = reply.headers.get("retry-after", "")
        if found := RECEIPT.search(reply.text):
            filing.receipt = found.group(1)
    except (OSError, http.client.HTTPException) as error:
        filing.error = type(error).__name__
    finally:
        filing.finished_at = time.monotonic()
    return filing


def receipt_hash(code: str) -> str:
    """The hash the portal keeps of a receipt code (hotline.receipts)."""
    import hashlib

    return hashlib.sha256(code.replace("-", "").upper().encode()).hexdigest()
