from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The cached community pages; any change to what they show makes them stale.
COMMUNITY_FRAGMENT = "community-pages"
# The kept search results; any change to a kind of thing the search finds makes
# them stale.
SEARCH_FRAGMENT = "search-results"


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")
    # Hooks collected by portal.areas.app_hooks; every feature app may declare its own.
    seed_demo = "portal.demo.seed_demo"

    def ready(self):
        from django.apps import apps
        from django.db.models.signals import post_delete, post_save

        from portal import auth, roles  # noqa: F401  (connects their signal handlers)
        from portal.areas import community_models

        for label in {"portal.Community", "portal.Settlement", *community_models()}:
            model = apps.get_model(label)
            post_save.connect(_community_data_changed, sender=model)
            post_delete.connect(_community_data_changed, sender=model)

        from portal.search import searched_models

        for model in searched_models():
            post_save.connect(_searched_data_changed, sender=model)
            post_delete.connect(_searched_data_changed, sender=model)


def _community_data_changed(**kwargs):
    from django.db import transaction

    from portal import fragments

    transaction.on_commit(lambda: fragments.bump(COMMUNITY_FRAGMENT), robust=True)


def _searched_data_changed(**kwargs):
    from django.db import transaction

    from portal import fragments

    transaction.on_commit(lambda: fragments.bump(SEARCH_FRAGMENT), robust=True)
