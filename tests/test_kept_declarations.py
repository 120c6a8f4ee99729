"""Every page or part of one that the portal keeps is declared in its app's
AppConfig, and a change to each model it declares makes it stale, with the pages
that show it."""

import ast
import io
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from portal import kept
from portal.areas import portal_areas
from portal.search import Query, search_kinds

ROOT = Path(__file__).resolve().parents[1]
DECLARED = kept.declared()
PAIRS = [(item.name, label) for item in DECLARED.values() for label in item.models]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo data, once for the module, rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(DEBUG=True):
            call_command("seed_demo", stdout=io.StringIO())
        from tests import access

        access.seed(io.StringIO())
        yield
        transaction.set_rollback(True)


def _names_read_in_code() -> set[str]:
    """The declared names that code (but the declarations) and templates name."""
    found = set()
    for path in ROOT.glob("*/**/*.py"):
        if {".venv", "tests", "migrations"} & set(path.parts) or path.name == "apps.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Constant) and node.value in DECLARED:
                found.add(node.value)
    for path in (ROOT / "templates").glob("**/*.html"):
        for part in path.read_text().split('{% kept "')[1:]:
            found.add(part.split('"', 1)[0])
    return found


def test_every_declared_name_is_read_and_every_name_read_is_declared():
    named = {area.home_kept for area in portal_areas()} | {
        area.community_kept for area in portal_areas()
    }
    named |= {kind.kept for kind in search_kinds()}
    read = _names_read_in_code() | (named - {""})

    assert read == set(DECLARED)


def test_every_area_block_and_search_kind_is_declared_part_of_its_page():
    for area in portal_areas():
        if area.home_context:
            assert "home-blocks" in DECLARED[area.home_kept].part_of
        if area.community_context:
            assert "community-blocks" in DECLARED[area.community_kept].part_of
            assert DECLARED[area.community_kept].by == ("community",)
    for kind in search_kinds():
        declaration = DECLARED[kind.kept]
        assert "search-results" in declaration.part_of
        assert kind.find(Query("probe", ("probe",))).model._meta.label in (
            declaration.models
        )


@pytest.mark.parametrize(("name", "label"), PAIRS)
def test_a_saved_row_of_each_declared_model_makes_the_name_and_its_pages_stale(
    name, label, demo, db, django_capture_on_commit_callbacks
):
    row = apps.get_model(label).objects.order_by("pk").first()
    assert row is not None, f"the demo data have no {label}"
    names = kept._with_containers(name)
    before = {each: kept.version(each) for each in names}

    with django_capture_on_commit_callbacks(execute=True):
        row.save()

    assert {each for each in names if kept.version(each) == before[each]} == set()


def test_a_deleted_row_makes_its_names_stale(
    demo, db, django_capture_on_commit_callbacks
):
    from news.models import Comment

    before = kept.version("news-comments")

    with django_capture_on_commit_callbacks(execute=True):
        Comment.objects.earliest("pk").delete()

    assert kept.version("news-comments") != before


def test_a_many_to_many_change_makes_its_names_stale(
    demo, db, django_capture_on_commit_callbacks
):
    from events.models import Audience, Event

    event = Event.objects.earliest("pk")
    audience = Audience.objects.exclude(events=event).first()
    assert audience is not None
    before = kept.version("events-page")

    with django_capture_on_commit_callbacks(execute=True):
        event.audiences.add(audience)

    assert kept.version("events-page") != before


def test_nothing_is_stale_before_the_change_is_committed(
    demo, db, django_capture_on_commit_callbacks
):
    from portal.models import Community

    before = kept.version("community-page")

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        Community.objects.earliest("pk").save()
        assert kept.version("community-page") == before

    assert callbacks


def test_new_filings_leave_the_kept_figures_as_they_are():
    from hotline.models import Complaint

    stale = kept.staleness()[Complaint]

    assert "hotline-figures" in stale.changed
    assert "hotline-figures" not in stale.added
    assert "hotline-stats" not in stale.added
    assert "community-page" not in stale.added
