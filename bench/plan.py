"""What `make bench` measures: every URL pattern of the portal, as the access matrix
covers them, derived from the URLconf rather than chosen.

Each public route (as tests.access.walk writes it, without the language prefix) has
an entry in PUBLIC, each custom view of the back office one in BACK_OFFICE; the
admin's own pages of every registered model, and each role's index, are derived from
the admin site. A route under the language prefix is measured in Ukrainian and in
English. bench/tests/test_plan.py fails when a route has no entry, or an entry no
route, so whoever adds a page decides here how it is measured.

A measured page has variants: its first page, a later page, a filter, a query string
never asked before (a mark that makes every request new), and for pages kept whole
for anonymous readers a signed-in reader, who gets a page of their own. Targets are
ratios to the one-query floor view: pages kept whole for anonymous readers 0.8, pages
that no cache serves whole 0.25, the back office 0.15.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlencode

from bench.pages import BenchPage

KEPT = 0.8
UNCACHED = 0.25
BACK_OFFICE_TARGET = 0.15


@dataclass(frozen=True)
class Measure:
    """How a route is measured: `args` fill its arguments from the bench data
    (`{name}` is a value of bench.ids.ids()); `variants` are among first, later,
    filter, fresh and signed; `query` is the filter's query string; `kept` says the
    first page is kept whole for anonymous readers; `role` signs in as that role."""

    args: dict[str, str] = field(default_factory=dict)
    variants: tuple[str, ...] = ("first",)
    query: str = ""
    later: str = "page=2"
    kept: bool = False
    role: str = ""
    method: str = "GET"
    body: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Skip:
    """A route that is not a page to measure, and why."""

    reason: str


LIST = ("first", "later", "filter", "fresh")
KEPT_LIST = (*LIST, "signed")

PUBLIC: dict[str, Measure | Skip] = {
    # Outside the language prefix.
    "healthz/": Measure(),
    "favicon.ico": Skip("a permanent redirect to a static file"),
    "robots.txt": Measure(),
    "sitemap.xml": Measure(),
    "sitemap-<slug:section>.xml": Measure(args={"section": "articles"}),
    "media/<path>": Skip("files from MEDIA_ROOT, served by nginx in production"),
    # The portal's own pages.
    "": Measure(variants=("first", "fresh", "signed"), kept=True),
    "communities/": Measure(
        variants=("first", "later", "filter", "fresh", "signed"),
        query="q=01",
        kept=True,
    ),
    "communities/<slug:slug>/": Measure(
        args={"slug": "{community_slug}"},
        variants=("first", "fresh", "signed"),
        kept=True,
    ),
    "search/": Measure(
        args={"query": "q={search_words}"},
        variants=("first", "filter", "later", "fresh"),
        query="kind=prevention",
        later="kind=prevention&page=2",
        kept=True,
    ),
    # Hotline.
    "hotline/": Measure(variants=("first", "fresh")),
    "hotline/new/": Measure(variants=("first", "fresh")),
    "hotline/track/": Measure(),
    "hotline/track/add/": Skip(
        "a POST with a resident's receipt code; its page is measured as "
        "hotline/track/, the write in the mixed load"
    ),
    "hotline/track/rate/": Skip(
        "a POST with a resident's receipt code, once per complaint"
    ),
    "hotline/stats/": Measure(variants=("first", "fresh", "signed"), kept=True),
    "hotline/stats.csv": Measure(),
    "hotline/stats.json": Measure(),
    "hotline/settlements.json": Measure(args={"query": "community={community_pk}"}),
    "hotline/attachments/<uuid:public_id>/": Skip(
        "a resident's file, streamed to staff after the permission check and an "
        "audit entry: a write per view"
    ),
    "hotline/attachments/<uuid:public_id>/preview/": Skip(
        "a photo's small copy on a complaint's page, made after the permission "
        "check and an audit entry: a write per view"
    ),
    # Surveys.
    "surveys/": Measure(variants=("first", "fresh", "signed"), kept=True),
    "surveys/<slug:slug>/": Measure(args={"slug": "{open_survey_slug}"}),
    "surveys/<slug:slug>/thanks/": Measure(args={"slug": "{open_survey_slug}"}),
    "surveys/<slug:slug>/print/": Measure(args={"slug": "{open_survey_slug}"}),
    "surveys/<slug:slug>/results/": Measure(
        args={"slug": "{results_survey_slug}"},
        variants=("first", "filter", "fresh"),
        query="community={community_pk}",
    ),
    # Events.
    "events/": Measure(variants=LIST, query="kind=training"),
    "events/archive/": Measure(variants=("first", "fresh", "signed"), kept=True),
    "events/month/": Measure(variants=("first", "fresh", "signed"), kept=True),
    "events/month/<int:year>/<int:number>/": Measure(
        args={"year": "{next_month_year}", "number": "{next_month}"}, kept=True
    ),
    "events/calendar.ics": Measure(
        variants=("first", "filter"), query="community={community_slug}"
    ),
    "events/request/": Measure(),
    "events/registration/<str:token>/": Measure(args={"token": "{registration}"}),
    "events/registration/<str:token>/cancel/": Skip(
        "a POST that cancels a registration, once"
    ),
    "events/registration/<str:token>/certificate/": Measure(
        args={"token": "{certificate}"}
    ),
    "events/registration/<str:token>/accept/": Skip(
        "a POST that accepts an offered place, once"
    ),
    "events/<slug:slug>/": Measure(
        args={"slug": "{event_slug}"}, variants=("first", "fresh")
    ),
    "events/<slug:slug>/event.ics": Measure(args={"slug": "{event_slug}"}),
    # Accountability.
    "accountability/reports/": Measure(
        variants=KEPT_LIST, query="period=year", kept=True
    ),
    "accountability/reports/feed/": Measure(),
    "accountability/reports/<slug:slug>/": Measure(args={"slug": "{report_slug}"}),
    "accountability/reports/<slug:slug>/questions/": Skip(
        "a POST of a resident's question, rate-limited per address"
    ),
    "accountability/priorities/": Measure(
        variants=KEPT_LIST, query="status=active", kept=True
    ),
    "accountability/priorities/<int:pk>/": Measure(args={"pk": "{priority}"}),
    "accountability/priorities/<int:pk>/support/": Skip(
        "a POST counted once per browser"
    ),
    "accountability/follow/community/<slug:key>/": Measure(
        args={"key": "{community_slug}"}
    ),
    "accountability/follow/priority/<int:key>/": Measure(args={"key": "{priority}"}),
    "accountability/following/<str:token>/": Measure(args={"token": "{follow}"}),
    "accountability/following/<str:token>/stop/": Measure(args={"token": "{follow}"}),
    "accountability/formations/": Measure(
        variants=("first", "filter", "fresh", "signed"),
        query="community={community_pk}",
        kept=True,
    ),
    "accountability/opendata/": Measure(
        variants=("first", "fresh", "signed"), kept=True
    ),
    "accountability/opendata/datapackage.json": Measure(),
    "accountability/opendata/<slug:name>.csv": Measure(args={"name": "priorities"}),
    "accountability/opendata/<slug:name>.json": Measure(args={"name": "priorities"}),
    # News.
    "news/": Measure(variants=LIST, query="community={community_slug}"),
    "news/feed/": Measure(),
    "news/<slug:slug>/": Measure(
        args={"slug": "{news_slug}"}, variants=("first", "fresh")
    ),
    "prevention/": Measure(variants=LIST, query="topic={topic_slug}"),
    "prevention/feed/": Measure(),
    "prevention/<slug:slug>/": Measure(
        args={"slug": "{guide_slug}"}, variants=("first", "fresh", "signed")
    ),
    "comments/<str:target>/<int:pk>/": Skip(
        "a POST of a reader's comment, rate-limited per address"
    ),
    "comments/<int:pk>/report/": Measure(args={"pk": "{comment}"}),
    # The floor views themselves.
    "_bench/floor/": Skip("the floor every row is measured against"),
    "_bench/floor-insert/": Skip("the floor of submissions"),
}

# The back office's own views beyond each model's standard pages, with the role
# that uses them.
BACK_OFFICE: dict[str, Measure | Skip] = {
    "admin/": Skip("measured as each role's index (admin_rows)"),
    "admin/login/": Measure(),
    "admin/logout/": Skip("a POST that ends the session"),
    "admin/password_change/": Measure(role="operator"),
    "admin/password_change/done/": Measure(role="operator"),
    "admin/autocomplete/": Measure(
        role="operator",
        args={
            "query": "app_label=hotline&model_name=complaint&field_name=duplicate_of"
            "&term=2026"
        },
    ),
    "admin/jsi18n/": Measure(role="operator"),
    "admin/r/<path:content_type_id>/<path:object_id>/": Skip(
        "a redirect to the public page of an object"
    ),
    "admin/<app_label>/": Measure(args={"app_label": "hotline"}, role="operator"),
    "admin/<url>": Skip("the back office's answer to an address it does not know"),
    "admin/auth/user/<id>/password/": Measure(args={"id": "{user}"}, role="admin"),
    "admin/auth/user/<id>/two-factor/reset/": Measure(
        args={"id": "{user}"}, role="admin"
    ),
    # Two-factor log-in: the bench's sessions have passed the second step, so it
    # and enrolment only lead on to `next`; passkeys' steps are JSON a browser's
    # WebAuthn drives, each ceremony once.
    "admin/two-factor/": Skip("the second step, which a signed-in session passed"),
    "admin/two-factor/enrol/": Skip("enrolment, once per account"),
    "admin/two-factor/devices/": Measure(role="operator"),
    "admin/two-factor/recovery-codes/": Measure(role="operator"),
    "admin/two-factor/devices/<slug:kind>/<int:pk>/remove/": Skip(
        "a confirmation for one of one's own devices, whose POST removes it"
    ),
    "admin/passkeys/registration/begin/": Skip("a passkey ceremony's JSON step"),
    "admin/passkeys/registration/complete/": Skip("a passkey ceremony's JSON step"),
    "admin/passkeys/authentication/begin/": Skip("a passkey ceremony's JSON step"),
    "admin/passkeys/authentication/complete/": Skip("a passkey ceremony's JSON step"),
    "admin/passkeys/jsi18n/": Measure(role="operator"),
    "admin/hotline/complaint/<int:pk>/status/": Measure(
        args={"pk": "{complaint}"}, role="operator"
    ),
    "admin/hotline/complaint/<int:pk>/reply/": Measure(
        args={"pk": "{complaint}"}, role="operator"
    ),
    "admin/hotline/complaint/<int:pk>/extend/": Measure(
        args={"pk": "{formal_complaint}"}, role="operator"
    ),
    "admin/hotline/complaint/<int:pk>/flag/": Measure(
        args={"pk": "{complaint}"}, role="monitor"
    ),
    "admin/hotline/complaint/<int:pk>/refer/": Measure(
        args={"pk": "{complaint}"}, role="monitor"
    ),
    "admin/hotline/complaint/flags/<int:flag_pk>/settle/": Measure(
        args={"flag_pk": "{flag}"}, role="monitor"
    ),
    "admin/hotline/complaint/referrals/<int:referral_pk>/outcome/": Measure(
        args={"referral_pk": "{referral}"}, role="monitor"
    ),
    "admin/hotline/complaint/export/": Measure(role="analyst"),
    "admin/surveys/survey/<int:pk>/export/": Measure(
        args={"pk": "{results_survey}"}, role="analyst"
    ),
    "admin/surveys/survey/<int:pk>/codebook/": Measure(
        args={"pk": "{results_survey}"}, role="analyst"
    ),
    "admin/surveys/survey/exports/<int:export_pk>/": Measure(
        args={"export_pk": "{export}"}, role="analyst"
    ),
    "admin/surveys/survey/exports/<int:export_pk>/download/": Skip(
        "a finished export's file, streamed after an audit entry: a write per view"
    ),
    "admin/surveys/survey/<int:pk>/codes/": Measure(
        args={"pk": "{codes_survey}"}, role="analyst"
    ),
    "admin/surveys/survey/<int:pk>/paper/": Measure(
        args={"pk": "{open_survey}"}, role="analyst"
    ),
    "admin/surveys/survey/<int:pk>/publish/": Measure(
        args={"pk": "{results_survey}"}, role="analyst"
    ),
    "admin/events/eventrequest/<int:pk>/decline/": Measure(
        args={"pk": "{eventrequest}"}, role="coordinator"
    ),
    "admin/events/event/<int:pk>/status/": Measure(
        args={"pk": "{event}"}, role="coordinator"
    ),
    "admin/events/event/<int:pk>/checkin/": Measure(
        args={"pk": "{event}"}, role="coordinator"
    ),
    "admin/events/event/<int:pk>/registrations.csv": Measure(
        args={"pk": "{event}"}, role="coordinator"
    ),
    "admin/accountability/report/<int:pk>/status/": Measure(
        args={"pk": "{report}"}, role="press"
    ),
    "admin/accountability/priority/<int:pk>/status/": Measure(
        args={"pk": "{priority}"}, role="coordinator"
    ),
    "admin/accountability/priority/candidates/": Measure(role="analyst"),
}

# The standard pages of each registered model, and what measures them.
MODEL_PAGES = {
    "": ("changelist", ("first", "later", "filter")),
    "add/": ("add", ("first",)),
    "<path:object_id>/change/": ("change", ("first",)),
    "<path:object_id>/history/": ("history", ("first",)),
    "<path:object_id>/delete/": ("delete", ("first",)),
}
MODEL_REDIRECT = "<path:object_id>/"
# Who works with each app's models in the back office, first choice first; the
# first of them whose role has the permission the page needs signs in.
USERS_OF = {
    "hotline": ("operator", "monitor", "coordinator"),
    "surveys": ("analyst", "coordinator"),
    "events": ("coordinator", "press"),
    "accountability": ("press", "coordinator", "analyst"),
    "news": ("press", "coordinator"),
    "portal": ("coordinator", "monitor"),
    "auth": ("coordinator",),
}
STAFF_ROLES = ("operator", "monitor", "press", "analyst", "coordinator", "admin")


def path_of(route: str, args: dict[str, str], ids: dict) -> str:
    """The route with its arguments filled from the bench data; the argument
    `query` is the query string."""
    import re

    path = "/" + route
    for name, value in args.items():
        path = re.sub(rf"<(?:\w+:)?{name}>", value.format(**ids), path)
    if "<" in path:
        raise ValueError(f"no value for an argument of {route}")
    if "query" in args:
        path += "?" + args["query"].format(**ids)
    return path


def _with_query(path: str, query: str) -> str:
    return path + ("&" if "?" in path else "?") + query


def variant_pages(
    label: str, path: str, measure: Measure, ids: dict, *, back_office: bool
) -> Iterator[BenchPage]:
    """The rows of one route in one language."""
    cookie = ids["cookies"].get(measure.role or "") if measure.role else None
    headers = (("Cookie", cookie),) if cookie else ()
    for variant in measure.variants:
        target = BACK_OFFICE_TARGET if back_office else UNCACHED
        row_headers, fresh, shown = headers, False, path
        if variant == "first" and measure.kept:
            target = KEPT
        elif variant == "later":
            shown = _with_query(path, measure.later.format(**ids))
        elif variant == "filter":
            shown = _with_query(path, measure.query.format(**ids))
        elif variant == "fresh":
            # Every request new: a parameter no page reads, or new words to search.
            fresh = True
            target = KEPT if measure.kept and "q=" not in path else target
            if "q=" not in path:
                shown = _with_query(path, "from=bench")
        elif variant == "signed":
            row_headers = (("Cookie", ids["cookies"]["reader"]),)
        body = urlencode({k: v.format(**ids) for k, v in measure.body.items()})
        yield BenchPage(
            f"{label} · {variant}",
            shown,
            method=measure.method,
            body=body,
            target=target,
            headers=row_headers,
            fresh=fresh,
        )


def _languages(i18n: bool) -> tuple[str, ...]:
    return ("uk", "en") if i18n else ("uk",)


def _prefixed(path: str, language: str) -> str:
    return "/en" + path if language == "en" else path


def public_rows(routes, ids: dict) -> Iterator[BenchPage]:
    for route in routes:
        if route.route.startswith("admin/"):
            continue
        measure = PUBLIC[route.route]
        if isinstance(measure, Skip):
            continue
        path = path_of(route.route, measure.args, ids)
        for language in _languages(route.i18n):
            label = f"{_prefixed('/' + route.route, language)}"
            yield from variant_pages(
                label, _prefixed(path, language), measure, ids, back_office=False
            )


def admin_rows(routes, ids: dict) -> Iterator[BenchPage]:
    """Each role's index, the standard pages of every registered model signed in
    as the role that uses it, and the custom views."""
    from django.contrib import admin

    models = {
        f"admin/{model._meta.app_label}/{model._meta.model_name}/": model
        for model in admin.site._registry
    }
    for language in ("uk", "en"):
        for role in STAFF_ROLES:
            yield from variant_pages(
                f"{_prefixed('/admin/', language)} as {role}",
                _prefixed("/admin/", language),
                Measure(role=role),
                ids,
                back_office=True,
            )
    for route in routes:
        if not route.route.startswith("admin/"):
            continue
        prefix = next((p for p in models if route.route.startswith(p)), None)
        rest = route.route[len(prefix) :] if prefix else None
        if prefix and rest in MODEL_PAGES:
            model = models[prefix]
            page, variants = MODEL_PAGES[rest]
            role = ids["model_roles"][model._meta.label][page]
            if role is None:  # the admin refuses it to everyone: nothing to measure
                continue
            pk = ids["objects"][model._meta.label]
            args = {"object_id": str(pk)} if "object_id" in rest else {}
            filtered = ids["changelist_filters"].get(model._meta.label, "")
            if not filtered:
                variants = tuple(v for v in variants if v != "filter")
            measure = Measure(
                args=args, variants=variants, role=role, query=filtered, later="p=1"
            )
        elif prefix and rest == MODEL_REDIRECT:
            continue
        else:
            entry = BACK_OFFICE[route.route]
            if isinstance(entry, Skip):
                continue
            measure = entry
        path = path_of(route.route, measure.args, ids)
        for language in _languages(route.i18n):
            who = measure.role or "anonymous"
            label = f"{_prefixed('/' + route.route, language)} as {who}"
            yield from variant_pages(
                label, _prefixed(path, language), measure, ids, back_office=True
            )


def uncovered(routes) -> list[str]:
    """Routes without an entry, and entries without a route."""
    from django.contrib import admin

    prefixes = {
        f"admin/{model._meta.app_label}/{model._meta.model_name}/"
        for model in admin.site._registry
    }
    known = set(PUBLIC) | set(BACK_OFFICE)
    missing = []
    seen = set()
    for route in routes:
        seen.add(route.route)
        prefix = next((p for p in prefixes if route.route.startswith(p)), None)
        rest = route.route[len(prefix) :] if prefix else None
        if prefix and (rest in MODEL_PAGES or rest == MODEL_REDIRECT):
            continue
        if route.route not in known:
            missing.append(f"no entry for {route.route}")
    missing += [f"an entry for no route: {route}" for route in sorted(known - seen)]
    return missing


def rows() -> list[BenchPage]:
    """Every row, for this database: the public pages, the back office, and the
    submissions measured against the insert floor."""
    from django.urls import get_resolver

    from bench import hotline, ids
    from tests.access import walk

    routes = list(walk(get_resolver().url_patterns))
    values = ids.ids()
    submissions = [page for page in hotline.pages() if page.method == "POST"]
    return [*public_rows(routes, values), *admin_rows(routes, values), *submissions]
