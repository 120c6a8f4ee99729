"""The portal's own back-office pages look like the admin's: Django's breadcrumbs, the
admin's form styles and its form rows (templates/admin/portal/page.html and the
admin_form tag of portal/templatetags/portal_admin.py).

The pages are found by walking the admin's URL patterns, so that a new custom view
fails here until it is listed, and with it checked.
"""

from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser

import pytest
from django import forms
from django.contrib.admin.widgets import AdminDateWidget
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.urls import get_resolver
from django.utils import translation
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.access import walk
from tests.factories import totp_device
from tests.pages import make_page_data
from tests.test_html_valid import validate

pytestmark = pytest.mark.django_db

# Each custom admin view and a page of it, as tests/pages.py writes them; the ids
# come from make_page_data and _more_page_data.
SCREENS = {
    "admin:auth_user_two_factor_reset": "/admin/auth/user/{staff}/two-factor/reset/",
    "admin:two-factor-devices": "/en/admin/two-factor/devices/",
    "admin:two-factor-recovery-codes": "/admin/two-factor/recovery-codes/",
    "admin:two-factor-remove": "/en/admin/two-factor/devices/totp/{device}/remove/",
    "admin:hotline_complaint_status": "/admin/hotline/complaint/{complaint}/status/",
    "admin:hotline_complaint_reply": "/en/admin/hotline/complaint/{complaint}/reply/",
    "admin:hotline_complaint_extend": "/admin/hotline/complaint/{complaint}/extend/",
    "admin:hotline_complaint_flag": "/admin/hotline/complaint/{complaint}/flag/",
    "admin:hotline_complaint_refer": "/en/admin/hotline/complaint/{complaint}/refer/",
    "admin:hotline_complaint_settle": "/admin/hotline/complaint/flags/{flag}/settle/",
    "admin:hotline_complaint_outcome": (
        "/admin/hotline/complaint/referrals/{referral}/outcome/"
    ),
    "admin:surveys_survey_export": "/admin/surveys/survey/{survey_pk}/export/",
    "admin:surveys_survey_export_status": "/en/admin/surveys/survey/exports/{export}/",
    "admin:surveys_survey_codes": "/en/admin/surveys/survey/{codes_pk}/codes/",
    "admin:surveys_survey_paper": "/admin/surveys/survey/{survey_pk}/paper/",
    "admin:surveys_survey_publish": "/admin/surveys/survey/{published_pk}/publish/",
    "admin:events_eventrequest_decline": (
        "/en/admin/events/eventrequest/{request_pk}/decline/"
    ),
    "admin:events_event_status": "/admin/events/event/{event_pk}/status/",
    "admin:events_event_checkin": "/admin/events/event/{event_pk}/checkin/",
    "admin:accountability_report_status": (
        "/admin/accountability/report/{report_pk}/status/"
    ),
    "admin:accountability_priority_status": (
        "/en/admin/accountability/priority/{priority}/status/"
    ),
    "admin:accountability_priority_candidates": (
        "/admin/accountability/priority/candidates/"
    ),
}
# Standard admin views that open with a page of the portal's own.
OWN_STEPS = [
    "/admin/accountability/report/add/",
    "/en/admin/accountability/report/add/?community=&year=1999&period=h1",
]
# Custom admin views without a page of that kind: files, and the log-in's own steps,
# which look like Django's log-in page (no navigation, no breadcrumbs).
NOT_SCREENS = {
    "admin:hotline_complaint_export",
    "admin:surveys_survey_codebook",
    "admin:surveys_survey_export_download",
    "admin:events_event_export",
    "admin:two-factor",
    "admin:two-factor-enrol",
}
# Django's own: the site's views and each ModelAdmin's.
SITE_VIEWS = {
    "index",
    "login",
    "logout",
    "password_change",
    "password_change_done",
    "autocomplete",
    "jsi18n",
    "view_on_site",
    "app_list",
}
MODEL_VIEWS = ("_changelist", "_add", "_change", "_delete", "_history")


def custom_admin_views() -> set[str]:
    names = {route.name for route in walk(get_resolver().url_patterns)}
    return {
        name
        for name in names
        if name
        and name.startswith("admin:")
        and name.removeprefix("admin:") not in SITE_VIEWS
        and not name.endswith(MODEL_VIEWS)
    }


# A small tree of the page's elements, enough to ask where a field sits.

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta"}
VOID |= {"source", "track", "wbr"}


