"""What every fault drill needs: its own servers (servers.py), the portal's real
processes pointed at them (gunicorn, a Celery worker, beat) with the environment of a
production installation, and a report of the invariants checked. Residents are played
by visitors.py.
"""

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from servers import MailSink, Postgres, Redis, free_port, wait_until
from visitors import Visitor

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
# Shared by the drills: collectstatic is slow and its output does not change.
STATIC_ROOT = ROOT / "var" / "drills" / "static"


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
    """A process of the portal, supervised as systemd's `Restart=always` would: if it
    exits by itself, it is started again a second later and the exit is counted."""

    name: str
    command: list[str]
    env: dict
    log: Path
    popen: subprocess.Popen = field(init=False)
    exits: list[int] = field(default_factory=list)
    stopping: bool = False

    def __post_init__(self):
        self._spawn()
        threading.Thread(target=self._supervise, daemon=True).start()

    def _spawn(self) -> None:
        self.popen = subprocess.Popen(  # noqa: S603 (the portal's own programs)
            self.command,
            cwd=ROOT,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=self.log.open("a"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def _supervise(self) -> None:
        while not self.stopping:
            code = self.popen.wait()
            if self.stopping:
                return
            self.exits.append(code)
            time.sleep(1)
            if not self.stopping:
                self._spawn()

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
        self.stopping = True
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
        process = Process(name, command, env, self.home / f"{name}.log")
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
        # The worker logs at LOG_LEVEL (the portal's logging, not --loglevel); its
        # "ready." line, which the drill waits for, is at INFO.
        env = {**env, "LOG_LEVEL": "INFO"}
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
            kept = ROOT / "var" / "drills" / f"{self.name}-logs"
            shutil.rmtree(kept, ignore_errors=True)
            kept.mkdir(parents=True)
            for log in self.home.glob("*.log"):
                shutil.copy(log, kept / log.name)
            for process in self.processes:
                print(f"  --- last lines of {process.name}'s log:\n{process.tail()}")
            print(f"  The whole logs are in {kept.relative_to(ROOT)}/", flush=True)
        for process in self.processes:
            if process.exits:
                self.fact(
                    f"{process.name} exited by itself {len(process.exits)} time(s) "
                    f"(codes {process.exits}) and was started again by the drill, as "
                    "its supervisor in production (systemd, Restart=always) would"
                )
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
    error: BaseException | None = None
    try:
        body(drill)
    except Exception as caught:
        error = caught
    except KeyboardInterrupt as caught:
        error = caught
    sys.exit(drill.close(error))
