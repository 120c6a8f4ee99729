"""The dependency locks: every package the portal installs, its own and every one they
need, is pinned to one version with the hashes of its files, `make` installs only from
the locks with pip's hash checking on, and the bench's load tool stays out of the
runtime and the tests.

The *.in files say what the portal asks for; `make lock` resolves them into the *.txt
files (uv pip compile --generate-hashes). These tests read the files as pip would.
"""

import re
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
LOCKS = {
    "requirements.txt": "requirements.in",
    "requirements-dev.txt": "requirements-dev.in",
    "requirements-bench.txt": "requirements-bench.in",
}


def lock_entries(name: str) -> dict[str, tuple[Requirement, list[str]]]:
    """The lock's requirements by canonical name, each with its hashes."""
    text = (ROOT / name).read_text()
    # A requirement runs over continuation lines ("\\" at the end) until a line
    # without one; comments ("# via ...") stand on lines of their own.
    logical, current = [], ""
    for line in text.splitlines():
        stripped = line.strip()
        if not current and (not stripped or stripped.startswith("#")):
            continue
        current += " " + stripped.removesuffix("\\")
        if not stripped.endswith("\\"):
            logical.append(current.strip())
            current = ""
    entries: dict[str, tuple[Requirement, list[str]]] = {}
    for entry in logical:
        hashes = re.findall(r"--hash=sha256:([0-9a-f]{64})", entry)
        requirement = Requirement(re.sub(r"\s--hash=\S+", "", entry).strip())
        entries[canonicalize_name(requirement.name)] = (requirement, hashes)
    return entries


def asked_for(name: str) -> dict[str, Requirement]:
    """The pins of one *.in file and of the *.in files it includes with -r."""
    pins = {}
    for line in (ROOT / name).read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if not line or line.startswith("-c "):
            continue
        if line.startswith("-r "):
            pins.update(asked_for(line.removeprefix("-r ").strip()))
            continue
        requirement = Requirement(line)
        pins[canonicalize_name(requirement.name)] = requirement
    return pins


@pytest.mark.parametrize("lock", LOCKS)
def test_every_locked_package_is_pinned_with_hashes(lock):
    entries = lock_entries(lock)
    assert len(entries) > len(asked_for(LOCKS[lock])), (
        "the lock holds what they need too"
    )
    for name, (requirement, hashes) in entries.items():
        specifiers = list(requirement.specifier)
        assert len(specifiers) == 1 and specifiers[0].operator == "==", name
        assert hashes, f"{name} has no hash in {lock}"


@pytest.mark.parametrize("lock", LOCKS)
def test_the_lock_holds_what_its_in_file_asks_for(lock):
    entries = lock_entries(lock)
    for name, requirement in asked_for(LOCKS[lock]).items():
        assert name in entries, f"{name} is asked for in {LOCKS[lock]} but not locked"
        (pin,) = requirement.specifier
        (locked,) = entries[name][0].specifier
        assert locked.version == pin.version, f"{name}: {lock} is stale, run make lock"


def test_the_locks_agree_on_every_version():
    """The dev lock is made under the runtime lock and the bench lock under the dev
    lock, so a package has one version wherever it is installed."""
    runtime = lock_entries("requirements.txt")
    dev = lock_entries("requirements-dev.txt")
    bench = lock_entries("requirements-bench.txt")
    assert runtime.keys() <= dev.keys() <= bench.keys()
    for name, (requirement, _hashes) in bench.items():
        for other in (runtime, dev):
            if name in other:
                assert str(other[name][0].specifier) == str(requirement.specifier), name


def test_the_load_tool_is_only_in_the_bench_lock():
    assert "locust" not in lock_entries("requirements.txt")
    assert "locust" not in lock_entries("requirements-dev.txt")
    assert "locust" in lock_entries("requirements-bench.txt")


def test_make_installs_only_from_the_locks_with_hashes_required():
    makefile = (ROOT / "Makefile").read_text()
    installs = re.findall(r"^\t\$\(PIP_INSTALL\) (.+)$", makefile, re.MULTILINE)
    assert sorted(installs) == [
        "-r requirements-bench.txt",
        "-r requirements-dev.txt",
        "-r requirements.txt",
    ]
    assert re.search(r"^PIP_INSTALL := .*--require-hashes$", makefile, re.MULTILINE)
    # No other pip install of a requirements file, which would skip the hashes.
    for line in makefile.splitlines():
        if "pip install" in line and "-r " in line:
            pytest.fail(f"an install without the lock's hashes: {line}")


def test_what_runs_here_is_what_the_dev_lock_says():
    """The environment the tests run in was installed from the dev lock: every package
    of it that applies to this platform is installed at the locked version."""
    for name, (requirement, _hashes) in lock_entries("requirements-dev.txt").items():
        if requirement.marker and not requirement.marker.evaluate():
            continue
        (pin,) = requirement.specifier
        assert metadata.version(name) == pin.version, f"{name} differs from the lock"
