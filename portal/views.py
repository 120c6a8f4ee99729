import hashlib
import logging
import sys
from functools import cached_property
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.contrib.sitemaps.views import SitemapIndexItem
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import connection, connections
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from portal import kept
from portal.areas import community_blocks, home_blocks
from portal.celery import app as celery_app
from portal.db import REPLICA
from portal.middleware import DATABASE_UNAVAILABLE, database_unavailable
from portal.models import Community, Settlement
from portal.search import (
    CappedPaginator,
    Folded,
    Query,
    SearchKind,
    fold,
    search_kinds,
)
from portal.sitemaps import sitemaps

logger = logging.getLogger(__name__)


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """What the portal is for, each area's summary and the communities."""
    return kept.page(
        request, "home-page", "portal/home.html", lambda: _home_context(request)
    )


def _home_context(request: HttpRequest) -> dict:
    blocks = kept.value(
        "home-blocks", lambda: [str(block) for block in home_blocks(request)]
    )
    return {
        "directory": Directory(),
        "area_blocks": [mark_safe(block) for block in blocks],  # noqa: S308
    }


# A raion has a dozen communities, and the home page lists them; a portal for many
# more lists the first ones and finds the others (/communities/).
HOME_COMMUNITIES = 30
DIRECTORY_PAGE_SIZE = 50


class Directory:
    """The home page's communities, read only when the page is built."""

    @cached_property
    def shown(self) -> list[Community]:
        places = Community.objects.with_settlement_count().order_by("name")
        return list(places[: HOME_COMMUNITIES + 1])[:HOME_COMMUNITIES]

    @cached_property
    def total(self) -> int:
        return Community.objects.count()

    @cached_property
    def more(self) -> bool:
        return self.total > HOME_COMMUNITIES


def _communities_named(typed: str) -> set[int]:
    """The communities whose name, or the name of one of whose settlements, holds
    the words typed, folded as the search folds them."""
    wanted = fold(typed).lower()
    named = Q(folded__contains=wanted) | Q(folded_en__contains=wanted)
    folded = {"folded": Folded("name"), "folded_en": Folded("name_en")}
    found = set(
        Community.objects.alias(**folded).filter(named).values_list("pk", flat=True)
    )
    found |= set(
        Settlement.objects.alias(**folded)
        .filter(named)
        .values_list("community_id", flat=True)
    )
    return found


@require_safe
def community_list(request: HttpRequest) -> HttpResponse:
    """Every community, fifty a page, or those whose name, or one of whose
    settlements' names, holds the words typed (as the search folds them). Pages are
    kept for anonymous readers; searches, being anyone's words, are not."""
    typed = " ".join(request.GET.get("q", "").split())[:100]

    def context() -> dict:
        places = Community.objects.with_settlement_count().order_by("name")
        if typed:
            places = places.filter(pk__in=_communities_named(typed))
        number = request.GET.get("page")
        page = SimpleLazyObject(
            lambda: Paginator(places, DIRECTORY_PAGE_SIZE).get_page(number)
        )
        return {
            "q": typed,
            "page": page,
            "query": urlencode({"q": typed}) if typed else "",
            "keep": not typed,
        }

    return kept.page(
        request,
        "community-directory",
        "portal/community_list.html",
        context,
        keep=lambda shown: not shown["q"],
    )


@require_safe
def community(request: HttpRequest, slug: str) -> HttpResponse:
    """Everything about one hromada: each area of the portal adds its block.

    Anonymous readers share one copy of the whole page; a signed-in reader gets a
    page of their own around the areas' blocks, which are kept for every reader."""
    return kept.page(
        request,
        "community-page",
        "portal/community.html",
        lambda: _community_context(slug),
        slug=slug,
    )


def _community_context(slug: str) -> dict:
    place = get_object_or_404(Community.objects.with_settlement_count(), slug=slug)
    blocks = kept.value(
        "community-blocks",
        lambda: [str(block) for block in community_blocks(place)],
        community=place.pk,
    )
    return {
        "community": place,
        "settlements": place.settlements.order_by("name"),
        "area_blocks": [mark_safe(block) for block in blocks],  # noqa: S308
    }


@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    return redirect(static("img/favicon.svg"), permanent=True)


def _check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def _check_replica() -> str:
    with connections[REPLICA].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def _check_cache() -> str:
    cache.set("healthz", "ok", 10)
    return "ok" if cache.get("healthz") == "ok" else "error"


