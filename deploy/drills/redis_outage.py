"""Drill: Redis stops in the middle of 200 hotline filings, then comes back empty.

Invariants: every filing answered 2xx shows a receipt and is in the database once;
nothing else is; the filings made while Redis was down are answered too; once Redis
is back, every complaint's receipt e-mail reaches the mail server exactly once.

Run with the portal's Python: .venv/bin/python deploy/drills/redis_outage.py
"""

import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from statistics import median
from typing import Any

from harness import Drill, run
from servers import wait_until
from visitors import file_complaint, receipt_hash

FILINGS = 200
VISITORS = 8
DOWN_AFTER = 40  # filings answered before Redis stops
UP_AFTER = 130  # filings answered before it starts again
# Each visitor pauses between filings, as people do, so that the outage lasts several
# seconds however fast the machine files.
PAUSE = 0.8


def drill(d: Drill) -> None:
    database, redis, sink = d.postgres(), d.redis(), d.mail_sink()
    env = d.portal_env(database, redis, sink.port, OUTBOX_SWEEP_SECONDS=5)
    d.prepare(env)
    base = d.gunicorn(env)
    d.celery_worker(env, concurrency=2)
    d.celery_beat(env)

    answered = []
    lock = threading.Lock()
    window: dict[str, Any] = {}

    def one(number: int):
        time.sleep(PAUSE)
        filing = file_complaint(base, number)
        with lock:
            answered.append(filing)
            if "down" in window and "up" not in window:
                window.setdefault("during", []).append(filing)
        return filing

    with ThreadPoolExecutor(VISITORS) as pool:
        futures = [pool.submit(one, n) for n in range(FILINGS)]
        wait_until(lambda: len(answered) >= DOWN_AFTER, 120, 0.05)
        redis.stop()
        window["down"] = time.monotonic()
        wait_until(lambda: len(answered) >= UP_AFTER, 120, 0.05)
        redis.start()
        window["up"] = time.monotonic()
        filings = [future.result() for future in futures]

    during = window.get("during", [])
    d.fact(
        f"{FILINGS} filings by {VISITORS} visitors; Redis down for "
        f"{window['up'] - window['down']:.1f} s, while {len(during)} were answered"
    )
    others = [f for f in filings if f not in during]
    d.fact(
        f"median filing time {median(f.seconds for f in others):.2f} s with Redis, "
        f"{median(f.seconds for f in during or others):.2f} s without"
    )
    statuses = Counter(filing.status for filing in filings)
    d.fact(f"answers: {dict(sorted(statuses.items()))}")

    good = [f for f in filings if 200 <= f.status < 300]
    d.check(len(good) == FILINGS, f"every filing was answered 2xx ({len(good)})")
    d.check(
        all(f.status == 200 for f in during) and len(during) > 0,
        f"filings during the outage were answered 2xx ({len(during)})",
    )
    d.check(
        all(f.receipt for f in good),
        "every 2xx answer shows a receipt code",
    )
    receipts = [f.receipt for f in good if f.receipt]
    stored = Counter(
        row[0] for row in database.query("SELECT receipt_hash FROM hotline_complaint")
    )
    d.check(
        all(stored[receipt_hash(code)] == 1 for code in receipts),
        "every receipt's complaint is in the database exactly once",
    )
    d.check(
        sum(stored.values()) == len(receipts),
        f"no other complaint is there ({sum(stored.values())} rows for "
        f"{len(receipts)} receipts)",
    )
    outbox = int(database.value("SELECT count(*) FROM portal_outboxmessage"))
    d.check(outbox == len(receipts), f"one outbox message per complaint ({outbox})")

    def all_sent():
        return database.value(
            "SELECT count(*) FROM portal_outboxmessage WHERE status <> 'sent'"
        ) == "0" and len(sink.messages) >= len(receipts)

    started = time.monotonic()
    sent = wait_until(all_sent, 90, 0.5)
    d.fact(
        f"all outbox messages sent {time.monotonic() - window['up']:.1f} s "
        "after Redis came back"
    )
    d.check(bool(sent), "every outbox message is marked sent")
    time.sleep(max(0.0, 8 - (time.monotonic() - started)))  # let duplicates show
    bodies = sink.bodies()
    per_receipt = Counter(code for code in receipts for body in bodies if code in body)
    d.check(
        all(per_receipt[code] == 1 for code in receipts),
        "the mail server received each receipt exactly once "
        f"({len(sink.messages)} messages for {len(receipts)} receipts)",
    )
    ids = Counter(sink.message_ids())
    d.check(
        len(sink.messages) == len(receipts) and max(ids.values(), default=1) == 1,
        "no message was sent twice (Message-IDs unique)",
    )


if __name__ == "__main__":
    run(
        Drill("redis", "Redis stopped during 200 hotline filings"),
        drill,
    )
