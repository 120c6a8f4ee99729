"""Every action the audit log records has a label in both languages, which the back
office shows while the log keeps, and filters by, the code."""

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from portal import audit
from portal.models import AuditEntry

ROOT = Path(settings.BASE_DIR)


def _recorded_codes(tree: ast.AST) -> set[str]:
    """The action codes of every `audit.record(...)` call in a module: a literal,
    or a choice between literals."""
    codes = set()
    for node in ast.walk(tree):
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "record"
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "audit"
        ):
            continue
        first = node.args[0]
        options = (
            [first.body, first.orelse] if isinstance(first, ast.IfExp) else [first]
        )
        for option in options:
            assert isinstance(option, ast.Constant) and isinstance(option.value, str), (
                f"line {node.lineno}: an action code the log labels must be written "
                f"out, not built: {ast.unparse(first)}"
            )
            codes.add(option.value)
    return codes


def _portal_sources():
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if parts[0] in {".venv", "var", "node_modules"} or "tests" in parts:
            continue
        yield path


def test_every_recorded_action_is_named_and_every_name_recorded():
    recorded = set()
    for path in _portal_sources():
        recorded |= _recorded_codes(ast.parse(path.read_text(), str(path)))
    named = set(audit.action_labels())
    assert recorded - named == set(), "recorded without a label"
    assert named - recorded == set(), "labelled but never recorded"


def test_the_scan_catches_an_unnamed_or_built_code():
    found = _recorded_codes(
        ast.parse('audit.record("a.b" if x else "a.c", actor=None)\nrecord("x")')
    )
    assert found == {"a.b", "a.c"}
    with pytest.raises(AssertionError, match="written out"):
        _recorded_codes(ast.parse('audit.record(f"a.{kind}", actor=None)'))


def test_labels_read_in_each_language():
    with translation.override("uk"):
        assert audit.action_label("hotline.complaint.personal_data_viewed") == (
            "переглянуто персональні дані заявника"
        )
    with translation.override("en"):
        assert audit.action_label("hotline.complaint.personal_data_viewed") == (
            "complainant's personal data viewed"
        )
    # An entry written by code that has since gone keeps its code.
    assert audit.action_label("portal.something.retired") == "portal.something.retired"


def test_the_log_shows_labels_and_filters_by_code(client, role_user):
    monitor = role_user("monitor")
    audit.record("hotline.complaints.exported", actor=monitor, filters="")
    audit.record("auth.recovery_codes_regenerated", actor=monitor, obj=monitor)
    client.force_login(monitor)
    # Written out: reverse() follows whatever language an earlier request left.
    url = "/admin/portal/auditentry/"

    page = client.get(url).content.decode()
    # The column and the filter read as words; the codes stay in the links.
    assert '<td class="field-what">експортовано звернення</td>' in page
    assert "?action=hotline.complaints.exported" in page
    assert ">експортовано звернення</a>" in page
    assert ">hotline.complaints.exported<" not in page

    only = client.get(url, {"action": "hotline.complaints.exported"})
    assert list(only.context["cl"].result_list.values_list("action", flat=True)) == [
        "hotline.complaints.exported"
    ]

    entry = AuditEntry.objects.get(action="auth.recovery_codes_regenerated")
    detail = client.get(f"{url}{entry.pk}/change/")
    text = detail.content.decode()
    assert "створено нові коди відновлення" in text
    assert "auth.recovery_codes_regenerated" in text
