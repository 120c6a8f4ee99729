"""Small-cell suppression: a count of one to four people is never published.

Wherever the portal publishes a count (the hotline's statistics, survey results,
the figures of a police report), a count this small could single someone out, so it
is shown as "fewer than 5"; a share, an average or an index computed from fewer than
five people is not shown at all.
"""

SUPPRESS_BELOW = 5


def suppressed(count: int) -> bool:
    """True for a count that must not be published: more than none, fewer than five."""
    return 0 < count < SUPPRESS_BELOW
