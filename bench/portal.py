"""The portal's share of the bench: a raion of communities, and the home pages."""

from bench.pages import BenchPage, signed_in_cookie
from portal.demo import DEMO_COMMUNITIES, seed_communities
from portal.models import Community, Settlement

# Communities at scale 1; ten times as many, at scale 10, are Ukraine's ~1,500
# hromadas, each with 20 villages (some 30,000 settlements, as the country has).
COMMUNITIES = 150
VILLAGES = 20


def seed(scale: float, stdout) -> None:
    """A region of places, a nation's at scale 10; the feature apps add the volume.
    Made in bulk: the kept pages are made stale once the whole seed is in."""
    seed_communities(DEMO_COMMUNITIES)
    count = max(12, round(COMMUNITIES * scale))
    existing = set(
        Community.objects.filter(slug__startswith="bench-").values_list(
            "slug", flat=True
        )
    )
    wanted = [n for n in range(count) if f"bench-{n:02d}" not in existing]
    for start in range(0, len(wanted), 500):
        made = Community.objects.bulk_create(
            Community(
                slug=f"bench-{n:02d}",
                name=f"Громада {n:02d}",
                name_en=f"Community {n:02d}",
                kind=Community.Kind.RURAL,
                population=5000 + n * 100,
            )
            for n in wanted[start : start + 500]
        )
        Settlement.objects.bulk_create(
            Settlement(
                community=community,
                name=f"Село {community.slug[6:]}-{m:02d}",
                name_en=f"Village {community.slug[6:]}-{m:02d}",
                kind=Settlement.Kind.VILLAGE,
            )
            for community in made
            for m in range(VILLAGES)
        )
    stdout.write(
        f"Communities: {Community.objects.count()}, "
        f"settlements: {Settlement.objects.count()}"
    )


def pages() -> list[BenchPage]:
    return [
        BenchPage("home (uk)", "/"),
        BenchPage("home (en)", "/en/"),
        BenchPage(
            "home, signed-in reader", "/", headers=(("Cookie", signed_in_cookie()),)
        ),
        BenchPage("healthz", "/healthz/"),
    ]