@dataclass(eq=False)
class Element:
    tag: str
    attrs: dict[str, str]
    parent: "Element | None" = None
    children: list["Element"] = field(default_factory=list)
    text: str = ""

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def ancestors(self):
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    def descendants(self):
        for child in self.children:
            yield child
            yield from child.descendants()

    def find(self, tag: str, css_class: str | None = None) -> list["Element"]:
        return [
            node
            for node in self.descendants()
            if node.tag == tag and (css_class is None or css_class in node.classes)
        ]

    def by_id(self, element_id: str) -> "Element":
        found = self.with_id(element_id)
        assert found is not None, element_id
        return found

    def with_id(self, element_id: str) -> "Element | None":
        return next(
            (n for n in self.descendants() if n.attrs.get("id") == element_id), None
        )


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = self.current = Element("#document", {})

    def handle_starttag(self, tag, attrs):
        node = Element(tag, {k: v or "" for k, v in attrs}, parent=self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(
            Element(tag, {k: v or "" for k, v in attrs}, parent=self.current)
        )

    def handle_endtag(self, tag):
        for node in [self.current, *self.current.ancestors()]:
            if node.tag == tag and node.parent is not None:
                self.current = node.parent
                return

    def handle_data(self, data):
        for node in [self.current, *self.current.ancestors()]:
            node.text += data


def parse(html: str) -> Element:
    builder = _TreeBuilder()
    builder.feed(html)
    return builder.root


def breadcrumb_problems(page: Element) -> list[str]:
    """What is not as Django's own breadcrumbs: Home first, the page last."""
    problems = []
    if page.find("div", "breadcrumbs"):
        problems.append("the old div.breadcrumbs")
    trails = page.find("ol", "breadcrumbs")
    if len(trails) != 1:
        return [*problems, f"{len(trails)} ol.breadcrumbs"]
    trail = trails[0]
    if trail.parent is None or trail.parent.tag != "nav":
        problems.append("the breadcrumbs are not in a nav")
    crumbs = [child for child in trail.children if child.tag == "li"]
    home = crumbs[0].find("a") if crumbs else []
    if not home or not home[0].attrs.get("href", "").endswith("/admin/"):
        problems.append("the first crumb is not Home")
    current = [c for c in crumbs if c.attrs.get("aria-current") == "page"]
    if len(crumbs) < 2 or current != crumbs[-1:]:
        problems.append("the last crumb, and only it, is not the current page")
    elif not current[0].text.strip():
        problems.append("the current page's crumb is empty")
    return problems


def stylesheets(page: Element) -> set[str]:
    return {
        link.attrs.get("href", "")
        for link in page.find("link")
        if link.attrs.get("rel") == "stylesheet"
    }


UNSEEN = {"hidden", "submit", "button", "reset", "image"}


def loose_fields(page: Element) -> list[str]:
    """The visible fields of the page's content outside the admin's form rows; a
    checkbox in a table's cell is at home, as the change list's are."""
    content = page.by_id("content-main")
    loose = []
    for node in content.descendants():
        if node.tag not in {"input", "select", "textarea"}:
            continue
        kind = node.attrs.get("type", "text")
        if node.tag == "input" and kind in UNSEEN:
            continue
        around = list(node.ancestors())
        in_row = any("form-row" in a.classes for a in around)
        ticked_in_table = kind == "checkbox" and node.parent and node.parent.tag == "td"
        if not in_row and not ticked_in_table:
            loose.append(node.attrs.get("name", node.tag))
    return loose


def _more_page_data(ids: dict, admin_user, django_user_model) -> dict:
    from hotline.models import ExternalReferral, Flag
    from surveys.models import Export

    staff = django_user_model.objects.create_user(username="staff", is_staff=True)
    totp_device(staff)
    flag = Flag.objects.create(
        complaint_id=ids["complaint"], raised_by=admin_user, reason="Неповно."
    )
    referral = ExternalReferral.objects.create(
        complaint_id=ids["complaint"], body="ombudsman", recorded_by=admin_user
    )
    export = Export.objects.create(
        survey_id=ids["survey_pk"],
        format="csv",
        layout="wide",
        language="uk",
        status="running",
        total=10,
        done=4,
        requested_by=admin_user,
    )
    return {
        "staff": staff.pk,
        "flag": flag.pk,
        "referral": referral.pk,
        "export": export.pk,
        "device": TOTPDevice.objects.get(user=admin_user).pk,
    }


@pytest.fixture
def screens(client, admin_user, django_user_model) -> dict[str, str]:
    """Every custom admin page, as a superuser sees it: {path: html}."""
    ids = make_page_data()
    client.force_login(admin_user)
    ids |= _more_page_data(ids, admin_user, django_user_model)
    pages = {}
    for path in [*SCREENS.values(), *OWN_STEPS]:
        response = client.get(path.format(**ids))
        assert response.status_code == 200, path
        pages[path] = response.text
    return pages


def test_every_custom_admin_view_is_checked_here_or_is_no_page():
    assert custom_admin_views() - NOT_SCREENS == set(SCREENS)


def test_custom_admin_pages_show_djangos_breadcrumbs(screens):
    problems = {
        path: breadcrumb_problems(parse(html)) for path, html in screens.items()
    }

    assert {path: found for path, found in problems.items() if found} == {}


def test_custom_admin_pages_load_the_admin_form_styles(screens):
    without = [
        path
        for path, html in screens.items()
        if not any(
            href.endswith("/admin/css/forms.css") for href in stylesheets(parse(html))
        )
    ]

    assert without == []


def test_every_field_of_a_custom_admin_page_sits_in_an_admin_form_row(screens):
    loose = {path: loose_fields(parse(html)) for path, html in screens.items()}

    assert {path: names for path, names in loose.items() if names} == {}


def test_custom_admin_pages_are_valid_html(screens, tmp_path):
    assert validate(screens, tmp_path) == []


def test_a_wrong_answer_on_a_custom_admin_page_is_marked_as_the_admin_marks_it(
    client, admin_user
):
    ids = make_page_data()
    client.force_login(admin_user)

    response = client.post(
        f"/en/admin/hotline/complaint/{ids['complaint']}/extend/", {"new_due": "soon"}
    )

    page = parse(response.text)
    assert [p.text for p in page.find("p", "errornote")] == [
        "Please correct the errors below."
    ]
    rows = {
        row.find("label")[0].attrs["for"]: "errors" in row.find("div")[0].classes
        for row in page.find("div", "form-row")
    }
    assert rows == {"id_new_due": True, "id_reason": True}


# The admin_form tag on its own, with every kind of field.


class EveryKindForm(forms.Form):
    kind = forms.ChoiceField(label="Kind", choices=[("a", "A"), ("b", "B")])
    note = forms.CharField(label="Note", widget=forms.Textarea, help_text="Why.")
    agreed = forms.BooleanField(label="Agreed", required=False)
    level = forms.ChoiceField(
        label="Level", choices=[("1", "1"), ("2", "2")], widget=forms.RadioSelect
    )
    on = forms.DateField(
        label="On",
        initial=date(2026, 12, 4),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    scan = forms.FileField(label="Scan", required=False)
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self):
        raise ValidationError("Not now.")


def render(template: str, **context) -> Element:
    return parse(
        Template("{% load portal_admin %}" + template).render(Context(context))
    )


def row_of(page: Element, field_id: str) -> Element:
    return next(a for a in page.by_id(field_id).ancestors() if "form-row" in a.classes)


def test_admin_form_lays_out_every_kind_of_field_as_the_admin_does():
    with translation.override("uk"):
        page = render("{% admin_form form %}", form=EveryKindForm())

    fieldset = page.find("fieldset", "aligned")[0]
    assert fieldset.classes >= {"module", "aligned"}
    for field_id in ["id_kind", "id_note", "id_on", "id_scan"]:
        row = row_of(page, field_id)
        assert row.find("label")[0].attrs["for"] == field_id
    assert row_of(page, "id_note").find("div", "help")[0].text.strip() == "Why."
    assert page.by_id("id_note").attrs["class"] == "vLargeTextField"
    around_checkbox = [a.classes for a in page.by_id("id_agreed").ancestors()]
    assert around_checkbox[0] == {"checkbox"} and "checkbox-row" in around_checkbox[1]
    radios = row_of(page, "id_level_0").find("fieldset")[0]
    assert radios.find("legend")[0].text.strip() == "Level:"
    assert "radiolist" in page.by_id("id_level").classes
    token = page.by_id("id_token")
    assert not any("form-row" in a.classes for a in token.ancestors())
    assert page.by_id("id_scan").attrs["type"] == "file"
    # The browser's date picker reads only ISO dates, whatever the language.
    assert page.by_id("id_on").attrs["value"] == "2026-12-04"
    assert page.find("p", "errornote") == []


def test_admin_form_shows_the_forms_own_errors_above_the_fields():
    form = EveryKindForm({"kind": "a", "note": "x", "level": "1", "on": "2026-01-01"})

    page = render("{% admin_form form %}", form=form)

    assert [p.text for p in page.find("p", "errornote")] == ["Not now."]


def test_admin_form_puts_its_fieldsets_headings_and_lines_where_given():
    fieldsets = [("First", {"fields": [("kind", "level")]}), ("Second", {"fields": []})]

    page = render(
        "{% admin_form form fieldsets=fieldsets %}",
        form=EveryKindForm(),
        fieldsets=fieldsets,
    )

    assert [h.text for h in page.find("h2", "fieldset-heading")] == ["First", "Second"]
    assert row_of(page, "id_kind") is row_of(page, "id_level_0")
    # Left out of the fieldsets, the hidden field is still sent; the others are not.
    assert page.with_id("id_token") is not None and page.with_id("id_note") is None


def test_a_form_with_the_admins_calendar_brings_the_admins_javascript_catalogue():
    class DateForm(forms.Form):
        on = forms.DateField(widget=AdminDateWidget)

    with_calendar = Template("{% load portal_admin %}{% admin_form_media form %}")
    html = with_calendar.render(Context({"form": DateForm()}))
    plain = with_calendar.render(Context({"form": EveryKindForm()}))

    assert html.index("/admin/jsi18n/") < html.index("calendar.js")
    assert "jsi18n" not in plain
