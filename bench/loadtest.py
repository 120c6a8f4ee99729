"""The mixed load of `make bench`: residents reading, answering a survey and filing
to the hotline at the same time, measured with locust against gunicorn.

Seven visits in ten are a page view, spread evenly over the public pages of the bench
(bench.parts.pages(), read as an anonymous visitor); two answer the open survey and
one files to the hotline (bench.parts.submissions(): each app's forms, as
`BenchSubmission`). A submission opens the form as a new browser, with no cookie kept
from an earlier visit, and sends a complete, valid body with the form's own CSRF
token. The visitors do not pause: their number is the smallest at which more of them
no longer raise the throughput (a short ramp), so the server runs as fast as its two
workers go and no faster. The floor view is then loaded by the same tool with as many
users, before and after the mixed run, and after the run the database must hold every
submission that answered as done. `tools/locustfile.py` is the locust side.
"""

import json
import math
import os
import re
import resource
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from django.conf import settings

from bench.pages import BenchPage

# Shares of the visits, in percent: the page views and each submission.
PAGE_VIEWS = "page views"
MIX = {PAGE_VIEWS: 70, "survey answer": 20, "hotline filing": 10}
PAGE_P95_MS = 300
SUBMISSION_P95_MS = 500
RATIO_TARGET = 0.3
# Users tried by the ramp: at least RAMP_MIN_STEPS of them (one user per gunicorn
# worker and more), then until one more step raises the throughput by less than
# RAMP_GAIN; the smallest count within RAMP_GAIN of the best is used.
USER_STEPS = (2, 4, 8, 16, 32, 64)
RAMP_MIN_STEPS = 3
RAMP_GAIN = 0.05
# Pages of the bench that no resident reads.
NOT_READ = {"/healthz/"}
LOCUSTFILE = Path(settings.BASE_DIR) / "tools" / "locustfile.py"
# Locust's own summaries of the last mixed load, for a closer look.
LOG = Path(settings.VAR_DIR) / "bench-locust.log"


@dataclass(frozen=True)
class BenchSubmission:
    """A form residents send, for the mixed load (an app's `mix()` in the bench).

    The load opens `path`, takes the form's CSRF token and sends one of `bodies`
    (field pairs, without the token). A submission is done only when it answers with
    a redirect to `redirect_to` or, when that is empty, with a page that holds
    `page_marker`. `count` reads how many rows such submissions leave in the database.
    """

    label: str
    path: str
    bodies: tuple[tuple[tuple[str, str], ...], ...]
    count: Callable[[], int]
    redirect_to: str = ""
    page_marker: str = ""


@dataclass(frozen=True)
class RequestKind:
    """One line of the report: a page, or a form's opening or sending."""

    name: str
    path: str
    method: str
    group: str  # PAGE_VIEWS, or the label of the submission it belongs to
    p95_limit_ms: int


@dataclass(frozen=True)
class Row:
    name: str
    label: str
    requests: int
    per_second: float
    p50: float
    p95: float
    p99: float
    errors: int
    p95_limit_ms: int | None

    @property
    def met(self) -> bool | None:
        return None if self.p95_limit_ms is None else self.p95 < self.p95_limit_ms


def page_views(pages: Iterable[BenchPage]) -> list[tuple[str, str]]:
    """(label, path) of every page a resident reads, once each, as read anonymously.

    The bench measures some pages twice (cached for anonymous visitors, uncached for
    a signed-in reader) and some only signed in; the load reads each path once and
    with no cookie, as most of the public does.
    """
    views: dict[str, str] = {}
    for page in pages:
        if page.method != "GET" or page.fresh or page.path in NOT_READ:
            continue
        label = re.sub(r"\s*\((un)?cached[^)]*\)$", "", page.label)
        views.setdefault(page.path, label)
    return [(label, path) for path, label in views.items()]


