"""Small-cell suppression: a count of one to four people is never published.

Wherever the portal publishes a count (the hotline's statistics, survey results,
the figures of a police report), a count this small could single someone out, so it
is not shown; a share, an average or an index computed from fewer than
five people is not shown at all. Where the small counts are a breakdown of a total
that is published too, as many others are hidden with them as it takes for none of
them to be worked out (`hidden_cells`).
"""

from collections.abc import Sequence

SUPPRESS_BELOW = 5


def suppressed(count: int) -> bool:
    """True for a count that must not be published: more than none, fewer than five."""
    return 0 < count < SUPPRESS_BELOW


def hidden_cells(counts: Sequence[int]) -> list[bool]:
    """Which counts of one breakdown of a published total to hide.

    Hiding only the small counts is not enough where the total is published beside
    them: a single hidden count is the total minus the others. So, where any count is
    small, the smallest shown counts are hidden with it (secondary suppression) until
    none of the small ones can be narrowed down at all: assuming a reader knows which
    hidden counts are small (one to four) and which were hidden with them (five or
    more), each small one could still be any of 1 to 4. Counts of none are never
    hidden (they tell nothing about a person), so what is hidden is at least one.
    """
    hidden = [suppressed(count) for count in counts]
    small = sum(hidden)
    if not small:
        return hidden
    others = 0

    def narrowed() -> bool:
        # The most a small hidden count can be is what the sum of the hidden counts
        # leaves after the least every other hidden count can be (1, or 5 for one
        # hidden with them); with no count hidden with them, the least is found
        # the same way from above, so they must be at least two.
        total = sum(count for count, hide in zip(counts, hidden, strict=True) if hide)
        if others == 0:
            return True
        return total - (small - 1) - SUPPRESS_BELOW * others < SUPPRESS_BELOW - 1

    while narrowed():
        shown = sorted(
            (count, index)
            for index, (count, hide) in enumerate(zip(counts, hidden, strict=True))
            if not hide and count > 0
        )
        if not shown:
            break
        total = sum(count for count, hide in zip(counts, hidden, strict=True) if hide)
        # The least a count hidden with them must be for the small ones to stay
        # wholly uncertain; the smallest such, or else the largest there is.
        needed = (SUPPRESS_BELOW - 1) + (small - 1) + SUPPRESS_BELOW * (others + 1)
        needed -= total
        pick = next((index for count, index in shown if count >= needed), shown[-1][1])
        hidden[pick] = True
        others += 1
    return hidden
