"""Reads go to the PostgreSQL replica only for requests that cannot miss a write."""

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import psycopg2
import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory

from portal import kept
from portal.db import ReplicaRouter, replica_reads_allowed
from portal.middleware import REPLICA_PIN_COOKIE, ReplicaReadsMiddleware
from portal.models import Community

ROOT = Path(__file__).resolve().parents[1]

PRINT_DATABASES = """
import django
from django.conf import settings
django.setup()
print(sorted(settings.DATABASES))
print(settings.DATABASE_ROUTERS)
print("portal.middleware.ReplicaReadsMiddleware" in settings.MIDDLEWARE)
replica = settings.DATABASES.get("replica", {})
mirror = replica.get("TEST", {}).get("MIRROR")
print(replica.get("CONN_MAX_AGE"), replica.get("CONN_HEALTH_CHECKS"), mirror)
"""


def run_python(code: str, **variables) -> subprocess.CompletedProcess:
    env = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "portal.settings"}
    env.update(variables)
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_replica_url_adds_the_replica_alias_the_router_and_the_middleware():
    result = run_python(
        PRINT_DATABASES,
        DATABASE_URL="postgres://portal@db.example.org/portal",
        DATABASE_REPLICA_URL="postgres://portal@replica.example.org/portal",
        DATABASE_CONN_MAX_AGE="60",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "['default', 'replica']",
        "['portal.db.ReplicaRouter']",
        "True",
        "60 True default",
    ]


def test_without_a_replica_url_there_is_one_database_and_no_router():
    result = run_python(
        PRINT_DATABASES, DATABASE_URL="postgres://portal@db.example.org/portal"
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "['default']",
        "[]",
        "False",
        "None None None",
    ]


@pytest.mark.parametrize(
    "variables",
    [
        {
            "DATABASE_URL": "postgres://portal@db.example.org/portal",
            "DATABASE_REPLICA_URL": "sqlite:///var/replica.sqlite3",
        },
        {"DATABASE_REPLICA_URL": "postgres://portal@replica.example.org/portal"},
        {
            "DATABASE_URL": "postgres://portal@db.example.org/portal",
            "DATABASE_REPLICA_URL": "mysql://replica.example.org/portal",
        },
        {
            "DATABASE_URL": "postgres://portal@db.example.org/portal",
            "DATABASE_REPLICA_URL": "postgres://replica.example.org:port/portal",
        },
    ],
)
def test_a_replica_that_cannot_serve_stops_the_start_naming_the_variable(variables):
    result = run_python(PRINT_DATABASES, **variables)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DATABASE_REPLICA_URL" in result.stderr


def test_a_bad_pin_duration_stops_the_start_naming_the_variable():
    result = run_python(PRINT_DATABASES, DATABASE_REPLICA_PIN_SECONDS="0")

    assert result.returncode != 0
    assert "DATABASE_REPLICA_PIN_SECONDS" in result.stderr


# The middleware's decision, seen by the router from inside a view.


@pytest.fixture(autouse=True)
def replica_up(request, monkeypatch):
    """These tests have no replica alias: let the router take it as answering (the
    scratch databases below show what happens when it does not)."""
    if "scratch_databases" not in request.fixturenames:
        monkeypatch.setattr("portal.db.replica_answers", lambda: True)


def read_from(request) -> tuple[str, HttpResponse]:
    chosen = []

    def view(request):
        chosen.append(ReplicaRouter().db_for_read(Community))
        return HttpResponse()

    response = ReplicaReadsMiddleware(view)(request)
    return chosen[0], response


def test_an_anonymous_get_reads_from_the_replica():
    database, response = read_from(RequestFactory().get("/"))

    assert database == "replica"
    assert REPLICA_PIN_COOKIE not in response.cookies


def test_a_head_reads_from_the_replica():
    assert read_from(RequestFactory().head("/"))[0] == "replica"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_a_write_reads_from_the_primary_and_pins_the_browser_to_it(method, settings):
    settings.REPLICA_PIN_SECONDS = 7
    settings.DEBUG = False

    database, response = read_from(getattr(RequestFactory(), method)("/"))

    assert database == "default"
    cookie = response.cookies[REPLICA_PIN_COOKIE]
    assert cookie.value == "1"
    assert cookie["max-age"] == 7
    assert cookie["httponly"] is True
    assert cookie["secure"] is True
    assert cookie["samesite"] == "Lax"


