"""Statuses and the moves between them, checked the same way in every app.

A model with a `status` field lists in TRANSITIONS, next to its Status choices, which
statuses may follow each one, and says in TRANSITION_REFUSED how a refused move reads
to the staff (with the labels of the `old` and the `new` status). Its actions call
`ensure_can_move_to()` before they change the status; its forms offer
`allowed_moves()`.
"""

from typing import TYPE_CHECKING, Any, ClassVar, cast

from django.core.exceptions import ValidationError
from django.db import models

if TYPE_CHECKING:
    from django.db.models.options import Options
    from django_stubs_ext import StrOrPromise


class TransitionError(ValidationError):
    """A change that the object's state (or a rule about it) does not allow."""

    def __str__(self) -> str:
        # The sentence itself, for the admin's messages and the logs, rather than
        # ValidationError's list of messages.
        return " ".join(self.messages)


class TransitionsMixin:
    """For a model with a `status` field, a TRANSITIONS dict and TRANSITION_REFUSED."""

    TRANSITIONS: ClassVar[dict[str, set[str]]] = {}

    if TYPE_CHECKING:
        TRANSITION_REFUSED: ClassVar[StrOrPromise]
        # What the model itself gives: its status field, its options and the
        # get_status_display() that Django adds for the field's choices.
        status: str
        _meta: Options[Any]

        def get_status_display(self) -> str: ...

    def allowed_moves(self) -> set:
        """The statuses that may follow the current one."""
        return self.TRANSITIONS.get(self.status, set())

    def can_move_to(self, status: str) -> bool:
        return status in self.allowed_moves()

    def ensure_can_move_to(self, status: str) -> None:
        """Raise TransitionError unless `status` may follow the current one."""
        if self.can_move_to(status):
            return
        field = cast("models.Field[Any, Any]", self._meta.get_field("status"))
        labels = dict(field.flatchoices)
        raise TransitionError(
            self.TRANSITION_REFUSED,
            code="transition_refused",
            params={
                "old": self.get_status_display(),
                "new": labels.get(status, status),
            },
        )
