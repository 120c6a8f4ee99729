"""Priority cards as HTML, built in Python.

A list shows twenty cards and the community page ten; built through the template
engine they cost more than all of the page's queries together, so they are assembled
here, every label translated and escaped once per list instead of once per card.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS_ALT
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext

from accountability.models import Priority
from portal.models import in_language

BADGES = {
    Priority.Status.ACHIEVED: "success",
    Priority.Status.ACTIVE: "primary",
    Priority.Status.DROPPED: "secondary",
    Priority.Status.PROPOSED: "light",
}


def _dates():
    """A function writing a date as "5 березня 2026" in the reader's language, with the
    month names translated once."""
    months = {number: str(name) for number, name in MONTHS_ALT.items()}

    def written(day) -> str:
        return (
            f'<time datetime="{day.isoformat()}">'
            f"{day.day} {months[day.month]} {day.year}</time>"
        )

    return written


def _short(text: str, words: int) -> str:
    # Most issues are a line long; only long ones go through the word splitter.
    return text if len(text) < 6 * words else Truncator(text).words(words)


def priority_cards(priorities, *, heading: int = 2, progress: bool = False) -> str:
    """The cards of `priorities` (with `community` selected); `progress` adds each
    one's latest progress entry."""
    statuses = {
        value: escape(str(label).capitalize())
        for value, label in Priority.Status.choices
    }
    sources = {
        value: escape(str(label).capitalize())
        for value, label in Priority.Source.choices
    }
    set_on, due_on, action = (escape(gettext(w)) for w in ("set", "due", "Action"))
    latest_label = escape(gettext("Latest progress"))
    no_progress = escape(gettext("No progress reported yet."))
    link = reverse("accountability:priority-detail", args=[0])[: -len("0/")]
    communities, supports = {}, {}
    _date = _dates()

    def card(priority) -> str:
        if priority.community_id not in communities:
            communities[priority.community_id] = escape(priority.community.display_name)
        due = f" · {due_on} {_date(priority.due_on)}" if priority.due_on else ""
        latest = ""
        if progress and priority.progress_at:
            text = escape(_short(priority.display_progress, 20))
            when = _date(timezone.localdate(priority.progress_at))
            latest = (
                f'<p class="mb-1 small text-body-secondary">{latest_label} '
                f"({when}): {text}</p>"
            )
        elif progress:
            latest = f'<p class="mb-1 small text-body-secondary">{no_progress}</p>'
        count = priority.support_count
        if count not in supports:
            supports[count] = escape(
                ngettext(
                    "%(counter)s resident supports it",
                    "%(counter)s residents support it",
                    count,
                )
                % {"counter": count}
            )
        support = supports[count]
        issue = escape(_short(in_language(priority, "issue"), 20))
        what = escape(_short(in_language(priority, "action"), 30))
        return (
            '<article class="card mb-3"><div class="card-body">'
            f'<h{heading} class="h5"><a href="{link}{priority.pk}/">{issue}</a>'
            f"</h{heading}>"
            f'<p class="mb-1 small"><span class="badge text-bg-'
            f'{BADGES[priority.status]}">{statuses[priority.status]}</span> '
            f"{communities[priority.community_id]} · {sources[priority.source]} · "
            f"{set_on} {_date(priority.set_on)}{due}</p>"
            f'<p class="mb-1"><strong>{action}:</strong> {what}</p>{latest}'
            f'<p class="mb-0 small">{support}</p></div></article>'
        )

    # Every value from the database or the catalogue went through escape() above.
    return mark_safe("\n".join(card(priority) for priority in priorities))  # noqa: S308
