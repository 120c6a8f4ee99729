from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _

from portal.kept import Kept

# What the home and community pages name: the communities and their settlements.
PLACES = ("portal.Community", "portal.Settlement")


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")
    # What the audit log calls this app's recorded actions (portal.audit).
    audit_actions = {
        "auth.login": _("logged in with the password"),
        "auth.second_factor": _("passed the second factor"),
        "auth.second_factor_failed": _("wrong second-factor code"),
        "auth.second_factor_enrolled": _("set up two-factor log-in"),
        "auth.second_factor_added": _("added an authenticator or passkey"),
        "auth.second_factor_removed": _("removed an authenticator or passkey"),
        "auth.second_factor_reset": _("reset someone's two-factor log-in"),
        "auth.recovery_code_used": _("used a recovery code"),
        "auth.recovery_codes_regenerated": _("made new recovery codes"),
        "portal.personal_data.erased": _("personal data erased when its time was up"),
    }
    # Hooks collected by portal.areas.app_hooks; every feature app may declare its own.
    seed_demo = "portal.demo.seed_demo"
    # Upcoming events leave the home and community pages as time passes, and surveys
    # open and close, with no change to any row: those pages live a minute at most.
    # The areas' blocks declare what else they show (each app's `kept`, part of
    # "home-blocks" or "community-blocks").
    kept = (
        Kept("home-page", models=PLACES, timeout=60),
        Kept("home-blocks", part_of=("home-page",), timeout=60),
        Kept("home-communities", models=PLACES, part_of=("home-page",)),
        Kept("community-directory", models=PLACES, query=("q", "page")),
        Kept(
            "community-directory-results",
            models=PLACES,
            query=("q", "page"),
            part_of=("community-directory",),
        ),
        Kept("community-page", models=PLACES, by=("slug",), timeout=60),
        Kept(
            "community-blocks",
            models=PLACES,
            by=("community",),
            part_of=("community-page",),
            timeout=60,
        ),
        # The search's overview of every kind; each kind keeps its own pages, as
        # part of this (SearchKind.kept). Articles scheduled for later appear with no
        # change to any row: a minute at most.
        Kept("search-results", by=("words",), timeout=60),
        # The sitemap's index, and the sections of the portal's own pages; each
        # app keeps its sections' files (PortalSitemap.kept, by section and their
        # page of 5,000 entries, ?p=), part of the index.
        Kept("sitemap-index", languages=False),
        Kept(
            "pages-sitemap",
            by=("section",),
            query=("p",),
            languages=False,
            part_of=("sitemap-index",),
        ),
        Kept(
            "communities-sitemap",
            models=PLACES,
            by=("section",),
            query=("p",),
            languages=False,
            part_of=("sitemap-index",),
        ),
    )

    def ready(self):
        from portal import auth, kept, roles  # noqa: F401  (connect their signals)

        kept.connect()


class BackOfficeAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with the portal's site: staff pass a second factor first."""

    default = False  # PortalConfig is the portal app's own

    default_site = "portal.two_factor.site.BackOfficeSite"
