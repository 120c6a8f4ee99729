"""Drill: the mail server refuses connections while residents file complaints, then a
mail server starts on its address.

Invariants: while refused, every receipt e-mail stays queued (none sent, none
dropped), each failed try is counted and recorded by its error's type, and no message
is tried again before its pause is over, the pause doubling from OUTBOX_RETRY_SECONDS
up to OUTBOX_RETRY_MAX_SECONDS; once the server answers, every message is delivered
exactly once.

Beat runs the outbox sweep every 2 seconds and the pauses are 2 seconds doubling up to
8, so that the drill sees several tries in half a minute; production keeps the
defaults (60 seconds; 2 minutes doubling up to an hour).

Run with the portal's Python: .venv/bin/python deploy/drills/mail_refused.py
"""

import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from itertools import pairwise

from harness import Drill, run
from servers import free_port, wait_until
from visitors import file_complaint

FILINGS = 6
REFUSED_SECONDS = 30
FIRST_PAUSE, LONGEST_PAUSE = 2, 8
POLL = 0.25


def pause(attempts: int) -> float:
    return min(FIRST_PAUSE * 2 ** (attempts - 1), LONGEST_PAUSE)


def drill(d: Drill) -> None:
    mail_port = free_port()  # nothing listens there until the sink starts
    database, redis = d.postgres(), d.redis()
    env = d.portal_env(
        database,
        redis,
        mail_port,
        OUTBOX_SWEEP_SECONDS=2,
        OUTBOX_RETRY_SECONDS=FIRST_PAUSE,
        OUTBOX_RETRY_MAX_SECONDS=LONGEST_PAUSE,
    )
    d.prepare(env)
    base = d.gunicorn(env)
    d.celery_worker(env)
    d.celery_beat(env)

    with ThreadPoolExecutor(4) as pool:
        filings = list(pool.map(lambda n: file_complaint(base, n), range(FILINGS)))
    receipts = [f.receipt for f in filings if f.status == 200 and f.receipt]
    d.check(len(receipts) == FILINGS, f"every filing got its receipt ({len(receipts)})")

    # Watch the outbox while the mail server refuses: (seen at, attempts, next try).
    history: dict[str, list[tuple[float, int, float]]] = {}
    rows = []
    until = time.time() + REFUSED_SECONDS
    while time.time() < until:
        seen = time.time()
        rows = database.query(
            "SELECT id, attempts, extract(epoch FROM next_attempt_at), status, "
            "last_error FROM portal_outboxmessage"
        )
        for pk, attempts_text, next_try_text, _status, _error in rows:
            states = history.setdefault(pk, [])
            if not states or states[-1][1] != int(attempts_text):
                states.append((seen, int(attempts_text), float(next_try_text)))
        time.sleep(POLL)

    tries = sum(int(row[1]) for row in rows)
    d.fact(
        f"{len(rows)} messages, {tries} tries in {REFUSED_SECONDS} s of refusal, "
        f"at most {max((int(r[1]) for r in rows), default=0)} for one message"
    )
    d.check(len(rows) == len(receipts), f"every receipt e-mail is queued ({len(rows)})")
    d.check(all(row[3] == "pending" for row in rows), "none is marked sent or dropped")
    d.check(
        all(row[4] == "ConnectionRefusedError" for row in rows),
        "each failure is recorded by its type (ConnectionRefusedError)",
    )
    d.check(tries > len(rows), "the messages were tried again and each try counted")
    early, wrong = [], []
    for states in history.values():
        for (_, _, scheduled), (seen, attempts, next_try) in pairwise(states):
            if seen < scheduled - 0.5:
                early.append(round(scheduled - seen, 2))
            # The new pause, measured from when the try was seen (up to a poll late).
            measured = next_try - seen
            if not pause(attempts) - POLL - 1.5 <= measured <= pause(attempts) + 0.5:
                wrong.append((attempts, round(measured, 2)))
    capped = max((int(row[1]) for row in rows), default=0) > 3
    d.check(capped, "some message was tried often enough to reach the longest pause")
    d.check(not early, f"no message was tried before its pause was over {early[:5]}")
    d.check(
        not wrong,
        f"each pause doubles from {FIRST_PAUSE} s up to {LONGEST_PAUSE} s {wrong[:5]}",
    )

    sink = d.mail_sink(mail_port)
    back = time.monotonic()
    delivered = wait_until(
        lambda: (
            database.value(
                "SELECT count(*) FROM portal_outboxmessage WHERE status <> 'sent'"
            )
            == "0"
        ),
        LONGEST_PAUSE * 4,
        0.25,
    )
    d.fact(f"all delivered {time.monotonic() - back:.1f} s after the server came up")
    d.check(bool(delivered), "every message is marked sent once the server answers")
    time.sleep(3)  # a second copy would arrive now
    bodies = sink.bodies()
    copies = Counter(code for code in receipts for body in bodies if code in body)
    d.check(
        len(sink.messages) == len(receipts)
        and all(copies[code] == 1 for code in receipts),
        f"the mail server received each receipt exactly once ({len(sink.messages)})",
    )
    d.check(
        len(set(sink.message_ids())) == len(sink.messages),
        "every message carries its own Message-ID",
    )


if __name__ == "__main__":
    run(Drill("mail", "The mail server refusing connections"), drill)
