"""Statuses and the moves between them, checked the same way in every app.

A model with a `status` field lists in TRANSITIONS, next to its Status choices, which
statuses may follow each one, and says in TRANSITION_REFUSED how a refused move reads
to the staff (with the labels of the `old` and the `new` status). Its actions call
`ensure_can_move_to()` before they change the status; its forms offer
`allowed_moves()`.
"""

from django.core.exceptions import ValidationError


class TransitionError(ValidationError):
    """A change that the object's state (or a rule about it) does not allow."""

    def __str__(self) -> str:
        # The sentence itself, for the admin's messages and the logs, rather than
        # ValidationError's list of messages.
        return " ".join(self.messages)


class TransitionsMixin:
    """For a model with a `status` field, a TRANSITIONS dict and TRANSITION_REFUSED."""

    TRANSITIONS: dict = {}

    def allowed_moves(self) -> set:
        """The statuses that may follow the current one."""
        return self.TRANSITIONS.get(self.status, set())

    def can_move_to(self, status: str) -> bool:
        return status in self.allowed_moves()

    def ensure_can_move_to(self, status: str) -> None:
        """Raise TransitionError unless `status` may follow the current one."""
        if self.can_move_to(status):
            return
        labels = dict(self._meta.get_field("status").flatchoices)
        raise TransitionError(
            self.TRANSITION_REFUSED,
            code="transition_refused",
            params={
                "old": self.get_status_display(),
                "new": labels.get(status, status),
            },
        )
