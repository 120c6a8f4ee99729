"""The servers under the portal in a drill, each its own and thrown away afterwards:
a PostgreSQL cluster and a redis-server on free ports in the drill's temporary
folder (never the machine's own servers), and an SMTP server that keeps what it
receives."""

import asyncio
import contextlib
import email
import email.policy
import os
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aiosmtpd.controller import Controller


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
        self._controller: Controller | None = None

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
