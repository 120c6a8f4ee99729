"""/healthz/ reports the database, the cache and the broker, and is never cached."""

import pytest
from django.db import OperationalError, connection


@pytest.mark.django_db
def test_healthz_answers_200_with_each_state(client):
    response = client.get("/healthz/")

    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok", "broker": "eager"}
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_is_down(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)

    response = client.get("/healthz/")

    assert response.status_code == 503
    assert response.json()["database"] == "error"
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_reports_a_broken_cache_but_stays_up(client, monkeypatch):
    from django.core.cache import cache

    def refuse(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "set", refuse)

    response = client.get("/healthz/")

    assert response.status_code == 200
    assert response.json()["cache"] == "error"


@pytest.mark.django_db
def test_healthz_reaches_a_real_broker(client, redis_url):
    from portal.celery import app

    previous = app.conf.broker_url, app.conf.task_always_eager
    # Item access, as Celery's own attribute access does: the stubs type broker_url
    # as a read-only property.
    app.conf["broker_url"], app.conf.task_always_eager = redis_url, False
    try:
        ok = client.get("/healthz/").json()["broker"]
        app.conf["broker_url"] = "redis://127.0.0.1:1/0"  # nothing listens there
        down = client.get("/healthz/")
    finally:
        app.conf["broker_url"], app.conf.task_always_eager = previous

    assert ok == "ok"
    assert down.status_code == 200
    assert down.json()["broker"] == "error"


def test_healthz_refuses_post(client):
    assert client.post("/healthz/").status_code == 405
