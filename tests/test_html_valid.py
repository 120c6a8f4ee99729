"""Pages are valid HTML5, checked by the Nu Html Checker (the W3C validator)."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import missing_service
from tests.pages import PUBLIC_PAGES, STAFF_PAGES, fill, make_page_data

ROOT = Path(__file__).resolve().parents[1]
VNU = (
    ROOT / ".venv" / "node" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
)


def validate(documents: dict[str, str], tmp_path: Path) -> list[str]:
    """Run the checker once over every document; return its errors."""
    if not shutil.which("java"):
        missing_service(
            "Java is needed by the HTML checker (apt-get install default-jre)"
        )
    if not VNU.exists():
        missing_service("The HTML checker is missing: make test installs it with npm")
    files = {}
    for number, (name, html) in enumerate(documents.items()):
        path = tmp_path / f"page{number}.html"
        path.write_text(html, encoding="utf-8")
        files[path.name] = name
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", "--errors-only", "--stdout"]
        + [str(tmp_path / f"page{n}.html") for n in range(len(documents))],
        capture_output=True,
        text=True,
    )
    messages = json.loads(result.stdout)["messages"]
    return [
        f"{files.get(m.get('url', '').rsplit('/', 1)[-1])}:{m.get('lastLine')}: "
        f"{m['message']}"
        for m in messages
    ]


def page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code in {200, 404}, path
    return response.text


@pytest.mark.django_db
def test_public_and_staff_pages_are_valid_html(client, admin_user, tmp_path):
    ids = make_page_data()
    documents = {path: page(client, path) for path in fill(PUBLIC_PAGES, ids)}
    client.force_login(admin_user)
    documents |= {path: page(client, path) for path in fill(STAFF_PAGES, ids)}

    assert validate(documents, tmp_path) == []
