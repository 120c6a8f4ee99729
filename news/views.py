"""Public pages of the news and prevention guides, and readers' comments and reports
of comments (on articles and on any other page that takes comments)."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from news import actions
from news.comments import get_target, page_title
from news.forms import ArticleFilter, CommentForm, FlagForm
from news.models import Article, Comment
from portal import kept
from portal.markdown import render as render_markdown
from portal.throttle import RateLimit, client_address, too_many_requests

PAGE_SIZE = 12
RELATED = 3
COMMENTS = RateLimit("comments", settings.COMMENTS_PER_HOUR, 3600)
# Reports of comments from one address, per hour.
FLAGS = RateLimit("comment-flags", 30, 3600)
FLAGGED_COOKIE = "reported-comments"
FLAGGED_COOKIE_AGE = 365 * 24 * 3600


# The filters a list is kept by (with its page), and the only ones its links carry.
LIST_KEYS = ("topic", "community")


@require_safe
def article_list(request: HttpRequest, kind: str) -> HttpResponse:
    """The list is the same for every reader: it is kept (see news.apps) per kind,
    language, filters and page."""

    def build() -> str | kept.Unkept:
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
            "filters": filters,
            "label": _("Filter the articles"),
            "page": page,
            "query": urlencode(query),
        }
        html = render_to_string("news/includes/article_list.html", context, request)
        # Kept only for filters the form writes: made-up ones would fill the cache.
        return html if filters.is_valid() else kept.Unkept(html)

    content = kept.html("news-list", build, request=request, kind=kind)
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


def _article_html(request: HttpRequest, article: Article) -> str:
    """The article as every reader sees it (text, sharing, related articles), kept
    (see news.apps) per article and language; its comments and their form follow
    it on the page. A preview for staff is not kept."""

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
        return render_to_string("news/includes/article.html", context, request)

    if not article.is_visible():
        return mark_safe(build())  # noqa: S308 (rendered from a template)
    return kept.html("news-article", build, article=article.pk)


@require_safe
def article_detail(request: HttpRequest, kind: str, slug: str) -> HttpResponse:
    article = get_article_for(request.user, kind, slug)
    html = _article_html(request, article)
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
    value = request.get_signed_cookie(FLAGGED_COOKIE, default="", salt="comments") or ""
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
