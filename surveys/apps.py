"""Community surveys of confidence in the police and local security problems."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from portal.areas import Area
from portal.kept import Kept

# What a blank questionnaire shows.
QUESTIONNAIRE = (
    "surveys.Survey",
    "surveys.Section",
    "surveys.Question",
    "surveys.Option",
    "portal.Community",
)
# What the results pages show: the counts, the questions and their options, and the
# trust index of every wave of the series.
RESULTS = (
    "surveys.SurveySeries",
    "surveys.Survey",
    "surveys.Question",
    "surveys.Option",
    "portal.Community",
)


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = _("Surveys")
    # What the audit log calls this app's recorded actions (portal.audit).
    audit_actions = {
        "surveys.access_codes_created": _("survey access codes made"),
        "surveys.copied_as_new_wave": _("survey copied as a new wave"),
        "surveys.paper_response_entered": _("paper questionnaire keyed in"),
        "surveys.responses_exported": _("survey responses exported"),
        "surveys.results_published": _("survey results published"),
    }
    portal_area = Area(
        title=_("Surveys"),
        url_name="surveys:list",
        order=20,
        home_context="surveys.summaries.home_context",
        home_template="surveys/home_block.html",
        community_context="surveys.summaries.community_context",
        community_template="surveys/community_block.html",
        community_order=40,
        home_kept="surveys-home",
        community_kept="surveys-community",
    )
    seed_demo = "surveys.demo.seed_demo"
    search_kinds = "surveys.search.search_kinds"
    sitemaps = "surveys.sitemaps.sitemaps"
    # Answers reach nothing kept but the back office's counts, when those expire:
    # results are counted once a survey closes, and the count saves the survey.
    kept = (
        Kept("surveys-form", models=QUESTIONNAIRE, by=("survey",)),
        # Surveys open and close with the clock.
        Kept(
            "surveys-list",
            models=("surveys.SurveySeries", "surveys.Survey"),
            timeout=60,
        ),
        Kept(
            "survey-results",
            models=RESULTS,
            by=("survey", "counted"),
            query=("community", "age_group", "gender"),
        ),
        # Surveys open and close with the clock.
        Kept(
            "surveys-home",
            models=("surveys.Survey",),
            timeout=60,
            part_of=("home-blocks",),
        ),
        Kept(
            "surveys-community",
            models=("surveys.SurveySeries", "surveys.Survey"),
            by=("community",),
            part_of=("community-blocks",),
        ),
        # Surveys open with the clock.
        Kept(
            "surveys-sitemap",
            models=("surveys.Survey",),
            by=("section",),
            query=("p",),
            languages=False,
            timeout=600,
            part_of=("sitemap-index",),
        ),
        # The counts on a survey's page in the back office: new responses reach
        # them when they expire.
        Kept(
            "survey-responses",
            models=("surveys.Response",),
            arrivals=("surveys.Response",),
            by=("survey",),
            timeout=60,
            languages=False,
        ),
        Kept(
            "surveys-search",
            models=("surveys.Survey",),
            by=("words", "page"),
            timeout=60,
            part_of=("search-results",),
        ),
    )
