"""While the database is unreachable, visitors get a short 503 page in their language
that says when to come back, never a stack trace; nothing is half saved."""

import re
from contextlib import contextmanager

import pytest
from django.db import OperationalError, connection
from django.test import Client

from hotline.models import Complaint
from portal.views import server_error
from tests.factories import form_data
from tests.test_html_valid import validate

pytestmark = pytest.mark.django_db(transaction=True)


@contextmanager
def unreachable():
    """Point the connection where no database listens, as while PostgreSQL restarts:
    every query fails to connect, for real. SQLite's in-memory test database cannot
    be moved away, so there every query fails as a file that cannot be opened does."""
    if connection.vendor == "sqlite":

        def refuse(execute, sql, params, many, context):
            raise OperationalError("unable to open database file")

        with connection.execute_wrapper(refuse):
            yield
        return
    connection.close()
    saved = dict(connection.settings_dict)
    connection.settings_dict.update(HOST="127.0.0.1", PORT="1")
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)


@pytest.fixture
def database_down():
    with unreachable():
        yield


def unavailable_page(response) -> str:
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    assert "Traceback" not in response.text
    assert "OperationalError" not in response.text
    return response.text


def test_a_page_answers_503_in_english_while_the_database_is_down(database_down):
    html = unavailable_page(Client(raise_request_exception=False).get("/en/"))

    assert '<html lang="en">' in html
    assert "The portal will be back in a moment" in html
    assert "Emergency? Call 102." in html


def test_a_page_answers_503_in_ukrainian_while_the_database_is_down(database_down):
    html = unavailable_page(Client(raise_request_exception=False).get("/"))

    assert '<html lang="uk">' in html
    assert "Портал запрацює за мить" in html


def test_a_signed_in_editor_gets_the_same_page(admin_user, client):
    client.force_login(admin_user)
    client.raise_request_exception = False
    with unreachable():
        response = client.get("/en/admin/")

    assert "The portal will be back in a moment" in unavailable_page(response)


def test_a_filing_during_the_outage_is_refused_and_saves_nothing():
    data = form_data()
    with unreachable():
        refused = Client(raise_request_exception=False).post("/en/hotline/new/", data)

    assert "it was not saved" in unavailable_page(refused)
    assert Complaint.objects.count() == 0


def test_the_portal_recovers_by_itself_once_the_database_is_back(client):
    with unreachable():
        assert client.get("/en/hotline/new/").status_code == 503

    response = client.post("/en/hotline/new/", form_data())

    assert response.status_code == 200
    assert re.search(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){3}", response.text)
    assert Complaint.objects.count() == 1


def test_a_database_error_outside_a_view_also_gets_the_503_page(rf):
    request = rf.get("/en/")
    request.LANGUAGE_CODE = "en"
    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError:
        response = server_error(request)

    assert "The portal will be back in a moment" in unavailable_page(response)


def test_other_errors_keep_the_500_page(rf):
    request = rf.get("/en/")
    try:
        raise ValueError("a bug")
    except ValueError:
        response = server_error(request)

    assert response.status_code == 500


def test_the_503_page_is_valid_html(database_down, tmp_path):
    visitor = Client(raise_request_exception=False)
    documents = {path: visitor.get(path).text for path in ["/", "/en/"]}

    assert validate(documents, tmp_path) == []
