"""What each app adds to `make bench`, listed here rather than declared by the apps,
which know nothing of the bench.

The order is that of INSTALLED_APPS: the communities come first, since the other
apps spread their rows over them, and the report's rows keep the order they have
always had.
"""

from bench import accountability, events, hotline, ids, news, portal, surveys
from bench.loadtest import BenchSubmission
from bench.pages import BenchPage
from portal import kept

# function(scale, stdout): the app's data, scale 1 being the size each issue names.
SEEDS = (
    portal.seed,
    hotline.seed,
    surveys.seed,
    events.seed,
    accountability.seed,
    news.seed,
    # What the rows of bench/plan.py name besides the apps' data.
    ids.seed,
)
# function() -> list[BenchPage]: the pages measured against a floor view.
PAGES = (
    portal.pages,
    hotline.pages,
    surveys.pages,
    events.pages,
    accountability.pages,
    news.pages,
)
# function() -> list[BenchSubmission]: the forms residents send in the mixed load.
MIX = (hotline.mix, surveys.mix)
# function() -> rows of (label, result, target, met): measures of their own.
MEASURES = (surveys.measures,)


def seed(scale: float, stdout) -> None:
    """Every app's bench data, in order."""
    for seed_app in SEEDS:
        seed_app(scale, stdout)
    # Bulk inserts send no signals: nothing kept from before may answer for them.
    kept.stale_on_commit(kept.declared())


def pages() -> list[BenchPage]:
    """Every page the bench measures, in the report's order."""
    return [page for app_pages in PAGES for page in app_pages()]


def submissions() -> list[BenchSubmission]:
    """The forms of the mixed load."""
    return [form for app_mix in MIX for form in app_mix()]


def measures() -> list[tuple[str, str, str, bool | None]]:
    """The rows of the apps' own measures."""
    return [row for app_measures in MEASURES for row in app_measures()]
