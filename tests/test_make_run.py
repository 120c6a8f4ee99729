"""`make run PORT=...` points the demo's links (e-mails, share buttons) at the port
it serves, not at 8000."""

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def planned(*arguments: str) -> str:
    """What make would run, without running it."""
    return subprocess.run(
        ["make", "--always-make", "--dry-run", "run", *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_the_site_address_follows_the_port():
    commands = planned("PORT=8123").splitlines()

    seed = next(line for line in commands if "seed_demo" in line)
    serve = next(line for line in commands if "runserver" in line)
    assert "SITE_URL=http://127.0.0.1:8123 " in seed
    assert "SITE_URL=http://127.0.0.1:8123 " in serve
    assert serve.endswith("runserver 127.0.0.1:8123")


def test_a_site_address_given_is_kept():
    commands = planned("PORT=8123", "SITE_URL=https://portal.example.org")

    serve = next(line for line in commands.splitlines() if "runserver" in line)
    assert "SITE_URL=https://portal.example.org " in serve