def test_a_get_from_a_pinned_browser_reads_from_the_primary():
    request = RequestFactory().get("/")
    request.COOKIES[REPLICA_PIN_COOKIE] = "1"

    database, response = read_from(request)

    assert database == "default"
    # The pin runs out as set after the write; reading does not extend it.
    assert REPLICA_PIN_COOKIE not in response.cookies


def test_a_get_with_a_session_reads_from_the_primary():
    request = RequestFactory().get("/")
    request.COOKIES[django_settings.SESSION_COOKIE_NAME] = "anything"

    assert read_from(request)[0] == "default"


def test_an_options_request_reads_from_the_primary_without_a_pin():
    database, response = read_from(RequestFactory().options("/"))

    assert database == "default"
    assert REPLICA_PIN_COOKIE not in response.cookies


def test_reads_outside_a_request_go_to_the_primary():
    read_from(RequestFactory().get("/"))

    assert replica_reads_allowed.get() is False
    assert ReplicaRouter().db_for_read(Community) == "default"


def test_the_decision_is_reset_when_the_view_fails():
    def broken(request):
        raise RuntimeError("the view failed")

    with pytest.raises(RuntimeError):
        ReplicaReadsMiddleware(broken)(RequestFactory().get("/"))

    assert ReplicaRouter().db_for_read(Community) == "default"


def test_kept_pages_and_values_are_built_from_the_primary():
    def view(request):
        built = []

        def build():
            built.append(ReplicaRouter().db_for_read(Community))
            return "html"

        kept.html("events-registration-form", build)
        kept.value("home-blocks", build)
        built.append(ReplicaRouter().db_for_read(Community))
        return HttpResponse(" ".join(built))

    response = ReplicaReadsMiddleware(view)(RequestFactory().get("/"))

    # The page's own reads, after the kept parts, still go to the replica.
    assert response.content.decode() == "default default replica"


def test_writes_and_migrations_stay_on_the_primary():
    router = ReplicaRouter()
    token = replica_reads_allowed.set(True)
    try:
        assert router.db_for_write(Community) == "default"
    finally:
        replica_reads_allowed.reset(token)
    assert router.allow_migrate("default", "portal") is True
    assert router.allow_migrate("replica", "portal") is False


# The whole portal with two real PostgreSQL databases: a copy of the primary stands in
# for the replica, and each holds a community that the other does not, so a page shows
# which database it was read from.

PAGES_BY_DATABASE = """
import json
import django
django.setup()
from django.test.utils import setup_test_environment
setup_test_environment()
from django.contrib.auth import get_user_model
from django.test import Client
from portal.models import Community

Community.objects.using("default").create(
    name="Лише основна", name_en="Only on the primary", slug="primary", kind="rural"
)
Community.objects.using("replica").create(
    name="Лише репліка", name_en="Only on the replica", slug="replica", kind="rural"
)
# Written through the router, so on the primary only.
clerk = get_user_model().objects.create_user("clerk", password="x", is_staff=True)


def shown(client):
    # A page read afresh for every visitor (lists are kept for anonymous ones, and
    # kept pages are built from the primary): following a community finds it, or
    # answers 404.
    return [
        name
        for name in ("primary", "replica")
        if client.get(f"/en/accountability/follow/community/{name}/").status_code
        == 200
    ]


anonymous = Client()
resident = Client()
before_writing = shown(resident)
# Any write from this browser pins its next pages to the primary.
resident.post("/en/")
staff = Client()
staff.force_login(clerk)
print(json.dumps({
    "anonymous": shown(anonymous),
    "before_writing": before_writing,
    "after_writing": shown(resident),
    "signed_in": shown(staff),
    "outside_a_request": list(
        Community.objects.filter(slug__in=["primary", "replica"])
        .values_list("slug", flat=True)
    ),
    "healthz": Client().get("/healthz/").json(),
}))
"""

HEALTHZ = """
import json
import django
django.setup()
from django.test.utils import setup_test_environment
setup_test_environment()
from django.test import Client
response = Client().get("/healthz/")
print(json.dumps([response.status_code, response.json()]))
"""


