"""The one way to write the audit log, and what each recorded action is called.

Each app names its actions in its AppConfig (`audit_actions`: code → label); the log
keeps the code, for filtering and for the record, and the back office shows the
label in the reader's language. tests/test_audit_labels.py fails on an action that is
recorded but not named, or named but never recorded.
"""

from functools import cache

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models

from portal.models import AuditEntry


def record(
    action: str, *, actor, obj: models.Model | None = None, **data
) -> AuditEntry:
    """Write an audit entry; `actor` is a user, or None for the portal or a resident.

    `data` holds identifiers and codes (old and new status, a unit's id), never the
    personal data of residents.
    """
    entry = AuditEntry(action=action, data=data)
    if actor is not None and actor.is_authenticated:
        entry.actor = actor
        entry.actor_label = actor.get_username()
    if obj is not None:
        entry.content_type = ContentType.objects.get_for_model(obj)
        entry.object_id = str(obj.pk)
        entry.object_repr = str(obj)[:200]
    entry.save()
    return entry


@cache
def action_labels() -> dict:
    """Every app's recorded actions: code → label (lazily translated)."""
    labels: dict = {}
    for config in apps.get_app_configs():
        labels.update(getattr(config, "audit_actions", {}))
    return labels


def action_label(action: str) -> str:
    """What `action` is called in the active language; the code itself for an
    action no app names any longer (entries outlive the code that wrote them)."""
    label = action_labels().get(action)
    return str(label) if label is not None else action
