"""No web request holds a worker: PostgreSQL cancels a statement that runs longer than
DATABASE_STATEMENT_TIMEOUT, and the visitor gets a page that says so, in their
language, never a 500."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection
from django.db.backends.postgresql.base import DatabaseWrapper
from django.db.utils import OperationalError
from django.test import Client

from portal.db import limit_statements, statement_timed_out

POSTGRES = "django.db.backends.postgresql"


def test_the_limit_is_a_connection_option_of_every_postgresql_database():
    databases: dict[str, dict] = {
        "default": {"ENGINE": POSTGRES, "OPTIONS": {"options": "-c work_mem=8MB"}},
        "replica": {"ENGINE": POSTGRES, "OPTIONS": {"connect_timeout": 3}},
        "other": {"ENGINE": "django.db.backends.sqlite3"},
    }

    limit_statements(databases, 5000)

    assert databases["default"]["OPTIONS"] == {
        "options": "-c work_mem=8MB -c statement_timeout=5000"
    }
    assert databases["replica"]["OPTIONS"] == {
        "connect_timeout": 3,
        "options": "-c statement_timeout=5000",
    }
    assert "OPTIONS" not in databases["other"]


def test_no_limit_leaves_the_settings_alone():
    databases = {"default": {"ENGINE": POSTGRES, "OPTIONS": {}}}

    limit_statements(databases, 0)

    assert databases["default"]["OPTIONS"] == {}


def options_seen(entry: str, **environment: str) -> str:
    """The default database's OPTIONS in a new process that runs `entry`."""
    program = (
        f"{entry}\n"
        "from django.conf import settings\n"
        "print(settings.DATABASES['default'].get('OPTIONS', {}))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DATABASE_URL": "postgres://nobody@127.0.0.1:1/nothing",
        **environment,
    }
    env.pop("DATABASE_REPLICA_URL", None)
    done = subprocess.run(
        [sys.executable, "-c", program],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def test_the_web_entry_point_limits_the_web_processes_statements():
    # What gunicorn and the development server load.
    assert options_seen("import portal.wsgi") == (
        "{'options': '-c statement_timeout=5000'}"
    )
    assert options_seen("import portal.wsgi", DATABASE_STATEMENT_TIMEOUT="12") == (
        "{'options': '-c statement_timeout=12000'}"
    )
    assert options_seen("import portal.wsgi", DATABASE_STATEMENT_TIMEOUT="0") == "{}"


def test_celery_and_commands_run_without_the_limit():
    # What Celery's worker and manage.py load: the settings and the apps, not wsgi.
    assert options_seen("import django; django.setup()") == "{}"
    assert options_seen("from portal.celery import app") == "{}"


@pytest.fixture
def postgresql(db):
    if connection.vendor != "postgresql":
        pytest.skip("the statement time limit is PostgreSQL's")


def test_postgresql_cancels_a_statement_past_the_limit(postgresql):
    settings_dict = {**connection.settings_dict, "OPTIONS": {}}
    limit_statements({"default": settings_dict}, 200)
    limited = DatabaseWrapper(settings_dict, alias="limited")
    try:
        with limited.cursor() as cursor:
            cursor.execute("SELECT 1")
            with pytest.raises(OperationalError) as cancelled:
                cursor.execute("SELECT pg_sleep(2)")
    finally:
        limited.close()

    assert statement_timed_out(cancelled.value)


@pytest.fixture
def slow_search(postgresql, transactional_db):
    """Every search statement sleeps past a limit of 0.2 s, set on the connection as
    portal/wsgi.py sets it; PostgreSQL cancels it, for real."""

    def slow(execute, sql, params, many, context):
        if "to_tsquery" in sql:
            execute("SELECT pg_sleep(2)", None, many, context)
        return execute(sql, params, many, context)

    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = 200")
    try:
        with connection.execute_wrapper(slow):
            yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET statement_timeout = 0")


@pytest.mark.parametrize(
    "path, language, title",
    [
        ("/en/search/?q=slow+one", "en", "This page took too long to prepare"),
        ("/search/?q=slow+two", "uk", "Цю сторінку готували задовго"),
    ],
)
def test_a_cancelled_statement_answers_a_page_that_says_so(
    slow_search, path, language, title
):
    response = Client(raise_request_exception=False).get(path)

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "no-store" in response["Cache-Control"]
    assert f'<html lang="{language}">' in response.text
    assert title in response.text
    assert "Traceback" not in response.text and "pg_sleep" not in response.text


def test_the_portal_answers_again_after_a_cancelled_statement(slow_search):
    client = Client(raise_request_exception=False)
    assert client.get("/en/search/?q=slow+three").status_code == 503

    assert client.get("/en/").status_code == 200
