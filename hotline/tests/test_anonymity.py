"""Anonymous feedback leaves nothing in the database that could identify the sender."""

import pytest
from django.db import connection

from hotline.models import Complaint
from tests.factories import form_data

ADDRESS = "203.0.113.77"
AGENT = "UniqueAgent/7.7 (identifying browser string)"


def every_text_in_the_database() -> str:
    """Every column of every table as text, so a test can search it all."""
    chunks: list[str] = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT * FROM {quoted}")  # noqa: S608 (table names only)
            chunks.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(chunks)


@pytest.mark.django_db(transaction=True)
def test_an_anonymous_complaint_stores_no_address_agent_or_session(client):
    response = client.post(
        "/hotline/new/",
        form_data(),
        REMOTE_ADDR=ADDRESS,
        HTTP_USER_AGENT=AGENT,
        HTTP_X_FORWARDED_FOR="198.51.100.23",
    )

    assert response.status_code == 200
    assert Complaint.objects.count() == 1
    stored = every_text_in_the_database()
    assert ADDRESS not in stored
    assert "198.51.100.23" not in stored
    assert "UniqueAgent" not in stored
    assert "sessionid" not in response.cookies


@pytest.mark.django_db(transaction=True)
def test_tracking_and_following_up_store_no_address_either(client):
    import re

    filed = client.post("/hotline/new/", form_data(), REMOTE_ADDR=ADDRESS)
    found = re.search(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){3}", filed.text)
    assert found is not None
    receipt = found.group(0)

    client.post("/hotline/track/", {"receipt": receipt}, REMOTE_ADDR=ADDRESS)
    client.post(
        "/hotline/track/add/",
        {"receipt": receipt, "text": "Ще одна деталь про подію."},
        REMOTE_ADDR=ADDRESS,
        HTTP_USER_AGENT=AGENT,
    )
    client.post(
        "/hotline/track/", {"receipt": "AAAA-BBBB-CCCC-DDDD"}, REMOTE_ADDR=ADDRESS
    )

    stored = every_text_in_the_database()
    assert ADDRESS not in stored
    assert "UniqueAgent" not in stored
    assert receipt not in stored
    assert receipt.replace("-", "") not in stored
