"""The bench stays outside the portal: no app of the portal imports it, so a
deployment, which never installs it, runs none of its code."""

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
IMPORT = re.compile(r"^\s*(from bench[ .]|import bench\b)", re.MULTILINE)


def test_no_app_of_the_portal_imports_the_bench():
    offenders = [
        str(path.relative_to(ROOT))
        for app in settings.INSTALLED_APPS
        if (ROOT / app).is_dir() and app != "bench"
        for path in (ROOT / app).rglob("*.py")
        if IMPORT.search(path.read_text())
    ]

    assert offenders == []
