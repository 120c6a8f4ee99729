"""Measure the public pages under load, each as a ratio to a floor view.

Run through `make bench`, which prepares PostgreSQL, Redis and the data. The portal is
served by gunicorn with 2 workers and loaded by wrk. Before and after every page the
floor view is measured again, and the page's ratio uses the mean of those two floor
runs, so a machine that speeds up or slows down during the run does not skew a row.
Then comes the mixed load (bench/loadtest.py, with locust): every kind of visit at
once, against the floor under the same tool; `--only mixed` runs it alone.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench import loadtest, parts
from bench.pages import BenchPage

FLOORS = {
    "read": BenchPage("floor: one query", "/_bench/floor/"),
    "insert": BenchPage(
        "floor: one insert", "/_bench/floor-insert/", method="POST", body="x=1"
    ),
}

WRK_POST_SCRIPT = """
wrk.method = "POST"
wrk.body = os.getenv("BENCH_BODY")
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
"""


# Each wrk thread numbers its requests; the number, written in "-" and ".", ends the
# path's last value (after an encoded space), so that no two requests are alike.
WRK_FRESH_SCRIPT = """
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("thread_number", threads)
end
local counter = 0
function request()
  counter = counter + 1
  local n = counter * 64 + thread_number
  local mark = ""
  while n > 0 do
    if n % 2 == 1 then mark = mark .. "-" else mark = mark .. "." end
    n = math.floor(n / 2)
  end
  return wrk.format(nil, os.getenv("BENCH_PATH") .. "%20" .. mark)
end
"""


def fresh_mark(number: int) -> str:
    """What the wrk script appends to a `fresh` page's path for request `number`."""
    mark = ""
    while number > 0:
        mark += "-" if number % 2 else "."
        number //= 2
    return "%20" + mark


def wrk_script(page: BenchPage) -> str:
    lines = [WRK_POST_SCRIPT] if page.method == "POST" else []
    lines += [f"wrk.headers[{name!r}] = {value!r}" for name, value in page.headers]
    if page.fresh:
        lines.append(WRK_FRESH_SCRIPT)
    return "\n".join(lines)