REPLICA_FALLBACK = """
import json
import os
import time
import django
django.setup()
from django.test.utils import setup_test_environment
setup_test_environment()
from django.core.cache import caches
from django.db import connections
from django.test import Client
import portal.db
from portal.models import Community

Community.objects.using("default").create(
    name="Резерв основна", name_en="Fallback primary", slug="fallback-primary",
    kind="rural",
)


def shown():
    for cache in caches.all():
        cache.clear()
    answers = {
        name: Client().get(f"/en/accountability/follow/community/fallback-{name}/")
        for name in ("primary", "replica")
    }
    statuses = {answer.status_code for answer in answers.values()} - {404}
    return min(statuses or {404}), [
        name for name, answer in answers.items() if answer.status_code == 200
    ]


down = [shown(), shown()]
# The replica comes back, and the pause after its failure runs out.
connections["replica"].close()
connections["replica"].settings_dict["NAME"] = os.environ["WORKING_REPLICA"]
Community.objects.using("replica").create(
    name="Резерв репліка", name_en="Fallback replica", slug="fallback-replica",
    kind="rural",
)
portal.db._replica_skipped_until = time.monotonic() - 1
print(json.dumps({"down": down, "back": shown()}))
"""


@pytest.fixture(scope="module")
def scratch_databases():
    """A migrated primary and a copy of it as the replica, dropped afterwards."""
    if connection.vendor != "postgresql":
        pytest.skip("replicas are for PostgreSQL only")
    prefix = connection.settings_dict["NAME"]
    primary, replica = f"{prefix}_primary", f"{prefix}_replica"
    url = urlsplit(os.environ["DATABASE_URL"])
    urls = {name: url._replace(path=f"/{name}").geturl() for name in (primary, replica)}
    parameters = {
        key: value
        for key, value in {
            "host": connection.settings_dict["HOST"],
            "port": connection.settings_dict["PORT"],
            "user": connection.settings_dict["USER"],
            "password": connection.settings_dict["PASSWORD"],
        }.items()
        if value
    }
    server = psycopg2.connect(dbname="postgres", **parameters)
    server.autocommit = True

    def drop():
        with server.cursor() as cursor:
            for name in (replica, primary):
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    drop()
    try:
        with server.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{primary}"')
        migrated = subprocess.run(
            [sys.executable, "manage.py", "migrate", "--no-input"],
            cwd=ROOT,
            env={
                "PATH": os.environ["PATH"],
                "DJANGO_SETTINGS_MODULE": "portal.settings",
                "DATABASE_URL": urls[primary],
            },
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert migrated.returncode == 0, migrated.stderr
        with server.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{replica}" TEMPLATE "{primary}"')
        yield urls[primary], urls[replica]
    finally:
        drop()
        server.close()


def test_pages_read_from_the_replica_unless_the_visitor_needs_the_primary(
    scratch_databases,
):
    primary, replica = scratch_databases

    result = run_python(
        PAGES_BY_DATABASE, DATABASE_URL=primary, DATABASE_REPLICA_URL=replica
    )

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "anonymous": ["replica"],
        "before_writing": ["replica"],
        "after_writing": ["primary"],
        "signed_in": ["primary"],
        "outside_a_request": ["primary"],
        "healthz": {
            "database": "ok",
            "replica": "ok",
            "cache": "ok",
            "broker": "eager",
        },
    }


def test_healthz_reports_a_replica_that_does_not_answer_but_stays_up(
    scratch_databases,
):
    primary, replica = scratch_databases
    missing = urlsplit(replica)._replace(path=urlsplit(replica).path + "_gone")

    result = run_python(
        HEALTHZ, DATABASE_URL=primary, DATABASE_REPLICA_URL=missing.geturl()
    )

    assert result.returncode == 0, result.stderr
    status, checks = json.loads(result.stdout)
    assert status == 200
    assert checks["database"] == "ok"
    assert checks["replica"] == "error"


def test_a_replica_that_does_not_answer_is_skipped_until_it_is_back(scratch_databases):
    primary, replica = scratch_databases
    missing = urlsplit(replica)._replace(path=urlsplit(replica).path + "_gone")

    result = run_python(
        REPLICA_FALLBACK,
        DATABASE_URL=primary,
        DATABASE_REPLICA_URL=missing.geturl(),
        WORKING_REPLICA=urlsplit(replica).path.lstrip("/"),
    )

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        # Both pages come from the primary; the second does not try the replica.
        "down": [[200, ["primary"]], [200, ["primary"]]],
        "back": [200, ["replica"]],
    }
    assert result.stderr.count("The database replica does not answer") == 1
    assert result.stderr.count("The database replica answers again") == 1
    assert "_gone" not in result.stderr
