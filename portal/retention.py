"""Retention: personal data is kept no longer than what it was given for.

Each app declares its rules in its AppConfig (`retention`, a dotted path to a function
returning `Retention`s), so `portal` imports no feature app. One nightly task
(`portal.tasks.erase_expired_personal_data`, 03:15 Kyiv time) runs every rule, and
`manage.py erase_expired_personal_data` does the same by hand. A rule erases what
identifies a person (names, e-mail addresses, phone numbers, what they wrote about
themselves) and keeps what the portal counts (a registration, a request, its
status), and writes one audit entry with how many rows it erased.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from portal import audit
from portal.areas import app_hooks


@dataclass(frozen=True)
class Retention:
    """One kind of personal data and how long it is kept."""

    # A code for the audit log and the command's output, such as
    # "events.registrations".
    code: str
    # The setting that holds the number of days.
    setting: str
    # function(cutoff) -> how many rows it erased: the personal data whose time ran
    # out before `cutoff`.
    erase: Callable[[datetime], int]

    @property
    def days(self) -> int:
        return getattr(settings, self.setting)


def retention_rules() -> list[Retention]:
    return [rule for hook in app_hooks("retention") for rule in hook()]


def erase_expired(now: datetime | None = None) -> dict[str, int]:
    """Run every rule; how many rows each erased."""
    now = now or timezone.now()
    erased = {}
    for rule in retention_rules():
        count = rule.erase(now - timedelta(days=rule.days))
        erased[rule.code] = count
        if count:
            audit.record(
                "portal.personal_data.erased",
                actor=None,
                rule=rule.code,
                rows=count,
                days=rule.days,
            )
    return erased
