"""The house rules that can be read off the code (see STYLE.md), checked on every run
so that a change that breaks one fails here rather than in a review."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ["portal", "hotline", "surveys", "events", "accountability", "news"]
FEATURE_APPS = set(APPS) - {"portal"}


def modules(*apps: str):
    """The application code of `apps`, without tests and migrations."""
    for app in apps:
        for path in sorted((ROOT / app).rglob("*.py")):
            parts = path.relative_to(ROOT).parts
            if "tests" in parts or "migrations" in parts:
                continue
            yield path, ast.parse(path.read_text(encoding="utf-8"))


def imported(tree: ast.AST) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def status_writes(tree: ast.AST) -> list[int]:
    """Lines that assign a `.status` or update a queryset's status."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                elements = target.elts if isinstance(target, ast.Tuple) else [target]
                if any(
                    isinstance(e, ast.Attribute) and e.attr == "status"
                    for e in elements
                ):
                    lines.append(node.lineno)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "update"
            and any(keyword.arg == "status" for keyword in node.keywords)
        ):
            lines.append(node.lineno)
    return lines


def test_nothing_outside_actions_changes_a_status():
    # Demo and bench data create rows with the status they need, as tests do.
    offenders = [
        f"{path.relative_to(ROOT)}:{line}"
        for path, tree in modules(*APPS)
        if path.name not in {"actions.py", "demo.py", "bench.py"}
        for line in status_writes(tree)
    ]

    assert offenders == []


@pytest.mark.parametrize("app", sorted(FEATURE_APPS))
def test_no_app_imports_portal_admin(app):
    # portal.admin registers portal's own models; what apps share is in
    # portal.admin_mixins.
    offenders = [
        str(path.relative_to(ROOT))
        for path, tree in modules(app)
        if any(
            name == "portal.admin" or name.startswith("portal.admin.")
            for name in imported(tree)
        )
    ]

    assert offenders == []


def test_portal_imports_no_feature_app():
    assert offences("portal", other_feature_app) == []


def foreign_surface(app: str, name: str) -> bool:
    """`name` is another app's views or admin."""
    parts = name.split(".")
    return parts[0] in set(APPS) - {app} and parts[1:2] in (["views"], ["admin"])


def other_feature_app(app: str, name: str) -> bool:
    return name.split(".")[0] in FEATURE_APPS - {app}


def offences(app: str, rule) -> list[str]:
    return [
        f"{path.relative_to(ROOT)}: {name}"
        for path, tree in modules(app)
        for name in sorted(imported(tree))
        if rule(app, name)
    ]


@pytest.mark.parametrize("app", APPS)
def test_no_app_imports_another_apps_views_or_admin(app):
    """Views and admins are an app's own surface; what others may use lives in its
    models (QuerySet methods), summaries and actions."""
    assert offences(app, foreign_surface) == []


def test_the_hotline_imports_no_other_feature_app():
    """The hotline is the portal's core service and must work alone."""
    assert offences("hotline", other_feature_app) == []


@pytest.mark.parametrize(
    ("app", "source", "rule", "caught"),
    [
        ("accountability", "from hotline.views import stats", foreign_surface, True),
        ("surveys", "import events.admin", foreign_surface, True),
        ("surveys", "from surveys.admin import SurveyAdmin", foreign_surface, False),
        ("news", "from hotline.models import Complaint", foreign_surface, False),
        ("hotline", "from surveys.models import Survey", other_feature_app, True),
        ("hotline", "from portal.models import Community", other_feature_app, False),
        ("portal", "from news import models", other_feature_app, True),
    ],
)
def test_the_import_rules_catch_what_they_forbid(app, source, rule, caught):
    names = imported(ast.parse(source))

    assert any(rule(app, name) for name in names) is caught
