"""The configuration is read from the environment and refuses values it cannot use."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STRONG_KEY = "k8#Qz!v2@Lr5^Tn9&Wp4*Hs7(Bd3)Fg6-Jm1+Xc0=Yv8~Nq2%Ze5$Ua7"

PRINT_SETTINGS = """
import django
from django.conf import settings
django.setup()
print(settings.DATABASES["default"]["ENGINE"])
print(settings.CELERY_TASK_ALWAYS_EAGER)
print(settings.CACHES["default"]["BACKEND"])
print(settings.MAILERS["default"]["BACKEND"])
print(settings.DEBUG)
"""


def run_python(code: str, **variables) -> subprocess.CompletedProcess:
    env = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "portal.settings"}
    env.update(variables)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )


def production_environment(**overrides) -> dict:
    return {
        "DEBUG": "false",
        "SECRET_KEY": STRONG_KEY,
        "ALLOWED_HOSTS": "portal.example.org",
        "DATABASE_URL": "postgres://portal@db.example.org/portal",
        "REDIS_URL": "redis://cache.example.org:6379/0",
        "EMAIL_URL": "smtp://portal:secret@mail.example.org:587/?tls=True",
        **overrides,
    }


def test_nothing_set_runs_the_embedded_default():
    result = run_python(PRINT_SETTINGS)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        "True",
        "django.core.cache.backends.locmem.LocMemCache",
        "portal.mail.ReadableConsoleBackend",
        "True",
    ]


def test_production_variables_select_postgresql_redis_and_smtp():
    result = run_python(PRINT_SETTINGS, **production_environment())

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "False",
        "django.core.cache.backends.redis.RedisCache",
        "django.core.mail.backends.smtp.EmailBackend",
        "False",
    ]


@pytest.mark.parametrize(
    ("variables", "named"),
    [
        ({"DEBUG": "maybe"}, "DEBUG"),
        ({"DATABASE_URL": "mysql://db/portal"}, "DATABASE_URL"),
        ({"DATABASE_URL": "postgres://db:port/portal"}, "DATABASE_URL"),
        ({"REDIS_URL": "http://127.0.0.1:6379"}, "REDIS_URL"),
        ({"EMAIL_URL": "pigeon://roof"}, "EMAIL_URL"),
        ({"EMAIL_URL": "smtp://mail.example.org:port"}, "EMAIL_URL"),
        ({"DATABASE_CONN_MAX_AGE": "forever"}, "DATABASE_CONN_MAX_AGE"),
        ({"LOGIN_FAILURE_LIMIT": "0"}, "LOGIN_FAILURE_LIMIT"),
        ({"LOG_LEVEL": "LOUD"}, "LOG_LEVEL"),
        ({"LOG_FORMAT": "xml"}, "LOG_FORMAT"),
        ({"CELERY_TASK_ALWAYS_EAGER": "sometimes"}, "CELERY_TASK_ALWAYS_EAGER"),
        ({"DEBUG": "false", "ALLOWED_HOSTS": "portal.example.org"}, "SECRET_KEY"),
        ({"DEBUG": "false", "SECRET_KEY": STRONG_KEY}, "ALLOWED_HOSTS"),
    ],
)
def test_a_bad_value_stops_start_up_and_names_the_variable(variables, named):
    result = run_python(PRINT_SETTINGS, **variables)

    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line.startswith("django.core.exceptions.ImproperlyConfigured")
    assert named in last_line


PRINT_LOG_FORMAT = """
import django
from django.conf import settings
django.setup()
print(settings.LOG_FORMAT, settings.LOGGING["handlers"]["console"]["formatter"])
"""


def test_logs_are_json_in_production_and_plain_in_the_embedded_default():
    embedded = run_python(PRINT_LOG_FORMAT)
    production = run_python(PRINT_LOG_FORMAT, **production_environment())
    chosen = run_python(PRINT_LOG_FORMAT, LOG_FORMAT="json")

    assert embedded.stdout.split() == ["plain", "plain"], embedded.stderr
    assert production.stdout.split() == ["json", "json"], production.stderr
    assert chosen.stdout.split() == ["json", "json"], chosen.stderr


def deployment_check(**overrides) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], **production_environment(**overrides)},
        capture_output=True,
        text=True,
    )


@pytest.mark.parametrize(
    "overrides",
    [
        {},
        {
            "BEHIND_TLS_PROXY": "true",
            "TRUSTED_PROXIES": "10.0.0.2",
            "LOG_FORMAT": "plain",
        },
    ],
)
def test_production_settings_pass_the_deployment_checklist(overrides):
    result = deployment_check(**overrides)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.parametrize(
    ("overrides", "warning"),
    [
        ({"SECURE_HSTS_SECONDS": "0"}, "security.W004"),
        ({"SECURE_SSL_REDIRECT": "false"}, "security.W008"),
    ],
)
def test_the_deployment_checklist_fails_on_a_weakened_setting(overrides, warning):
    result = deployment_check(**overrides)

    assert result.returncode != 0
    assert warning in result.stderr
