"""The portal's roles: Django groups and the permissions each one holds.

This table is the single source of truth. A data migration creates the groups, and after
every `migrate` the groups are brought back to exactly this table, so that permissions
added by a later app reach the roles that need them. Code checks permissions with
`user.has_perm(...)`, never group names. README.md shows the same matrix for people.
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db.models.signals import post_migrate
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class Role:
    key: str
    group: str
    label: "StrOrPromise"
    # Whether people in this role work in the back office (the Django admin).
    staff: bool
    permissions: frozenset[str]


_PLACES_READ = {"portal.view_community", "portal.view_settlement"}
_PLACES_WRITE = {
    "portal.add_community",
    "portal.change_community",
    "portal.add_settlement",
    "portal.change_settlement",
}

# Triage staff: the police operators and the human-rights monitors work one queue.
_HOTLINE_TRIAGE = {
    "hotline.view_complaint",
    "hotline.change_complaint",
    "hotline.view_personal_data",
    "hotline.view_attachments",
    "hotline.triage_complaint",
    "hotline.export_complaints",
    "hotline.view_complaintevent",
    "hotline.view_flag",
    "hotline.view_externalreferral",
    "hotline.view_category",
    "hotline.view_policeunit",
}

_SURVEY_BUILDING = {
    f"surveys.{verb}_{model}"
    for model in [
        "surveyseries",
        "survey",
        "section",
        "question",
        "option",
        "quota",
        "accesscode",
    ]
    for verb in ["view", "add", "change"]
} | {
    "surveys.delete_section",
    "surveys.delete_question",
    "surveys.delete_option",
    "surveys.delete_quota",
    "surveys.view_export",
    "surveys.export_responses",
    "surveys.publish_results",
    "surveys.enter_paper_responses",
}

_EVENT_SCHEDULING = {
    "events.view_event",
    "events.add_event",
    "events.change_event",
    "events.change_event_status",
    "events.view_audience",
}

_REPORTING = {
    "accountability.view_report",
    "accountability.add_report",
    "accountability.change_report",
    "accountability.publish_report",
    "accountability.view_reportattachment",
    "accountability.add_reportattachment",
    "accountability.change_reportattachment",
    "accountability.delete_reportattachment",
    "accountability.view_reportchange",
    "accountability.view_reportquestion",
    "accountability.change_reportquestion",
    "accountability.moderate_questions",
}

_PRIORITY_KEEPING = {
    "accountability.view_priority",
    "accountability.add_priority",
    "accountability.change_priority",
    "accountability.change_priority_status",
    "accountability.view_priorityupdate",
    "accountability.add_priorityupdate",
    "accountability.view_formation",
    "accountability.add_formation",
    "accountability.change_formation",
    "accountability.view_formation_contact",
}

# Writing and publishing news and prevention guides (news).
_ARTICLE_WRITING = {
    "news.view_article",
    "news.add_article",
    "news.change_article",
    "news.publish_article",
    "news.view_topic",
    "news.add_topic",
    "news.change_topic",
}

# Moderating readers' comments on articles and reports.
_COMMENT_MODERATION = {
    "news.view_comment",
    "news.moderate_comments",
    "news.view_commentflag",
}

# Reading reports (drafts included) and priorities in the back office.
_ACCOUNTABILITY_READ = {"accountability.view_report", "accountability.view_priority"}

ROLES = [
    Role(
        key="resident",
        group="resident",
        label=_("Resident"),
        staff=False,
        permissions=frozenset(),
    ),
    Role(
        key="operator",
        group="hotline operator",
        label=_("Hotline operator"),
        staff=True,
        permissions=frozenset(
            _PLACES_READ
            | _HOTLINE_TRIAGE
            | {"hotline.add_complaint", "hotline.extend_deadline"}
        ),
    ),
    Role(
        key="monitor",
        group="human-rights monitor",
        label=_("Human-rights monitor"),
        staff=True,
        permissions=frozenset(
            _PLACES_READ
            | _HOTLINE_TRIAGE
            | {
                "portal.view_auditentry",
                "hotline.flag_complaint",
                "hotline.refer_externally",
            }
            | _ACCOUNTABILITY_READ
        ),
    ),
    Role(
        key="press",
        group="press officer",
        label=_("Press officer"),
        staff=True,
        permissions=frozenset(
            _PLACES_READ
            | _EVENT_SCHEDULING
            | _REPORTING
            | {"accountability.view_priority", "accountability.view_formation"}
            | _ARTICLE_WRITING
        ),
    ),
    Role(
        key="analyst",
        group="analyst",
        label=_("Analyst"),
        staff=True,
        # Complaints without the complainants' personal data or files.
        permissions=frozenset(
            _PLACES_READ
            | _SURVEY_BUILDING
            | {
                "hotline.view_complaint",
                "hotline.export_complaints",
                "hotline.view_category",
            }
            | _ACCOUNTABILITY_READ
        ),
    ),
    Role(
        key="deputy",
        group="deputy",
        label=_("Deputy"),
        staff=False,
        permissions=frozenset(_PLACES_READ),
    ),
    Role(
        key="coordinator",
        group="coordinator",
        label=_("Coordinator"),
        staff=True,
        permissions=frozenset(
            _PLACES_READ
            | _PLACES_WRITE
            | {
                "portal.view_auditentry",
                "auth.view_user",
                "auth.add_user",
                "auth.change_user",
                "auth.view_group",
                "hotline.view_category",
                "hotline.add_category",
                "hotline.change_category",
                "hotline.view_policeunit",
                "hotline.add_policeunit",
                "hotline.change_policeunit",
                # Volunteers' paper questionnaires are keyed in by coordinators.
                "surveys.view_survey",
                "surveys.enter_paper_responses",
            }
            | _EVENT_SCHEDULING
            | {
                "events.view_registrant_data",
                "events.view_registration",
                "events.change_registration",
                "events.view_eventrequest",
                "events.change_eventrequest",
                "events.view_eventphoto",
                "events.add_eventphoto",
                "events.change_eventphoto",
                "events.delete_eventphoto",
            }
            | _PRIORITY_KEEPING
            | {"accountability.view_report"}
            | _ARTICLE_WRITING
            | _COMMENT_MODERATION
        ),
    ),
]
ROLES_BY_KEY = {role.key: role for role in ROLES}


def sync_roles(apps=global_apps) -> None:
    """Create the role groups and give each exactly the permissions of the table.

    A permission whose app is not migrated yet is skipped; the next sync adds it.
    """
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    permission_ids = {
        f"{app_label}.{codename}": pk
        for pk, app_label, codename in permission_model.objects.values_list(
            "pk", "content_type__app_label", "codename"
        )
    }
    for role in ROLES:
        group, _created = group_model.objects.get_or_create(name=role.group)
        wanted = [permission_ids[p] for p in role.permissions if p in permission_ids]
        group.permissions.set(wanted)


@receiver(post_migrate)
def _sync_roles_after_migrate(sender, using, apps=global_apps, **kwargs):
    # post_migrate is sent once per app, and permissions are created by a handler of
    # that same signal, which may run after this one; so create every app's
    # permissions first (it is idempotent), then bring the groups to the table.
    if sender.name != "portal" or not apps.is_installed("portal"):
        return
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using, apps=apps)
    sync_roles(apps)