def build_plan(
    pages: Iterable[BenchPage],
    submissions: Iterable[BenchSubmission],
    *,
    floor_path: str,
    csrf_cookie: str,
    mix: dict[str, int] = MIX,
) -> tuple[dict, list[RequestKind]]:
    """The plan the locust visitors follow, and the report's lines in order."""
    views = page_views(pages)
    forms = list(submissions)
    listed = {PAGE_VIEWS, *(form.label for form in forms)}
    if listed != set(mix):
        raise ValueError(
            f"the mix names {sorted(mix)} but the bench has {sorted(listed)}"
        )
    if not views:
        raise ValueError("no pages to view: the bench has no pages")
    kinds = [
        RequestKind(label, path, "GET", PAGE_VIEWS, PAGE_P95_MS)
        for label, path in views
    ]
    plan_forms = []
    for form in forms:
        form_name, submit_name = f"{form.label}: form", f"{form.label}: sending"
        kinds += [
            RequestKind(form_name, form.path, "GET", form.label, PAGE_P95_MS),
            RequestKind(submit_name, form.path, "POST", form.label, SUBMISSION_P95_MS),
        ]
        plan_forms.append(
            {
                "label": form.label,
                "share": mix[form.label],
                "path": form.path,
                "form_name": form_name,
                "submit_name": submit_name,
                "bodies": [list(map(list, body)) for body in form.bodies],
                "redirect_to": form.redirect_to,
                "page_marker": form.page_marker,
            }
        )
    plan = {
        "pages": [list(view) for view in views],
        "page_share": mix[PAGE_VIEWS],
        "forms": plan_forms,
        "floor_path": floor_path,
        "csrf_cookie": csrf_cookie,
    }
    return plan, kinds


def percentile(ordered: list[float], share: float) -> float:
    """The nearest-rank percentile of sorted values (`share` from 0 to 1)."""
    if not ordered:
        return 0.0
    return ordered[max(math.ceil(share * len(ordered)), 1) - 1]


def _row(name, label, records, seconds, limit) -> Row:
    times = sorted(time for _name, time, _ok in records)
    return Row(
        name=name,
        label=label,
        requests=len(records),
        per_second=len(records) / seconds if seconds else 0.0,
        p50=percentile(times, 0.50),
        p95=percentile(times, 0.95),
        p99=percentile(times, 0.99),
        errors=sum(1 for _name, _time, ok in records if not ok),
        p95_limit_ms=limit,
    )


def summarise(records, kinds: list[RequestKind], seconds: float) -> list[Row]:
    """A row per request kind, one for all page views together, one for everything.

    `records` are (name, milliseconds, ok) as the locust side writes them; the
    percentiles count failed requests too.
    """
    by_name: dict[str, list] = {kind.name: [] for kind in kinds}
    for record in records:
        by_name.setdefault(record[0], []).append(record)
    known = {kind.name: kind for kind in kinds}
    rows = []
    for name, found in by_name.items():
        kind = known.get(name)
        label = f"{name} ({kind.method} {unquote(kind.path)})" if kind else name
        limit = kind.p95_limit_ms if kind else None
        rows.append(_row(name, label, found, seconds, limit))
    page_names = {kind.name for kind in kinds if kind.group == PAGE_VIEWS}
    pages = [record for record in records if record[0] in page_names]
    everything = f"all {PAGE_VIEWS}"
    rows.append(_row(everything, everything, pages, seconds, PAGE_P95_MS))
    rows.append(_row("all requests", "all requests", list(records), seconds, None))
    return rows


def saturated(steps: list[tuple[int, float]], gain: float = RAMP_GAIN) -> bool:
    """Whether the last step of the ramp raised the best throughput by under `gain`."""
    if len(steps) < 2:
        return False
    best_before = max(rate for _users, rate in steps[:-1])
    return steps[-1][1] < best_before * (1 + gain)


def pick_users(steps: list[tuple[int, float]], gain: float = RAMP_GAIN) -> int:
    """The fewest users whose throughput is within `gain` of the best seen."""
    best = max(rate for _users, rate in steps)
    return min(users for users, rate in steps if rate >= best * (1 - gain))


def ramp(
    throughput: Callable[[int], float],
    steps: Iterable[int] = USER_STEPS,
    gain: float = RAMP_GAIN,
    least: int = RAMP_MIN_STEPS,
) -> list[tuple[int, float]]:
    """Throughput at more and more users (`least` steps at least, as one noisy step
    can look like a fall), until it stops rising."""
    done: list[tuple[int, float]] = []
    for users in steps:
        done.append((users, throughput(users)))
        if len(done) >= least and saturated(done, gain):
            break
    return done


