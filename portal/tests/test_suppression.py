"""Small-cell suppression: counts of one to four are never published."""

import pytest

from portal.suppression import SUPPRESS_BELOW, suppressed


@pytest.mark.parametrize("count", [1, 2, 3, 4])
def test_a_count_of_one_to_four_is_suppressed(count):
    assert suppressed(count)


@pytest.mark.parametrize("count", [5, 6, 1000])
def test_a_count_of_five_or_more_is_published(count):
    assert not suppressed(count)


def test_nothing_counted_is_published_as_none():
    # "No appeals" singles nobody out, and a table of zeros must say so.
    assert not suppressed(0)


def test_the_threshold_is_five():
    assert SUPPRESS_BELOW == 5
