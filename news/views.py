"""Public pages of the news and prevention guides, and readers' comments and reports
of comments (on articles and on any other page that takes comments)."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from news import actions
from news.comments import comment_listing, get_target, page_title
from news.forms import ArticleFilter, CommentForm, FlagForm
from news.models import Article, Comment
from news.templatetags.comments import comments_page, section_context
from portal import fragments
from portal.markdown import render as render_markdown
from portal.throttle import RateLimit, client_address, too_many_requests

PAGE_SIZE = 12
RELATED = 3
# The filter forms' HTML; dropped when a topic or a community changes (see apps.py).
FILTERS_FRAGMENT = "news-filters"
# Article pages' and lists' HTML; dropped when an article, a topic, a community or
# a comment changes.
ARTICLES_FRAGMENT = "news-articles"
COMMENTS = RateLimit("comments", settings.COMMENTS_PER_HOUR, 3600)
# Reports of comments from one address, per hour.
FLAGS = RateLimit("comment-flags", 30, 3600)
FLAGGED_COOKIE = "reported-comments"
FLAGGED_COOKIE_AGE = 365 * 24 * 3600


def _filter_form(request: HttpRequest, filters: ArticleFilter, kind: str) -> str:
    """The filter form as HTML, cached per kind, language and chosen values."""
    chosen = tuple(request.GET.get(field, "") for field in filters.base_filters)
    return fragments.cached_html(
        FILTERS_FRAGMENT,
        (kind, get_language(), *chosen),
        lambda: render_to_string(
            "includes/filter_form.html",
            {"filters": filters, "label": _("Filter the articles")},
        ),
    )


# Lists are kept at most this long: scheduled articles appear within a minute.
LIST_SECONDS = 60
# The filters a list is kept by (with its page), and the only ones its links carry.
LIST_KEYS = ("topic", "community")


@require_safe
def article_list(request: HttpRequest, kind: str) -> HttpResponse:
    """The list is the same for every reader: it is kept in the cache per kind,
    language, filters and page, until an article, a topic or a community changes,
    and a minute at most."""

    def build() -> str:
        articles = (
            Article.objects.visible()
            .of_kind(kind)
            .select_related("topic", "community")
            .defer("body", "body_en", "cover")
            .order_by("-published_at", "-pk")
        )
        filters = ArticleFilter(request.GET, queryset=articles, kind=kind)
        chosen = filters.qs if filters.is_valid() else articles.none()
        page = Paginator(chosen, PAGE_SIZE).get_page(request.GET.get("page"))
        # Pages link on with the filters only: the list is shared, and any other
        # parameter in one visitor's address is theirs alone.
        query = {name: request.GET[name] for name in LIST_KEYS if request.GET.get(name)}
        context = {
            "kind": kind,
            "filter_form": _filter_form(request, filters, kind),
            "page": page,
            "query": urlencode(query),
        }
        return render_to_string("news/includes/article_list.html", context, request)

    chosen = (request.GET.get(name, "") for name in (*LIST_KEYS, "page"))
    content = fragments.cached_html(
        ARTICLES_FRAGMENT,
        ("list", kind, get_language(), *chosen),
        build,
        timeout=LIST_SECONDS,
    )
    return render(request, "news/article_list.html", {"kind": kind, "content": content})


def get_article_for(user, kind: str, slug: str) -> Article:
    """A visible article; staff who write articles also see drafts and scheduled
    ones, to check them before they appear. The visitor's account is looked at only
    when the article is not public, so that reading loads no session."""
    try:
        return Article.objects.visible().get(kind=kind, slug=slug)
    except Article.DoesNotExist:
        pass
    # Readers without back-office access need no look-up of permissions.
    if user.is_staff and user.has_perm("news.view_article"):
        return get_object_or_404(Article, kind=kind, slug=slug)
    raise Http404


# Where each visitor's own form token goes in a kept page: user content is escaped,
# so this cannot come from a comment.
TOKEN_HOLE = mark_safe("<csrf-token-hole>")


def _article_html(request: HttpRequest, article: Article, comments_page: int) -> str:
    """The article as every reader sees it (text, sharing, related articles, a page
    of comments and the comment form), with a hole for the visitor's form token.

    It is the same for everyone, so kept in the cache per version of the article,
    page of comments and language. A change to any article, topic or comment makes
    every copy stale (see apps.py and actions.py), and copies live ten minutes at
    most, so that scheduled articles join the related lists when they appear."""

    def build() -> str:
        full = Article.objects.select_related("topic", "community", "author").get(
            pk=article.pk
        )  # the byline and the community are needed only here
        related = (
            Article.objects.visible()
            .filter(topic_id=article.topic_id)
            .exclude(pk=article.pk)
            .only("kind", "slug", "title", "title_en", "published_at")
            .order_by("-published_at")[:RELATED]
        )
        context = {
            "article": full,
            "body": render_markdown(full.display_body, top=2),
            "related": related,
        }
        html = render_to_string("news/includes/article.html", context, request)
        if full.is_visible():
            listing = comment_listing(full, comments_page)
            comments = section_context(full, comments_page, listing, TOKEN_HOLE)
            html += render_to_string("news/includes/comments.html", comments)
        return html

    if not article.is_visible():
        html = build()  # a preview for staff
    else:
        key = (
            article.pk,
            article.updated_at.timestamp(),
            comments_page,
            get_language(),
        )
        html = fragments.cached_html(ARTICLES_FRAGMENT, key, build, timeout=600)
    if TOKEN_HOLE in html:
        html = html.replace(TOKEN_HOLE, escape(get_token(request)))
    # Rendered from templates, with every value escaped.
    return mark_safe(html)  # noqa: S308


@require_safe
def article_detail(request: HttpRequest, kind: str, slug: str) -> HttpResponse:
    article = get_article_for(request.user, kind, slug)
    html = _article_html(request, article, comments_page(request))
    return render(
        request, "news/article_detail.html", {"article": article, "article_html": html}
    )


# Comments


@require_POST
def post_comment(request: HttpRequest, target: str, pk: int) -> HttpResponse:
    """A reader comments on an article or another page that takes comments."""
    page = get_target(target, pk)
    address = client_address(request)
    if not COMMENTS.hit(address):
        return too_many_requests(request, retry_after=COMMENTS.period)
    form = CommentForm(request.POST, prefix="comment")
    if form.is_spam():
        form.add_error(None, _("The form could not be sent. Please try again."))
    elif form.is_valid():
        comment = actions.post_comment(
            page,
            name=form.cleaned_data["name"],
            email=form.cleaned_data["email"],
            text=form.cleaned_data["text"],
        )
        if comment.status == Comment.Status.APPROVED:
            messages.success(request, _("Thank you. Your comment is published."))
        else:
            messages.success(
                request,
                _(
                    "Thank you. Your comment will appear once a moderator has "
                    "approved it."
                ),
            )
        return redirect(f"{page.get_absolute_url()}#comments")
    COMMENTS.undo(address)
    context = {
        "form": form,
        "page": page,
        "page_title": page_title(page),
        "target": target,
        "pk": page.pk,
    }
    return render(request, "news/comment_form.html", context, status=400)


def _flagged(request: HttpRequest) -> set[int]:
    value = request.get_signed_cookie(FLAGGED_COOKIE, default="", salt="comments")
    return {int(pk) for pk in value.split(",") if pk.isdigit()}


@require_http_methods(["GET", "POST"])
def flag_comment(request: HttpRequest, pk: int) -> HttpResponse:
    """A reader reports a published comment, with a reason; one report per browser,
    and nothing about the reader is kept."""
    comment = get_object_or_404(Comment.objects.published(), pk=pk)
    page = comment.target
    back = f"{page.get_absolute_url()}#comment-{comment.pk}"
    flagged = _flagged(request)
    if comment.pk in flagged:
        messages.info(request, _("You have already reported this comment."))
        return redirect(back)
    form = FlagForm(request.POST or None)
    context = {"form": form, "comment": comment, "page": page, "back": back}
    if request.method == "GET":
        return render(request, "news/flag_form.html", context)
    address = client_address(request)
    if not FLAGS.hit(address):
        return too_many_requests(request, retry_after=FLAGS.period)
    if not form.is_valid():
        FLAGS.undo(address)
        return render(request, "news/flag_form.html", context, status=400)
    actions.flag_comment(comment, reason=form.cleaned_data["reason"])
    messages.success(request, _("Thank you. A moderator will look at this comment."))
    response = redirect(f"{page.get_absolute_url()}#comments")
    # The newest first, and a bounded list, so that the cookie stays small.
    kept = [comment.pk, *sorted(flagged, reverse=True)][:300]
    response.set_signed_cookie(
        FLAGGED_COOKIE,
        ",".join(map(str, kept)),
        salt="comments",
        max_age=FLAGGED_COOKIE_AGE,
        httponly=True,
        samesite="Lax",
    )
    return response