def _check_broker() -> str:
    if celery_app.conf.task_always_eager:
        return "eager"  # tasks run in the web process; there is no broker to reach
    with celery_app.connection_for_write() as broker:
        broker.ensure_connection(max_retries=1, timeout=2)
    return "ok"


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """The state of the database, the cache and the broker, for monitors and proxies.

    The status is 503 only when the database does not answer: without the cache or the
    broker the portal still serves pages and saves filings (the outbox keeps messages).
    The replica, when there is one, is reported but does not decide the status: the
    proxy must not take a web process out of service for it, and the monitor that
    reads "replica": "error" knows to repair or unset DATABASE_REPLICA_URL.
    """
    checks = {}
    for name, check in [
        ("database", _check_database),
        *([("replica", _check_replica)] if REPLICA in settings.DATABASES else []),
        ("cache", _check_cache),
        ("broker", _check_broker),
    ]:
        try:
            checks[name] = check()
        except Exception as error:  # a health check reports failures, never raises
            logger.warning("Health check %s failed: %s", name, type(error).__name__)
            checks[name] = "error"
    status = 200 if checks["database"] == "ok" else 503
    return JsonResponse(checks, status=status)


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page; or the 503 page when the database failed outside a view (in a
    middleware saving the session, say), where DatabaseUnavailableMiddleware cannot
    see the error."""
    error = sys.exception()
    if isinstance(error, DATABASE_UNAVAILABLE):
        return database_unavailable(request, error)
    return defaults.server_error(request)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """Explain, in the reader's language, a form refused for its security token."""
    return render(request, "403_csrf.html", status=403)


# Site search, sitemaps and robots.txt: the apps supply their parts through hooks.

SEARCH_GROUP_SIZE = 5
SEARCH_PAGE_SIZE = 20


def _search_group(kind: SearchKind, query: Query) -> dict:
    """The first results of one kind, and how many there are up to RESULTS_CAP."""
    results = kind.results(query)
    rows = results[:SEARCH_GROUP_SIZE]
    return {
        "kind": kind,
        "hits": [kind.hit(row) for row in rows],
        "shown": len(rows),
        "total": results.count(),
        "more": results.more,
        "query": urlencode({"q": query.text, "kind": kind.key}),
    }


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    """Articles, reports, priorities, events and surveys, grouped by kind; choosing
    a kind pages through all of its results."""
    query = Query.parse(request.GET.get("q", ""))
    kinds = search_kinds()
    chosen = next((k for k in kinds if k.key == request.GET.get("kind")), None)
    context = {"query": query, "kinds": kinds, "chosen": chosen}
    if query:
        context["results"] = _search_results(request, query, kinds, chosen)
    return render(request, "portal/search.html", context)


def _search_results(request, query: Query, kinds: list, chosen) -> str:
    """The results, the same for every reader who types the same words: the
    overview kept as "search-results", a kind's pages as that kind declares. The
    words are kept only as a digest in the key."""
    words = hashlib.sha256(query.text.encode()).hexdigest()[:32]
    context = {"query": query, "chosen": chosen}
    template = "portal/includes/search_results.html"
    if not chosen:

        def overview() -> str:
            groups = [_search_group(kind, query) for kind in kinds]
            found = any(group["total"] for group in groups)
            return render_to_string(
                template, {**context, "groups": groups, "found": found}
            )

        return kept.html("search-results", overview, words=words)
    number = request.GET.get("page", "")

    def one_kind() -> str:
        page = CappedPaginator(chosen.results(query), SEARCH_PAGE_SIZE).get_page(number)
        return render_to_string(
            template,
            {
                **context,
                "page": page,
                "hits": [chosen.hit(row) for row in page],
                "query": urlencode({"q": query.text, "kind": chosen.key}),
                "all_kinds_query": urlencode({"q": query.text}),
            },
        )

    return kept.html(chosen.kept, one_kind, words=words, page=number)


@require_safe
def sitemap_index(request: HttpRequest) -> HttpResponse:
    """/sitemap.xml: the address of every section's files, on SITE_URL; kept, since
    counting every section's pages reads every table they list."""

    def build() -> str:
        entries = []
        for section, sitemap in sitemaps().items():
            url = settings.SITE_URL + reverse("sitemap-section", args=[section])
            entries.append(SitemapIndexItem(url))
            for number in range(2, sitemap.paginator.num_pages + 1):
                entries.append(SitemapIndexItem(f"{url}?p={number}"))
        return render_to_string("sitemap_index.xml", {"sitemaps": entries})

    content = kept.value("sitemap-index", build)
    return HttpResponse(content, content_type="application/xml")


@require_safe
def sitemap_section(request: HttpRequest, section: str) -> HttpResponse:
    """One section's file (of 5,000 pages in two languages), kept under the name its
    app declares for it (PortalSitemap.kept): made anew, it reverses every address."""
    sections = sitemaps()
    if section not in sections:
        raise Http404(f"No sitemap available for section: {section!r}")

    @kept.response(sections[section].kept)
    def section_file(request: HttpRequest, section: str) -> HttpResponse:
        # The stubs ask for a dict of instances or classes, and dicts are invariant.
        return sitemap_views.sitemap(request, sections, section=section)  # type: ignore[arg-type]

    return section_file(request, section=section)


# Pages that search engines have no business in: the back office, the hotline's
# tracking (its address says nothing, but its results are private), the search.
ROBOTS_DISALLOWED = ["admin:index", "hotline:track", "search"]


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    paths = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            paths += [reverse(name) for name in ROBOTS_DISALLOWED]
    context = {"paths": paths, "sitemap": settings.SITE_URL + reverse("sitemap")}
    return render(
        request, "robots.txt", context, content_type="text/plain; charset=utf-8"
    )
