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
    offenders = [
        f"{path.relative_to(ROOT)}: {name}"
        for path, tree in modules("portal")
        for name in sorted(imported(tree))
        if name.split(".")[0] in FEATURE_APPS
    ]

    assert offenders == []
