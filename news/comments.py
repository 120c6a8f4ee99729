"""Which pages take comments, and their comments as HTML.

Comments are attached by content type and id. Each app names the objects that take
comments now in its AppConfig (`comment_targets`, a dotted path to a function that
returns querysets), so that comments can be posted only on those, and are deleted
with the object they belong to.
"""

from django.db import models
from django.db.models.signals import post_delete
from django.http import Http404
from django.urls import reverse
from django.utils.dateformat import format as format_date
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import localtime
from django.utils.translation import gettext

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


def get_target(label: str, pk: int) -> models.Model:
    """An object that takes comments now; anything else is not found."""
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


# The comments on a page, as HTML.

PAGE_SIZE = 50


def _text(text: str) -> str:
    """Plain text as typed: escaped, with its line breaks; links stay text."""
    return escape(text).replace("\r\n", "\n").replace("\n", "<br>")


def comment_list(comments) -> SafeString:
    """The comments as HTML, each with a link to report it.

    Assembled in Python, every label translated and escaped once per page instead of
    once per comment: through the template engine, fifty comments cost more than the
    rest of the page together.
    """
    if not comments:
        empty = escape(gettext("No comments yet."))
        return mark_safe(f"<p>{empty}</p>")  # noqa: S308 (escaped just above)
    report = escape(gettext("Report this comment"))
    by = gettext("Comment by %(name)s")
    flag_url = reverse("news:comment-flag", args=[0])[: -len("0/report/")]

    def one(comment: Comment) -> str:
        pk = comment.pk
        when = localtime(comment.created_at)
        return (
            f'<article class="comment card mb-2" id="comment-{pk}" aria-label="'
            f'{escape(by % {"name": comment.name})}"><div class="card-body">'
            f'<p class="small mb-1"><strong>{escape(comment.name)}</strong> · '
            f'<time datetime="{when.isoformat(timespec="seconds")}">'
            f"{format_date(when, 'j E Y, H:i')}</time></p>"
            f'<p class="comment-text mb-1">{_text(comment.text)}</p>'
            f'<p class="comment-flag small mb-0"><a href="{flag_url}{pk}/report/" '
            f'rel="nofollow">{report}</a></p></div></article>'
        )

    # Every value from the database or the catalogue went through escape() above.
    return mark_safe("\n".join(one(comment) for comment in comments))  # noqa: S308


def comment_listing(obj, number: int) -> tuple[SafeString, bool]:
    """Page `number` of the published comments on `obj` (newest first, fifty to a
    page), and whether earlier ones exist: one query."""
    start = (number - 1) * PAGE_SIZE
    rows = list(
        Comment.objects.on(obj)
        .published()
        .only("name", "text", "created_at")
        .order_by("-created_at", "-pk")[start : start + PAGE_SIZE + 1]
    )
    return comment_list(rows[:PAGE_SIZE]), len(rows) > PAGE_SIZE
