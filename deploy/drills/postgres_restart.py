"""Drill: PostgreSQL restarts (`pg_ctl restart -m fast`), then stops for a few seconds
and starts again, while visitors read pages (the home page and a search) and
file complaints with a photo.

Invariants: every answer is 2xx or the portal's 503 page (in the visitor's language,
with Retry-After, no stack trace); the portal serves again within seconds of the
database's return without being restarted; no complaint is half written: each one in
the database has its photo (row and file) and its receipt e-mail, each 2xx receipt is
there once, no complaint is there whose filing was not answered with its receipt, and
no photo file is left behind by a filing that was rolled back.

Run with the portal's Python: .venv/bin/python deploy/drills/postgres_restart.py
"""

import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from harness import Drill, run
from visitors import Visitor, file_complaint, receipt_hash

PAGES = (("home", "/"), ("search", "/search/?q=report+{}"))

VISITORS = 6
RECOVERY_SECONDS = 5
UNAVAILABLE = {
    "en": "The portal will be back in a moment",
    "uk": "Портал запрацює за мить",
}


@dataclass
class Answer:
    kind: str  # "filing", or the page read: "home" or "search"
    language: str
    started: float
    status: int
    text: str
    retry_after: str
    receipt: str = ""
    error: str = ""


def drill(d: Drill) -> None:
    database, redis, sink = d.postgres(), d.redis(), d.mail_sink()
    env = d.portal_env(database, redis, sink.port)
    d.prepare(env)
    base = d.gunicorn(env)
    d.celery_worker(env)

    answers: list[Answer] = []
    lock = threading.Lock()
    stop = threading.Event()

    def visitor(number: int) -> None:
        turn = 0
        while not stop.is_set():
            turn += 1
            language = "en" if (number + turn) % 2 else "uk"
            started = time.monotonic()
            if turn % 2:
                filing = file_complaint(
                    base, number * 10_000 + turn, attachment=True, language=language
                )
                answer = Answer(
                    "filing",
                    language,
                    started,
                    filing.status,
                    filing.answer,
                    filing.retry_after,
                    filing.receipt,
                    filing.error,
                )
            else:
                # The home page (kept in the cache: it may outlive the outage) and
                # a search for words never asked before (kept results cannot answer
                # it: it is read from the database).
                page, path = PAGES[turn // 2 % len(PAGES)]
                try:
                    reply = Visitor(base).get(
                        ("/en" if language == "en" else "")
                        + path.format(f"{number}x{turn}")
                    )
                    answer = Answer(
                        page,
                        language,
                        started,
                        reply.status,
                        reply.text,
                        reply.headers.get("retry-after", ""),
                    )
                except OSError as error:
                    answer = Answer(page, language, started, 0, "", "", "", str(error))
            with lock:
                answers.append(answer)

    outages = []
    with ThreadPoolExecutor(VISITORS) as pool:
        for number in range(VISITORS):
            pool.submit(visitor, number)
        time.sleep(4)
        began = time.monotonic()
        database.restart()
        outages.append((began, time.monotonic()))
        time.sleep(4)
        began = time.monotonic()
        database.stop()
        time.sleep(3)
        database.resume()
        outages.append((began, time.monotonic()))
        time.sleep(RECOVERY_SECONDS + 4)
        stop.set()

    d.fact(
        f"{len(answers)} requests by {VISITORS} visitors; PostgreSQL restarted in "
        f"{outages[0][1] - outages[0][0]:.1f} s, then down for "
        f"{outages[1][1] - outages[1][0]:.1f} s"
    )
    d.fact(
        "answers: "
        + ", ".join(
            f"{kind} {status}: {count}"
            for (kind, status), count in sorted(
                Counter((a.kind, a.status) for a in answers).items()
            )
        )
    )
    unavailable = [a for a in answers if a.status == 503]
    d.check(len(unavailable) > 0, f"the outage was felt ({len(unavailable)} 503s)")
    d.check(
        any(a.kind == "search" for a in unavailable),
        "page views that need the database felt it too",
    )
    others = [a for a in answers if a.status not in {200, 503}]
    d.check(
        not others,
        "every answer is 2xx or 503, no 500 and no dropped connection"
        + (f" (also {Counter((a.status, a.error) for a in others)})" if others else ""),
    )
    d.check(
        all(
            UNAVAILABLE[a.language] in a.text
            and a.retry_after
            and "Traceback" not in a.text
            for a in unavailable
        ),
        "every 503 is the friendly page in the visitor's language, with Retry-After",
    )
    late = [
        a
        for a in answers
        if a.status != 200
        and any(back + RECOVERY_SECONDS < a.started for _, back in outages[-1:])
    ]
    last_failure = max(
        (a.started - outages[-1][1] for a in answers if a.status != 200),
        default=0.0,
    )
    d.fact(
        "the last failed request began "
        + (
            f"{last_failure:.1f} s after PostgreSQL was back"
            if last_failure > 0
            else "before PostgreSQL was back"
        )
    )
    after = [a for a in answers if a.started > outages[-1][1] + RECOVERY_SECONDS]
    d.check(
        not late and len(after) > 0,
        f"every request from {RECOVERY_SECONDS} s after the database's return "
        f"succeeded ({len(after)} requests, without restarting gunicorn)",
    )

    filed = [a for a in answers if a.kind == "filing" and a.status == 200]
    d.check(all(a.receipt for a in filed), "every 2xx filing shows a receipt code")
    stored = Counter(
        row[0] for row in database.query("SELECT receipt_hash FROM hotline_complaint")
    )
    d.check(
        all(stored[receipt_hash(a.receipt)] == 1 for a in filed),
        f"every receipt's complaint is in the database once ({len(filed)})",
    )
    d.check(
        sum(stored.values()) == len(filed),
        f"no complaint without a receipt shown ({sum(stored.values())} rows for "
        f"{len(filed)} receipts)",
    )
    incomplete = database.value(
        """
        SELECT count(*) FROM hotline_complaint c
        WHERE (SELECT count(*) FROM hotline_attachment a
               WHERE a.complaint_id = c.id) <> 1
           OR (SELECT count(*) FROM portal_outboxmessage m
               WHERE m."to" = c.email) <> 1
        """
    )
    d.check(
        incomplete == "0",
        f"every complaint has its photo and its receipt e-mail ({incomplete} without)",
    )
    # A filing whose commit failed keeps its files, since the rows may have been
    # saved; the nightly sweep removes those that no row names. Run it now.
    d.manage(
        env,
        "shell",
        "-c",
        "from datetime import timedelta; from hotline.actions import "
        "remove_orphan_files; print(remove_orphan_files(timedelta(0)))",
    )
    names = {row[0] for row in database.query("SELECT file FROM hotline_attachment")}
    private = d.home / "private"
    files = {
        str(path.relative_to(private))
        for path in (private / "hotline").glob("**/*")
        if path.is_file()
    }
    d.check(names <= files, f"every photo row has its file ({len(names - files)} lost)")
    d.check(
        files <= names,
        "no photo file is left by a rolled-back filing, after the sweep "
        f"({len(files - names)})",
    )


if __name__ == "__main__":
    run(Drill("postgres", "PostgreSQL restarted during load"), drill)