def rows_table(rows: list[Row], *, users: int, seconds: float) -> str:
    lines = [
        f"| mixed load, {users} users, {seconds:.0f} s | requests | requests/s "
        "| p50 ms | p95 ms | p99 ms | errors | p95 target |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        if row.met is None:
            target = "-"
        else:
            target = f"< {row.p95_limit_ms} {'met' if row.met else 'MISSED'}"
        lines.append(
            f"| {row.label} | {row.requests} | {row.per_second:.1f} | {row.p50:.0f} "
            f"| {row.p95:.0f} | {row.p99:.0f} | {row.errors} | {target} |"
        )
    return "\n".join(lines)


def verdicts(
    rows: list[Row],
    *,
    floor_rps: tuple[float, float],
    stored: dict[str, tuple[int, int]],
    broken_visits: int = 0,
) -> list[tuple[str, str, str, bool | None]]:
    """(measure, result, target, met) rows, as `bench` prints other measures.

    `floor_rps` is the floor's throughput before and after the mixed run; `stored`
    maps a submission to (rows added to the database, sendings that answered done);
    `broken_visits` counts visits that ended with an exception in the load tool.
    """
    total = rows[-1]
    floor = sum(floor_rps) / 2
    ratio = total.per_second / floor if floor else 0.0
    pages = [row for row in rows[:-1] if row.p95_limit_ms == PAGE_P95_MS]
    sendings = [row for row in rows if row.p95_limit_ms == SUBMISSION_P95_MS]
    result: list[tuple[str, str, str, bool | None]] = [
        (
            "mixed load: requests/s against the floor view under the same tool",
            f"{total.per_second:.0f} against {floor:.0f} "
            f"({floor_rps[0]:.0f} before, {floor_rps[1]:.0f} after), "
            f"ratio {ratio:.2f}",
            f"{RATIO_TARGET:.2f}",
            ratio >= RATIO_TARGET,
        ),
        (
            "mixed load: errors (failed requests and checks, broken visits)",
            f"{total.errors} + {broken_visits}",
            "0",
            total.errors + broken_visits == 0,
        ),
    ]
    missing = [row.label for row in rows if not row.requests]
    result.append(
        (
            "mixed load: kinds of request never made",
            ", ".join(missing) or "none",
            "none",
            not missing,
        )
    )
    for label, group, limit in [
        ("pages", [row for row in pages if row.requests], PAGE_P95_MS),
        ("submissions", [row for row in sendings if row.requests], SUBMISSION_P95_MS),
    ]:
        if group:
            worst = max(group, key=lambda row: row.p95)
            result.append(
                (
                    f"mixed load: slowest p95 of {label}",
                    f"{worst.p95:.0f} ms, {worst.label}",
                    f"< {limit} ms",
                    worst.p95 < limit,
                )
            )
    for label, (added, done) in stored.items():
        result.append(
            (
                f"mixed load: {label}s stored",
                f"{added} rows added, {done} answered as done",
                "equal",
                added == done,
            )
        )
    return result


def run_locust(
    base: str, plan_file: Path, visitor: str, users: int, seconds: int
) -> dict:
    """Run one locust process and return what its visitors recorded."""
    records = plan_file.with_name(f"records-{visitor}-{users}.json")
    records.unlink(missing_ok=True)
    command = [
        sys.executable,
        "-m",
        "locust",
        "--locustfile",
        str(LOCUSTFILE),
        "--headless",
        "--host",
        base,
        "--users",
        str(users),
        "--spawn-rate",
        str(users * 4),
        "--run-time",
        f"{seconds}s",
        # Visitors finish the visit they are in, so the records hold every request
        # the server answered.
        "--stop-timeout",
        "30",
        "--only-summary",
        "--loglevel",
        "WARNING",
        "--exit-code-on-error",
        "0",
        visitor,
    ]
    env = {
        **os.environ,
        "BENCH_MIX_PLAN": str(plan_file),
        "BENCH_MIX_RECORDS": str(records),
    }
    used_before = _children_cpu_seconds()
    finished = subprocess.run(  # noqa: S603 (locust, with arguments built here)
        command, env=env, capture_output=True, text=True, check=False
    )
    used = _children_cpu_seconds() - used_before
    with LOG.open("a") as log:
        log.write(f"$ {' '.join(command)}\n{finished.stdout}{finished.stderr}\n")
    if finished.returncode or not records.exists():
        raise RuntimeError(f"locust failed (see {LOG}):\n{finished.stderr[-3000:]}")
    return {**json.loads(records.read_text()), "load_tool_cpu_seconds": used}


def _children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _rate(run: dict) -> float:
    return len(run["requests"]) / run["seconds"] if run["seconds"] else 0.0


def measure(
    base: str,
    pages: list[BenchPage],
    submissions: list[BenchSubmission],
    *,
    floor_path: str,
    seconds: int,
    users: int | None = None,
    ramp_seconds: int | None = None,
    log: Callable[[str], None] = print,
) -> tuple[str, list[tuple[str, str, str, bool | None]]]:
    """Warm-up, ramp, floor, mixed run, floor again: the report and its verdicts."""
    plan, kinds = build_plan(
        pages,
        submissions,
        floor_path=floor_path,
        csrf_cookie=settings.CSRF_COOKIE_NAME,
    )
    LOG.parent.mkdir(exist_ok=True)
    LOG.write_text("")
    notes = []
    with tempfile.TemporaryDirectory() as work:
        plan_file = Path(work) / "plan.json"
        plan_file.write_text(json.dumps(plan))

        def run(visitor: str, count: int, duration: int) -> dict:
            log(f"mixed load: {visitor}, {count} users, {duration} s")
            return run_locust(base, plan_file, visitor, count, duration)

        # Caches and connections warm up first, so that the first step of the ramp
        # (or the floor) does not pay for them.
        ramp_seconds = ramp_seconds or min(10, seconds)
        run("MixedVisitor", USER_STEPS[0], ramp_seconds)
        if users is None:
            users, note = _choose_users(run, ramp_seconds)
            notes.append(note)
        runs = {"floor before": run("FloorVisitor", users, seconds)}
        before = {form.label: form.count() for form in submissions}
        runs["mixed"] = mixed = run("MixedVisitor", users, seconds)
        after = {form.label: form.count() for form in submissions}
        runs["floor after"] = run("FloorVisitor", users, seconds)
    rows = summarise(mixed["requests"], kinds, mixed["seconds"])
    by_name = {row.name: row for row in rows}
    stored = {}
    for form, planned in zip(submissions, plan["forms"], strict=True):
        sent = by_name[planned["submit_name"]]
        stored[form.label] = (
            after[form.label] - before[form.label],
            sent.requests - sent.errors,
        )
    result = verdicts(
        rows,
        floor_rps=(_rate(runs["floor before"]), _rate(runs["floor after"])),
        stored=stored,
        broken_visits=mixed["visit_errors"],
    )
    notes += _load_tool_notes(runs)
    if mixed["errors"]:
        notes.append(
            "Errors: "
            + "; ".join(f"{text} ×{count}" for text, count in mixed["errors"].items())
        )
    report = rows_table(rows, users=users, seconds=mixed["seconds"])
    return report + "\n\n" + "\n".join(notes), result


def _choose_users(run: Callable[[str, int, int], dict], seconds: int):
    """The users of the mixed run, by a ramp, and a note that tells how it went."""
    p95s = {}

    def step(count: int) -> float:
        found = run("MixedVisitor", count, seconds)
        times = sorted(time for _name, time, _ok in found["requests"])
        p95s[count] = percentile(times, 0.95)
        return _rate(found)

    steps = ramp(step)
    users = pick_users(steps)
    note = (
        f"Users chosen by a ramp of {seconds} s steps: "
        + ", ".join(
            f"{count} users {rate:.0f} requests/s (p95 {p95s[count]:.0f} ms)"
            for count, rate in steps
        )
        + f"; the fewest within {RAMP_GAIN:.0%} of the best: {users}."
    )
    return users, note


def _load_tool_notes(runs: dict[str, dict]) -> list[str]:
    """How much of the machine locust itself took, run by run."""
    notes, shares = [], []
    for name, run in runs.items():
        share = run["load_tool_cpu_seconds"] / run["seconds"] if run["seconds"] else 0
        shares.append(f"{share:.0%} of a core in the {name} run")
        if run["load_tool_cpu_over_90"]:
            notes.append(f"Locust itself went over 90% of a core ({name} run).")
    return [*notes, "Locust used " + ", ".join(shares) + "."]
