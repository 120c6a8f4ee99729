"""Demo data: twenty Ukrainian articles of both kinds and comments in every state of
moderation."""

import io

import pytest
from django.core.management import call_command

from news.models import Article, Comment

pytestmark = pytest.mark.django_db


def test_the_demo_has_twenty_articles_of_both_kinds_and_every_kind_of_comment(
    settings, tmp_path
):
    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path

    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())

    visible = Article.objects.visible()
    assert visible.count() == 20
    assert set(visible.values_list("kind", flat=True)) == {
        "news",
        "prevention",
    }
    assert Article.objects.exclude(pk__in=visible).count() == 2  # draft, scheduled
    assert set(Comment.objects.values_list("status", flat=True)) == set(Comment.Status)
    assert Comment.objects.filter(content_type__model="report").exists()
    assert all(item.cover_thumb for item in visible.exclude(cover=""))
