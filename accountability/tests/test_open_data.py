"""Open data: described fields, CSV that Excel reads, JSON, and no personal data."""

import csv
import io
import json
from datetime import datetime, timedelta

import pytest
from django.utils import translation
from django.utils.html import escape

from accountability.opendata import DATASETS
from tests.factories import (
    community,
    follower,
    formation,
    priority,
    progress,
    report,
)

pytestmark = pytest.mark.django_db


def body(response) -> str:
    """A download's text: open data are sent from their written files."""
    return b"".join(response.streaming_content).decode()


@pytest.fixture
def published():
    place = community("chuhuiv")
    report(
        "small",
        place=place,
        complaints_received=3,
        complaints_answered=1,
        complaints_answered_in_time=4,
        registered_crimes=2,
    )
    report(
        "large",
        complaints_received=12,
        complaints_answered=5,
        complaints_answered_in_time=0,
    )
    report("draft", status="draft")
    progress(priority(place), "Рейд проведено.")
    formation(place)
    follower(place, "follower@example.org", confirmed_days_ago=2)


def csv_rows(client, name: str) -> tuple[str, list[list[str]]]:
    response = client.get(f"/accountability/opendata/{name}.csv")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8")
    return text, list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


def test_the_page_lists_every_dataset_with_its_field_descriptions(client):
    page = client.get("/en/accountability/opendata/").text

    for name, dataset in DATASETS.items():
        assert f"{name}.csv" in page and f"{name}.json" in page
        for field, _type, description in dataset.fields:
            assert f"<code>{field}</code>" in page
            with translation.override("en"):
                assert escape(str(description)) in page


@pytest.mark.parametrize("name", list(DATASETS))
def test_each_csv_starts_with_a_bom_and_has_the_declared_columns(
    client, published, name
):
    text, rows = csv_rows(client, name)

    assert text.startswith("\ufeff")
    assert rows[0] == [field.name for field in DATASETS[name].fields]
    assert len(rows) > 1
    assert all(len(row) == len(rows[0]) for row in rows)


@pytest.mark.parametrize("name", list(DATASETS))
def test_each_json_parses_with_the_declared_fields(client, published, name):
    response = client.get(f"/accountability/opendata/{name}.json")

    document = json.loads(body(response))
    assert document["dataset"] == name
    assert list(document["fields"]) == [field.name for field in DATASETS[name].fields]
    assert document["records"]
    assert all(
        list(record) == list(document["fields"]) for record in document["records"]
    )


@pytest.mark.parametrize("name", list(DATASETS))
def test_no_contact_data_or_email_appears(client, published, name):
    text, _ = csv_rows(client, name)
    json_text = body(client.get(f"/accountability/opendata/{name}.json"))

    for data in [text, json_text]:
        assert "@" not in data
        assert "Контактенко" not in data and "+380501112233" not in data


def test_hotline_counts_from_one_to_four_are_empty_in_the_reports(client, published):
    _, rows = csv_rows(client, "reports")
    records = json.loads(body(client.get("/accountability/opendata/reports.json")))[
        "records"
    ]

    by_slug = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert set(by_slug) == {"small", "large"}
    small, large = by_slug["small"], by_slug["large"]
    assert small["complaints_received"] == ""
    assert small["complaints_answered"] == ""
    assert small["complaints_answered_in_time"] == ""
    assert small["registered_crimes"] == "2"  # a police figure, not a hotline count
    assert (large["complaints_received"], large["complaints_answered"]) == ("12", "5")
    assert large["complaints_answered_in_time"] == "0"
    small_json = next(r for r in records if r["slug"] == "small")
    assert small_json["complaints_received"] is None
    assert small_json["complaints_answered_in_time"] is None


def test_an_unknown_dataset_is_not_found(client):
    assert client.get("/accountability/opendata/followers.csv").status_code == 404
    assert client.get("/accountability/opendata/followers.json").status_code == 404


def test_yes_or_no_is_written_as_the_field_description_says(client, published):
    _, rows = csv_rows(client, "formations")
    records = json.loads(body(client.get("/accountability/opendata/formations.json")))[
        "records"
    ]

    assert dict(zip(rows[0], rows[1], strict=True))["active"] == "true"
    assert records[0]["active"] is True


def test_downloads_send_the_written_file_until_the_task_writes_it_again(
    client, settings
):
    from accountability.tasks import write_open_data

    place = community("chuhuiv")
    priority(place, issue_en="Speeding")
    first = body(client.get("/accountability/opendata/priorities.csv"))
    priority(place, issue_en="Stray dogs")

    before = body(client.get("/accountability/opendata/priorities.csv"))
    write_open_data()
    after = body(client.get("/accountability/opendata/priorities.csv"))

    assert "Speeding" in first and before == first
    assert "Stray dogs" in after


def test_a_file_older_than_twice_the_interval_is_written_again(client, settings):
    import os
    import time
    from pathlib import Path

    place = community("chuhuiv")
    priority(place, issue_en="Speeding")
    body(client.get("/accountability/opendata/priorities.json"))
    priority(place, issue_en="Stray dogs")
    written = Path(settings.MEDIA_ROOT) / "opendata" / "priorities.json"
    old = time.time() - 2 * settings.OPEN_DATA_MINUTES * 60 - 5
    os.utime(written, (old, old))

    assert "Stray dogs" in body(client.get("/accountability/opendata/priorities.json"))


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_data_package_describes_every_dataset_and_frictionless_finds_it_valid(
    client, published, tmp_path, prefix
):
    """datapackage.json with the CSV files beside it, as a data tool downloads them,
    validated by the frictionless library: the package, each field's type against
    every value, the primary keys."""
    import frictionless

    response = client.get(f"{prefix}/accountability/opendata/datapackage.json")
    assert response.status_code == 200
    package = response.json()
    (tmp_path / "datapackage.json").write_text(response.text, encoding="utf-8")
    for name in DATASETS:
        text, _rows = csv_rows(client, name)
        (tmp_path / f"{name}.csv").write_text(text, encoding="utf-8")

    report = frictionless.validate(str(tmp_path / "datapackage.json"))

    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert [resource["name"] for resource in package["resources"]] == list(DATASETS)
    fields = package["resources"][0]["schema"]["fields"]
    assert {"name": "year", "type": "integer"}.items() <= fields[4].items()
    described = "Year the report covers." if prefix else "Рік, який охоплює звіт."
    assert fields[4]["description"] == described


def test_times_are_in_kyiv_time_as_the_fields_say(client, published):
    _, rows = csv_rows(client, "reports")
    records = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]

    for record in records:
        for name in ("published_at", "changed_at"):
            moment = datetime.fromisoformat(record[name])
            assert moment.utcoffset() in {timedelta(hours=2), timedelta(hours=3)}
            assert moment.microsecond == 0
