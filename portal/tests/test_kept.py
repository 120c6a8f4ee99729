"""What the apps keep in the cache stays correct: a stale name is built again, a lost
version never brings an old copy back, copies are told apart only by what their
declaration names, and a cache that fails costs speed, never a page."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone, translation

from portal import kept
from portal.kept import Kept

SAMPLE = Kept("sample", by=("slug",), query=("page",))
PLAIN = Kept("plain", languages=False, part_of=("sample",))


@pytest.fixture(autouse=True)
def _samples(monkeypatch):
    monkeypatch.setattr(kept, "declared", lambda: {"sample": SAMPLE, "plain": PLAIN})


def _get(query: str = ""):
    return RequestFactory().get(f"/?{query}")


def test_a_copy_is_used_until_its_name_turns_stale():
    kept.html("sample", lambda: "old", request=_get(), slug="a")

    assert kept.html("sample", lambda: "new", request=_get(), slug="a") == "old"
    kept._stale(["sample"])
    assert kept.html("sample", lambda: "new", request=_get(), slug="a") == "new"


def test_a_lost_version_never_brings_back_an_old_copy():
    kept.html("sample", lambda: "first", request=_get(), slug="a")
    cache.delete("kept-version:sample")  # evicted, with the copy kept
    kept._stale(["sample"])  # starts the counter again, from the clock

    assert kept.html("sample", lambda: "second", request=_get(), slug="a") == "second"


def test_versions_carry_the_release():
    assert kept.version("sample").startswith(kept.release() + ".")


@translation.override("uk")
def test_copies_differ_by_the_declared_values_language_and_query_only():
    kept.html("sample", lambda: "a1", request=_get("page=1&utm_source=x"), slug="a")

    same = kept.html("sample", lambda: "no", request=_get("page=1"), slug="a")
    other_page = kept.html("sample", lambda: "a2", request=_get("page=2"), slug="a")
    other_slug = kept.html("sample", lambda: "b1", request=_get("page=1"), slug="b")
    with translation.override("en"):
        english = kept.html("sample", lambda: "en", request=_get("page=1"), slug="a")

    assert (same, other_page, other_slug, english) == ("a1", "a2", "b1", "en")


@translation.override("uk")
def test_a_name_kept_in_no_language_is_shared_by_both():
    kept.value("plain", lambda: 1)
    with translation.override("en"):
        assert kept.value("plain", lambda: 2) == 1


def test_values_other_than_those_declared_are_refused():
    with pytest.raises(TypeError, match="kept by"):
        kept.html("sample", lambda: "x", request=_get(), slug="a", page="2")
    with pytest.raises(TypeError, match="query"):
        kept.html("sample", lambda: "x", slug="a")


def test_a_name_no_app_declares_is_refused():
    with pytest.raises(ImproperlyConfigured, match="No app declares"):
        kept.value("nowhere", lambda: 1)


def test_a_copy_that_turns_stale_at_a_moment_is_built_again_after_it():
    soon = timezone.now() + timedelta(minutes=5)
    kept.value("plain", lambda: kept.Until("before", soon))

    assert kept.value("plain", lambda: "no") == "before"
    later = soon + timedelta(seconds=1)
    with mock.patch("portal.kept.timezone.now", return_value=later):
        assert kept.value("plain", lambda: kept.Until("after", None)) == "after"


def test_an_unkept_answer_is_shown_and_not_kept():
    assert kept.value("plain", lambda: kept.Unkept("once")) == "once"
    assert kept.value("plain", lambda: "kept") == "kept"


def test_a_part_makes_what_shows_it_stale():
    assert kept._with_containers("plain") == {"plain", "sample"}
    assert kept._with_containers("sample") == {"sample"}


def test_a_cache_that_fails_costs_speed_never_a_page():
    with mock.patch("portal.kept.cache") as failing:
        failing.get_many.side_effect = ConnectionError
        built = kept.html("sample", lambda: "built", request=_get(), slug="a")

    assert built == "built"
    with mock.patch("portal.throttle.count", side_effect=ConnectionError):
        kept._stale(["sample"])  # logged, not raised


def test_the_template_tag_renders_its_part_once_and_then_reads_it():
    template = Template(
        '{% load kept %}{% kept "sample" slug=slug %}{{ shown.pop }}{% endkept %}'
    )
    shown = ["second", "first"]
    context = {"slug": "a", "shown": shown, "request": _get()}

    assert template.render(Context(context)) == "first"
    assert template.render(Context(context)) == "first"
    assert shown == ["second"]


def test_declarations_that_contradict_themselves_are_refused(monkeypatch):
    monkeypatch.undo()
    configs = [
        mock.Mock(kept=(Kept("a", part_of=("missing",)),)),
        mock.Mock(kept=(Kept("b", models=("portal.Community",), arrivals=("x.Y",)),)),
        mock.Mock(kept=(Kept("c"), Kept("c"))),
    ]
    for config in configs:
        with (
            mock.patch("portal.kept.apps.get_app_configs", return_value=[config]),
            pytest.raises(ImproperlyConfigured),
        ):
            kept.declared.__wrapped__()


def test_the_template_tag_keeps_only_what_its_condition_allows():
    template = Template(
        '{% load kept %}{% kept "sample" slug=slug keep=valid %}{{ shown.pop }}'
        "{% endkept %}"
    )
    shown = ["kept", "shown once"]

    first = template.render(
        Context({"slug": "a", "shown": shown, "request": _get(), "valid": False})
    )
    second = template.render(
        Context({"slug": "a", "shown": shown, "request": _get(), "valid": True})
    )
    third = template.render(
        Context({"slug": "a", "shown": shown, "request": _get(), "valid": True})
    )

    assert (first, second, third) == ("shown once", "kept", "kept")


def test_a_page_is_kept_per_address(rf):
    from django.contrib.auth.models import AnonymousUser

    from portal.kept import page

    def visit(path: str, shown: str):
        request = rf.get(path)
        request.user = AnonymousUser()
        return page(request, "plain", "portal/bench_probe.html", lambda: {"x": shown})

    with mock.patch("portal.kept.render_to_string", lambda t, c, r: c["x"] + r.path):
        first = visit("/events/month/", "a").content
        second = visit("/events/month/2026/12/", "b").content

    assert (first, second) == (b"a/events/month/", b"b/events/month/2026/12/")
