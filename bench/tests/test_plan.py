"""The bench measures every URL pattern: each has an entry in bench/plan.py (or is a
model page of the back office, which the admin site itself lists), and every row it
makes opens for the role it is measured as."""

import io
from http.cookies import SimpleCookie

import pytest
from django.test import Client, override_settings

from bench import ids, parts, plan
from tests.access import full_urlconf, walk


@pytest.fixture
def routes(tmp_path):
    return list(walk(full_urlconf(tmp_path).urlpatterns))


def test_every_url_pattern_has_an_entry_and_every_entry_a_pattern(routes):
    assert plan.uncovered(routes) == []


def test_a_pattern_without_an_entry_is_reported(routes, monkeypatch):
    monkeypatch.delitem(plan.PUBLIC, "events/archive/")

    assert plan.uncovered(routes) == ["no entry for events/archive/"]


@pytest.mark.django_db
def test_every_row_answers_as_the_role_it_is_measured_as(tmp_path, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    parts.seed(0.002, io.StringIO())
    urlconf = full_urlconf(tmp_path)
    with override_settings(ROOT_URLCONF=urlconf.__name__, MEDIA_ROOT=tmp_path):
        values = ids.ids()
        found = list(walk(urlconf.urlpatterns))
        rows = [
            *plan.public_rows(found, values),
            *plan.admin_rows(found, values),
        ]
        failures = []
        for row in rows:
            client = Client()
            client.cookies = SimpleCookie(
                dict(header.split("=", 1) for _, header in row.headers)
            )
            path = row.path + ("%20-" if row.fresh else "")
            answer = client.get(path)
            if answer.status_code != 200:
                failures.append(f"{row.label}: {path} answered {answer.status_code}")

    assert len(rows) > 400
    assert failures == [], "\n".join(failures)
