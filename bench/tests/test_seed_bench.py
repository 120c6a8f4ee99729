"""`seed_bench` fills the bench's database: a raion of communities, and every app's
rows in bulk, added only once however often it runs.

The bench is not installed in the test suite, so its seeding is called directly."""

import io

import pytest

from bench import parts
from news.models import Article, Comment
from portal.models import Community, Settlement

pytestmark = pytest.mark.django_db


def test_seed_bench_adds_a_raion_of_communities():
    parts.seed(0.01, io.StringIO())

    assert Community.objects.count() >= 12
    assert Settlement.objects.count() >= 240


def test_articles_and_comments_are_added_once():
    parts.seed(0.002, io.StringIO())
    counts = (Article.objects.count(), Comment.objects.count())
    parts.seed(0.002, io.StringIO())

    assert counts == (40, 400)
    assert (Article.objects.count(), Comment.objects.count()) == counts
