"""Which pages take comments, and their comments.

Comments are attached by content type and id. Each app names the objects that take
comments now in its AppConfig (`comment_targets`, a dotted path to a function that
returns querysets), so that comments can be posted only on those, and are deleted
with the object they belong to.
"""

from typing import Any

from django.db import models
from django.db.models.signals import post_delete
from django.http import Http404

from news.models import Article, Comment
from portal.areas import app_hooks


def comment_targets() -> list[models.QuerySet]:
    """This app's own: articles that readers can see."""
    return [Article.objects.visible()]


def open_targets() -> dict[str, models.QuerySet]:
    """The objects that take comments now, by model label ("news.article")."""
    return {
        queryset.model._meta.label_lower: queryset
        for hook in app_hooks("comment_targets")
        for queryset in hook()
    }


def get_target(label: str, pk: int) -> Any:
    """An object that takes comments now; anything else is not found.

    A row of whichever model an app names, a page with get_absolute_url(); hence
    Any.
    """
    queryset = open_targets().get(label)
    if queryset is None:
        raise Http404
    try:
        return queryset.get(pk=pk)
    except queryset.model.DoesNotExist:
        raise Http404 from None


def target_label(obj: models.Model) -> str:
    return obj._meta.label_lower


def page_title(obj: models.Model) -> str:
    """The title of the page a comment belongs to, in the reader's language."""
    return getattr(obj, "display_title", None) or str(obj)


def connect_target_deletion() -> None:
    for queryset in open_targets().values():
        post_delete.connect(
            _delete_comments,
            sender=queryset.model,
            dispatch_uid=f"comments-of-{queryset.model._meta.label_lower}",
        )


def _delete_comments(sender, instance, **kwargs):
    Comment.objects.on(instance).delete()


# The comments on a page.

PAGE_SIZE = 50


def comment_listing(obj, number: int) -> tuple[list[Comment], bool]:
    """Page `number` of the published comments on `obj` (newest first, fifty to a
    page), and whether earlier ones exist: one query."""
    start = (number - 1) * PAGE_SIZE
    rows = list(
        Comment.objects.on(obj)
        .published()
        .only("name", "text", "created_at")
        .order_by("-created_at", "-pk")[start : start + PAGE_SIZE + 1]
    )
    return rows[:PAGE_SIZE], len(rows) > PAGE_SIZE
