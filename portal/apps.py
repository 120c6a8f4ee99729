from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")
    # Hooks collected by portal.areas.app_hooks; every feature app may declare its own.
    seed_demo = "portal.demo.seed_demo"
    seed_bench = "portal.demo.seed_bench"
    bench_pages = "portal.demo.bench_pages"

    def ready(self):
        from portal import auth, roles  # noqa: F401  (connects their signal handlers)
