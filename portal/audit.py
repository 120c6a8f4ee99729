"""The one way to write the audit log."""

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
