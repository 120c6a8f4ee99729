"""Cached fragments stay correct when the cache loses their version."""

from django.core.cache import cache

from portal import fragments


def test_a_bumped_fragment_is_rendered_again():
    fragments.cached_html("sample", ("uk",), lambda: "old")
    fragments.bump("sample")

    assert fragments.cached_html("sample", ("uk",), lambda: "new") == "new"


def test_a_lost_version_never_brings_back_an_old_fragment():
    fragments.cached_html("sample", ("uk",), lambda: "first")
    cache.delete("fragment-version:sample")  # evicted, with the fragment kept
    fragments.bump("sample")  # starts the counter again

    assert fragments.cached_html("sample", ("uk",), lambda: "second") == "second"


def test_fragment_keys_carry_the_release():
    assert fragments.version("sample").startswith(fragments.release() + ".")
