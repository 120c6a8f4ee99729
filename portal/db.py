"""Reads from a PostgreSQL replica, for the requests that can bear its lag.

A streaming replica is a few milliseconds to a few seconds behind the primary. That
is harmless for an anonymous reader of news and statistics, but not for a resident
who has just filed a complaint and is sent to its receipt, nor for staff who expect
to see at once what they changed. So only a request that `ReplicaReadsMiddleware`
has let through reads from the replica; everything else, Celery tasks and management
commands included, reads from the primary.

A replica that does not answer is no reason to fail a page the primary can serve:
the router then reads from the primary, and tries the replica again after
REPLICA_RETRY_SECONDS.
"""

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import DatabaseError, connections

logger = logging.getLogger(__name__)

PRIMARY = "default"
REPLICA = "replica"

# How long a process reads from the primary alone after the replica failed to answer.
REPLICA_RETRY_SECONDS = 10.0
# time.monotonic() until which this process does not try the replica; 0 when it is up.
_replica_skipped_until = 0.0

# Set by ReplicaReadsMiddleware for the length of one request; False elsewhere.
replica_reads_allowed: ContextVar[bool] = ContextVar(
    "replica_reads_allowed", default=False
)


def limit_statements(databases: dict, milliseconds: int) -> None:
    """Have PostgreSQL cancel any statement that runs longer than `milliseconds` on
    the connections these settings open from now on (`statement_timeout`, sent as a
    connection option, so it costs no query). 0 leaves them unlimited; SQLite has no
    such limit."""
    if milliseconds <= 0:
        return
    for settings_dict in databases.values():
        if settings_dict["ENGINE"] != "django.db.backends.postgresql":
            continue
        options = settings_dict.setdefault("OPTIONS", {})
        given = options.get("options", "")
        options["options"] = f"{given} -c statement_timeout={milliseconds}".strip()


# The SQLSTATE of a statement that PostgreSQL cancelled (query_canceled): by its
# statement_timeout, here.
QUERY_CANCELED = "57014"


def statement_timed_out(error: BaseException) -> bool:
    """Whether the database error is a statement cancelled by its time limit."""
    cause = error.__cause__
    return getattr(cause, "pgcode", None) == QUERY_CANCELED


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


def replica_answers() -> bool:
    """Whether the replica's connection works, connecting to it if need be.

    Costs nothing once the request has used the replica: Django checks a kept
    connection once per request anyway (CONN_HEALTH_CHECKS), and this check is
    that one.
    """
    global _replica_skipped_until
    if _replica_skipped_until and time.monotonic() < _replica_skipped_until:
        return False
    replica = connections[REPLICA]
    # health_check_done is set by Django's BaseDatabaseWrapper but missing from its
    # stubs.
    if replica.connection is None or not replica.health_check_done:  # type: ignore[attr-defined]
        try:
            replica.close_if_health_check_failed()
            replica.ensure_connection()
        except DatabaseError as error:
            _replica_skipped_until = time.monotonic() + REPLICA_RETRY_SECONDS
            logger.warning(
                "The database replica does not answer (%s); reading from the "
                "primary for %d s.",
                type(error).__name__,
                REPLICA_RETRY_SECONDS,
            )
            return False
    if _replica_skipped_until:
        _replica_skipped_until = 0.0
        logger.warning("The database replica answers again.")
    return True


class ReplicaRouter:
    """Writes and migrations on the primary; reads on the replica when allowed and
    when it answers."""

    def db_for_read(self, model, **hints) -> str:
        if replica_reads_allowed.get() and replica_answers():
            return REPLICA
        return PRIMARY

    def db_for_write(self, model, **hints) -> str:
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        # Both aliases hold the same rows (the replica copies the primary).
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool:
        return db == PRIMARY
