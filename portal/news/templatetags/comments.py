"""`{% comments_section obj %}`: the published comments of a page and the form to
add one, for any object that takes comments (an article, an accountability report)."""

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import get_language

from portal import fragments
from portal.news.comments import target_label
from portal.news.forms import CommentForm
from portal.news.models import Comment, CommentFlag

register = template.Library()

PAGE_SIZE = 50
FORM_FRAGMENT = "news-comment-form"


def blank_form_fields() -> str:
    """The blank form's fields, the same for every reader of a language: rendered
    once and kept in the cache (the CSRF token is added by the page)."""
    return fragments.cached_html(
        FORM_FRAGMENT,
        (get_language(),),
        lambda: render_to_string(
            "news/includes/comment_fields.html", {"form": CommentForm(prefix="comment")}
        ),
    )


@register.inclusion_tag("news/includes/comments.html", takes_context=True)
def comments_section(context, obj) -> dict:
    """Newest first, fifty to a page (`?comments=2` for the next): one query."""
    request = context.get("request")
    number = request.GET.get("comments", "") if request else ""
    number = int(number) if number.isdigit() and 0 < int(number) < 10_000 else 1
    start = (number - 1) * PAGE_SIZE
    rows = list(
        Comment.objects.on(obj)
        .published()
        .only("name", "text", "created_at")
        .order_by("-created_at", "-pk")[start : start + PAGE_SIZE + 1]
    )
    return {
        "comments": rows[:PAGE_SIZE],
        "earlier": number + 1 if len(rows) > PAGE_SIZE else None,
        "later": number - 1 if number > 1 else None,
        "target": target_label(obj),
        "pk": obj.pk,
        "form_fields": blank_form_fields(),
        "reasons": CommentFlag.Reason.choices,
        "premoderated": settings.COMMENTS_PREMODERATED,
        "csrf_token": context.get("csrf_token"),
    }
