"""Reads from a PostgreSQL replica, for the requests that can bear its lag.

A streaming replica is a few milliseconds to a few seconds behind the primary. That
is harmless for an anonymous reader of news and statistics, but not for a resident
who has just filed a complaint and is sent to its receipt, nor for staff who expect
to see at once what they changed. So only a request that `ReplicaReadsMiddleware`
has let through reads from the replica; everything else, Celery tasks and management
commands included, reads from the primary.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

PRIMARY = "default"
REPLICA = "replica"

# Set by ReplicaReadsMiddleware for the length of one request; False elsewhere.
replica_reads_allowed: ContextVar[bool] = ContextVar(
    "replica_reads_allowed", default=False
)


@contextmanager
def primary_reads() -> Iterator[None]:
    """Read from the primary inside the block, whatever the request allows.

    For what is kept and shared beyond the request: a fragment rebuilt just after a
    change dropped it must not be rebuilt from a replica that lacks the change, or
    every reader would see the old version until it expires.
    """
    token = replica_reads_allowed.set(False)
    try:
        yield
    finally:
        replica_reads_allowed.reset(token)


class ReplicaRouter:
    """Writes and migrations on the primary; reads on the replica when allowed."""

    def db_for_read(self, model, **hints) -> str:
        return REPLICA if replica_reads_allowed.get() else PRIMARY

    def db_for_write(self, model, **hints) -> str:
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        # Both aliases hold the same rows (the replica copies the primary).
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool:
        return db == PRIMARY