class Command(BaseCommand):
    help = "Measure every page's throughput as a ratio to the floor view (make bench)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--duration",
            type=int,
            default=None,
            help="seconds per run (default: 5 per page, 60 for the mixed load)",
        )
        parser.add_argument("--connections", type=int, default=8)
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument(
            "--only", default="", help="measure pages whose label has this"
        )
        parser.add_argument("--output", default=str(settings.VAR_DIR / "bench.md"))
        parser.add_argument(
            "--mixed",
            action="store_true",
            help="run the mixed load even with --only (--only mixed runs it alone)",
        )
        parser.add_argument(
            "--mixed-users",
            type=int,
            default=None,
            help="users of the mixed load (default: chosen by a short ramp)",
        )

    def handle(self, *args, **options):
        if not settings.BENCH_ENDPOINTS:
            raise CommandError("Set BENCH_ENDPOINTS=true (make bench does).")
        if not shutil.which("wrk"):
            raise CommandError("wrk is missing: apt-get install wrk (make bench does).")
        every_page = parts.pages()
        pages = [page for page in every_page if options["only"] in page.label]
        mixed = options["mixed"] or options["only"] in ("", "mixed")
        queries = {page.label: self.count_queries(page) for page in pages}
        base = f"http://127.0.0.1:{options['port']}"
        tables = []
        with self.gunicorn(options["port"]):
            rows = []
            for page in pages:
                floor = FLOORS[page.floor]
                before = self.load(base, floor, options)
                result = self.load(base, page, options)
                after = self.load(base, floor, options)
                floor_rps = (before["rps"] + after["rps"]) / 2
                rows.append((page, result, floor_rps, queries[page.label]))
            if rows:
                tables.append(self.table(rows))
            if mixed:
                report, verdicts = loadtest.measure(
                    base,
                    every_page,
                    parts.submissions(),
                    floor_path=FLOORS["read"].path,
                    seconds=options["duration"] or 60,
                    users=options["mixed_users"],
                    log=self.stderr.write,
                )
                tables += [report, self.measures_table(verdicts)]
        measures = [row for row in parts.measures() if options["only"] in row[0]]
        if measures:
            tables.append(self.measures_table(measures))
        table = "\n\n".join(tables)
        self.stdout.write(table)
        Path(options["output"]).parent.mkdir(exist_ok=True)
        Path(options["output"]).write_text(table + "\n")

    def count_queries(self, page: BenchPage) -> int:
        """Queries of one request once the page's caches are warm, as under load."""
        client = Client(HTTP_HOST="127.0.0.1", headers=dict(page.headers))

        def request(number: int):
            path = page.path + (fresh_mark(number) if page.fresh else "")
            if page.method == "POST":
                return client.post(
                    path, page.body, content_type="application/x-www-form-urlencoded"
                )
            return client.get(path)

        request(1)
        with CaptureQueriesContext(connection) as captured:
            response = request(2)
        if response.status_code >= 400:
            raise CommandError(f"{page.path} answered {response.status_code}")
        return len(captured.captured_queries)

    def gunicorn(self, port: int):
        command = command_for_gunicorn(port)
        return _Server(command, f"http://127.0.0.1:{port}/healthz/")

    def load(self, base: str, page: BenchPage, options) -> dict:
        command = [
            "wrk",
            "--threads",
            "2",
            "--connections",
            str(options["connections"]),
            "--duration",
            f"{options['duration'] or 5}s",
        ]
        env = {**os.environ}
        with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
            if page.method == "POST" or page.headers or page.fresh:
                script.write(wrk_script(page))
                script.flush()
                command += ["--script", script.name]
                env["BENCH_BODY"] = page.body
                env["BENCH_PATH"] = page.path
            command.append(base + page.path)
            output = subprocess.run(
                command, capture_output=True, text=True, check=True, env=env
            ).stdout
        found = re.search(r"Requests/sec:\s+([\d.]+)", output)
        if found is None:
            raise CommandError(
                f"wrk printed no request rate for {page.path}:\n{output}"
            )
        rps = float(found.group(1))
        bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
        errors = re.search(
            r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)",
            output,
        )
        failed = int(bad.group(1)) if bad else 0
        if errors:
            failed += sum(int(n) for n in errors.groups())
        return {"rps": rps, "failed": failed}

    def measures_table(self, measures) -> str:
        """Other measurements the apps make, each against its own target."""
        lines = ["| measure | result | target | verdict |", "|---|---|---|---|"]
        for label, result, target, met in measures:
            verdict = "-" if met is None else ("met" if met else "MISSED")
            lines.append(f"| {label} | {result} | {target} | {verdict} |")
        return "\n".join(lines)

    def table(self, rows) -> str:
        lines = [
            "| page | requests/s | floor requests/s | ratio to floor | target "
            "| queries/request | failed requests |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        for page, result, floor_rps, queries in rows:
            ratio = result["rps"] / floor_rps if floor_rps else 0.0
            if page.target is None:
                target = "-"
            else:
                verdict = "met" if ratio >= page.target else "MISSED"
                target = f"{page.target:.2f} {verdict}"
            lines.append(
                f"| {page.label} ({page.method} {page.path}) | {result['rps']:.0f} "
                f"| {floor_rps:.0f} | {ratio:.2f} | {target} | {queries} "
                f"| {result['failed']} |"
            )
        return "\n".join(lines)


def command_for_gunicorn(port: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "portal.wsgi",
        "--workers",
        "2",
        "--bind",
        f"127.0.0.1:{port}",
        "--access-logfile",
        "/dev/null",
        "--log-level",
        "warning",
    ]


class _Server:
    """A gunicorn process for the duration of a with-block."""

    def __init__(self, command: list[str], health_url: str):
        self.command, self.health_url = command, health_url

    def __enter__(self):
        self.process = subprocess.Popen(self.command, cwd=settings.BASE_DIR)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.health_url, timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.3)
        self.process.terminate()
        raise CommandError("gunicorn did not start within 30 seconds")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)
