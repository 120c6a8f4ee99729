"""Cached pages stay correct: they change with the data, leak nothing, and a dead cache
costs speed, never a page."""

import pytest
from django.contrib import messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.cache import cache
from django.test import RequestFactory

from hotline import actions
from hotline.apps import FRESH_SECONDS
from hotline.models import Category, Complaint
from portal import kept
from tests.factories import category, complaint, form_data

pytestmark = pytest.mark.django_db


def test_new_filings_reach_the_kept_stats_page_when_it_expires(
    client, django_capture_on_commit_callbacks
):
    for _ in range(5):
        complaint()
    assert ">5<" in client.get("/en/hotline/stats/").text.replace(" ", "")

    with django_capture_on_commit_callbacks(execute=True):
        complaint()

    # A filing leaves the kept figures alone (a stream of filings would otherwise
    # have them counted again for nearly every visit) ...
    assert ">5<" in client.get("/en/hotline/stats/").text.replace(" ", "")
    # ... until they expire, a minute at most after they were counted.
    assert FRESH_SECONDS <= 60
    cache.clear()
    assert ">6<" in client.get("/en/hotline/stats/").text.replace(" ", "")


def test_a_change_by_the_staff_shows_on_the_kept_pages_at_once(
    django_capture_on_commit_callbacks, role_user
):
    item, _receipt = complaint()
    stats_version = kept.version("hotline-stats")
    community_version = kept.version("community-page")

    with django_capture_on_commit_callbacks(execute=True):
        actions.change_status(item, new_status="triage", actor=role_user("operator"))

    assert kept.version("hotline-stats") != stats_version
    assert kept.version("community-page") != community_version


def test_the_cached_stats_page_carries_no_ones_messages(client, admin_user):
    from hotline.views import stats

    request = RequestFactory().get("/en/hotline/stats/")
    request.user = admin_user
    request.session = {}  # type: ignore[assignment]  # all that messages need here
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]  # as MessageMiddleware does
    messages.success(request, "Private message for one user")

    first = stats(request).content.decode()
    second = client.get("/en/hotline/stats/").text

    assert "Private message for one user" not in first
    assert "Private message for one user" not in second


def test_the_blank_form_offers_a_category_added_after_it_was_cached(
    client, django_capture_on_commit_callbacks
):
    category("misconduct")
    client.get("/en/hotline/new/")

    with django_capture_on_commit_callbacks(execute=True):
        Category.objects.create(
            slug="new", name="Нова категорія", name_en="Brand new topic"
        )

    assert "Brand new topic" in client.get("/en/hotline/new/").text


def test_the_blank_form_is_cached_per_language(client):
    category("misconduct")

    assert "What happened" in client.get("/en/hotline/new/").text
    assert "Що сталося" in client.get("/hotline/new/").text
    assert "What happened" in client.get("/en/hotline/new/").text


@pytest.fixture
def dead_cache(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        }
    }


def test_with_the_cache_down_filing_and_pages_still_work(
    client, dead_cache, django_capture_on_commit_callbacks
):
    category("misconduct")

    with django_capture_on_commit_callbacks(execute=True):
        filed = client.post("/en/hotline/new/", form_data())
    form = client.get("/en/hotline/new/")
    stats = client.get("/en/hotline/stats/")

    assert filed.status_code == 200
    assert "Your receipt code" in filed.text
    assert Complaint.objects.count() == 1
    assert form.status_code == 200
    assert stats.status_code == 200
