"""`{% comments_section obj %}`: the published comments of a page and the form to
add one, for any object that takes comments (an article, an accountability report)."""

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from news.comments import comment_listing, target_label
from news.forms import CommentForm
from portal import kept

register = template.Library()

# The blank form's fields per language: they depend on nothing but the code and the
# catalogue, which a restart reloads (as portal_tags.render_once assumes).
_blank_fields: dict[str, SafeString] = {}


def blank_form_fields() -> SafeString:
    """The blank form's fields, rendered once per process and language (the page
    adds the CSRF token)."""
    language = get_language()
    if language not in _blank_fields:
        html = render_to_string(
            "news/includes/comment_fields.html", {"form": CommentForm(prefix="comment")}
        )
        _blank_fields[language] = mark_safe(html)  # noqa: S308 (a rendered template)
    return _blank_fields[language]


def comments_page(request) -> int:
    """The page of comments asked for (`?comments=2`), the first by default."""
    number = request.GET.get("comments", "") if request else ""
    return int(number) if number.isdigit() and 0 < int(number) < 10_000 else 1


@register.inclusion_tag("news/includes/comments.html", takes_context=True)
def comments_section(context, obj) -> dict:
    """The comments of `obj` and the form. The list is the same for every reader,
    so it is kept (see news.apps); the form carries each visitor's own token."""
    number = comments_page(context.get("request"))
    target = target_label(obj)

    def build() -> tuple[str, bool]:
        comments, more = comment_listing(obj, number)
        html = render_to_string(
            "news/includes/comment_list.html", {"comments": comments}
        )
        return html, more

    html, more = kept.value(
        "news-comments", build, target=target, pk=obj.pk, page=number
    )
    return {
        "comments": mark_safe(html),  # noqa: S308 (rendered from a template)
        "earlier": number + 1 if more else None,
        "later": number - 1 if number > 1 else None,
        "target": target,
        "pk": obj.pk,
        "form_fields": blank_form_fields(),
        "premoderated": settings.COMMENTS_PREMODERATED,
    }
