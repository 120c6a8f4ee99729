"""The portal's share of the bench: a raion of communities, and the home pages."""

from bench.pages import BenchPage, signed_in_cookie
from portal.demo import DEMO_COMMUNITIES, seed_communities
from portal.models import Community, Settlement


def seed(scale: float, stdout) -> None:
    """A raion-sized set of places; the feature apps add the volume."""
    communities = [
        (
            f"bench-{n:02d}",
            f"Громада {n:02d}",
            f"Community {n:02d}",
            Community.Kind.RURAL,
            5000 + n * 100,
            [
                (
                    f"Село {n:02d}-{m:02d}",
                    f"Village {n:02d}-{m:02d}",
                    Settlement.Kind.VILLAGE,
                )
                for m in range(20)
            ],
        )
        for n in range(12)
    ]
    seed_communities(DEMO_COMMUNITIES + communities)
    stdout.write(f"Communities: {Community.objects.count()}")


def pages() -> list[BenchPage]:
    return [
        BenchPage("home (uk)", "/"),
        BenchPage("home (en)", "/en/"),
        BenchPage(
            "home, signed-in reader", "/", headers=(("Cookie", signed_in_cookie()),)
        ),
        BenchPage("healthz", "/healthz/"),
    ]
