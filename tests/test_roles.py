"""Each role is a group holding exactly the permissions of the role matrix."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission

from portal.roles import ROLES, sync_roles

# The matrix written out again on purpose: changing a role's rights must change this
# test (and the table in README.md) too.
HOTLINE_TRIAGE = {
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
SURVEY_BUILDING = {
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
EVENT_SCHEDULING = {
    "events.view_event",
    "events.add_event",
    "events.change_event",
    "events.change_event_status",
    "events.view_audience",
}
REPORTING = {
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
PRIORITY_KEEPING = {
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
ARTICLE_WRITING = {
    "news.view_article",
    "news.add_article",
    "news.change_article",
    "news.publish_article",
    "news.view_topic",
    "news.add_topic",
    "news.change_topic",
}
COMMENT_MODERATION = {
    "news.view_comment",
    "news.moderate_comments",
    "news.view_commentflag",
}
EXPECTED = {
    "resident": set(),
    "hotline operator": {
        "portal.view_community",
        "portal.view_settlement",
        "hotline.add_complaint",
        "hotline.extend_deadline",
        *HOTLINE_TRIAGE,
    },
    "human-rights monitor": {
        "portal.view_community",
        "portal.view_settlement",
        "portal.view_auditentry",
        "hotline.flag_complaint",
        "hotline.refer_externally",
        *HOTLINE_TRIAGE,
        "accountability.view_report",
        "accountability.view_priority",
    },
    "press officer": {
        "portal.view_community",
        "portal.view_settlement",
        *EVENT_SCHEDULING,
        *REPORTING,
        "accountability.view_priority",
        "accountability.view_formation",
        *ARTICLE_WRITING,
    },
    "analyst": {
        "portal.view_community",
        "portal.view_settlement",
        "hotline.view_complaint",
        "hotline.export_complaints",
        "hotline.view_category",
        *SURVEY_BUILDING,
        "accountability.view_report",
        "accountability.view_priority",
    },
    "deputy": {"portal.view_community", "portal.view_settlement"},
    "coordinator": {
        "portal.view_community",
        "portal.view_settlement",
        "portal.add_community",
        "portal.change_community",
        "portal.add_settlement",
        "portal.change_settlement",
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
        "surveys.view_survey",
        "surveys.enter_paper_responses",
        *EVENT_SCHEDULING,
        "events.view_registrant_data",
        "events.view_registration",
        "events.change_registration",
        "events.view_eventrequest",
        "events.change_eventrequest",
        "events.view_eventphoto",
        "events.add_eventphoto",
        "events.change_eventphoto",
        "events.delete_eventphoto",
        *PRIORITY_KEEPING,
        "accountability.view_report",
        *ARTICLE_WRITING,
        *COMMENT_MODERATION,
    },
}


def group_permissions(group: Group) -> set[str]:
    return {
        f"{app_label}.{codename}"
        for app_label, codename in group.permissions.values_list(
            "content_type__app_label", "codename"
        )
    }


@pytest.mark.django_db
@pytest.mark.parametrize("group_name", sorted(EXPECTED))
def test_role_group_has_exactly_its_permissions(group_name):
    group = Group.objects.get(name=group_name)

    assert group_permissions(group) == EXPECTED[group_name]


@pytest.mark.django_db
def test_there_is_one_group_per_role_and_no_other():
    assert set(Group.objects.values_list("name", flat=True)) == set(EXPECTED)
    assert {role.group for role in ROLES} == set(EXPECTED)


@pytest.mark.django_db
def test_every_permission_in_the_matrix_exists():
    existing = {
        f"{app_label}.{codename}"
        for app_label, codename in Permission.objects.values_list(
            "content_type__app_label", "codename"
        )
    }

    for role in ROLES:
        assert role.permissions <= existing, role.key


@pytest.mark.django_db
def test_sync_restores_a_role_that_was_edited_by_hand():
    deputy = Group.objects.get(name="deputy")
    deputy.permissions.add(Permission.objects.get(codename="delete_community"))
    Group.objects.filter(name="analyst").delete()

    sync_roles()

    assert group_permissions(Group.objects.get(name="deputy")) == EXPECTED["deputy"]
    assert group_permissions(Group.objects.get(name="analyst")) == EXPECTED["analyst"]


@pytest.mark.django_db
def test_users_get_the_rights_of_their_role(role_user):
    monitor = role_user("monitor")
    deputy = role_user("deputy")

    assert monitor.has_perm("portal.view_auditentry")
    assert not deputy.has_perm("portal.view_auditentry")
    assert not deputy.is_staff


def test_code_asks_for_permissions_not_group_names():
    root = Path(__file__).resolve().parents[1]
    pattern = re.compile(r"groups\.(filter|get|exclude)\(\s*name")
    offenders = [
        str(path.relative_to(root))
        for path in root.glob("*/**/*.py")
        if ".venv" not in path.parts
        and "tests" not in path.parts
        and pattern.search(path.read_text())
    ]

    assert offenders == []
