"""Community surveys of confidence in the police and local security problems."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from portal.areas import Area


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = _("Surveys")
    portal_area = Area(
        title=_("Surveys"),
        url_name="surveys:list",
        order=20,
        home_context="surveys.summaries.home_context",
        home_template="surveys/home_block.html",
        community_context="surveys.summaries.community_context",
        community_template="surveys/community_block.html",
        community_order=40,
        community_models=("surveys.Survey",),
    )
    seed_demo = "surveys.demo.seed_demo"
    search_kinds = "surveys.search.search_kinds"
    sitemaps = "surveys.sitemaps.sitemaps"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from portal.models import Community
        from surveys.results import results_changed

        for model in (self.get_model("Survey"), self.get_model("SurveySeries")):
            post_save.connect(_trust_changed, sender=model)
            post_delete.connect(_trust_changed, sender=model)
        # The cached results pages show these; counting the cells saves the survey.
        for name in ("SurveySeries", "Survey", "Question", "Option"):
            post_save.connect(results_changed, sender=self.get_model(name))
            post_delete.connect(results_changed, sender=self.get_model(name))
        post_save.connect(results_changed, sender=Community)
        post_delete.connect(results_changed, sender=Community)
        # The kept blank questionnaires show these.
        from surveys.views import forms_changed

        for model in (
            *(self.get_model(name) for name in ("Survey", "Section", "Question")),
            self.get_model("Option"),
            Community,
        ):
            post_save.connect(forms_changed, sender=model)
            post_delete.connect(forms_changed, sender=model)


def _trust_changed(**kwargs):
    from django.db import transaction

    from portal import fragments
    from surveys.summaries import TRUST_FRAGMENT

    transaction.on_commit(lambda: fragments.bump(TRUST_FRAGMENT), robust=True)
