"""Logs are JSON lines tagged with the request id, and carry no personal data: not the
names, contacts, receipts or tokens residents give or get, nor their addresses."""

import copy
import io
import json
import logging
import logging.config
import re

import pytest
from django.test import Client

from accountability.models import Follow
from events.models import Registration
from hotline.models import Complaint
from portal.logging import loggable_path, new_request_id
from tests.factories import community, event, formal_data, registration_data

CLIENT_ADDRESS = "203.0.113.57"
BROWSER = "Mozilla/5.0 (Linux; Android 14; Resident-Phone-7731)"
RECEIPT = re.compile(r"[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}")

RESIDENT = {
    "full_name": "Олена Петренко-Журавська",
    "residence": "Чугуїв, вул. Квіткова, 17, кв. 4",
    "email": "olena.zhuravska@example.org",
    "phone": "+380501234567",
    "description": "Дільничний не прийняв мою заяву про крадіжку велосипеда.",
}
REGISTRANT = {"name": "Марко Вишиваний", "email": "marko.v@example.org"}
FOLLOWER_EMAIL = "deputy.kovalenko@example.org"


@pytest.fixture
def log_lines(settings):
    """The portal's LOGGING at DEBUG level, its handler writing JSON into a buffer."""
    stream = io.StringIO()
    config = copy.deepcopy(settings.LOGGING)
    config["handlers"]["console"] = {
        "class": "logging.StreamHandler",
        "formatter": "json",
        "stream": stream,
    }
    config["root"]["level"] = "DEBUG"
    logging.config.dictConfig(config)
    yield lambda: stream.getvalue().splitlines()
    logging.config.dictConfig(settings.LOGGING)


def resident_client() -> Client:
    return Client(REMOTE_ADDR=CLIENT_ADDRESS, HTTP_USER_AGENT=BROWSER)


def variants(value: str) -> set[str]:
    """A value as it may show up in a line: as typed, escaped for JSON, or reshaped."""
    found = {value, value.lower(), json.dumps(value)[1:-1]}
    if RECEIPT.fullmatch(value):
        found |= {value.replace("-", ""), value.replace("-", "").lower()}
    if value.startswith("+"):
        found |= {value[1:], value[3:]}
    return found


def leaks(lines: list[str], secrets: list[str]) -> list[tuple[str, str]]:
    """Each (secret, line) where a line contains a personal value."""
    return [
        (secret, line)
        for line in lines
        for secret in secrets
        if any(variant in line for variant in variants(secret))
    ]


def file_track_and_answer(role_user, django_capture_on_commit_callbacks) -> list:
    """A resident files a formal appeal, follows it, an operator triages and answers
    it, and the resident reads the answer and rates it. Returns the secrets given."""
    resident = resident_client()
    assert resident.get("/en/hotline/new/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        filed = resident.post("/en/hotline/new/", formal_data(**RESIDENT))
    assert filed.status_code == 200
    found = RECEIPT.search(filed.text)
    assert found is not None
    receipt = found.group(0)
    complaint = Complaint.objects.get()

    tracked = resident.post("/en/hotline/track/", {"receipt": receipt})
    assert "Status" in tracked.text

    operator = Client()
    operator.force_login(role_user("operator"))
    queue = "/en/admin/hotline/complaint/"
    assert operator.get(queue).status_code == 200
    assert operator.get(f"{queue}{complaint.pk}/change/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        triaged = operator.post(
            f"{queue}{complaint.pk}/status/",
            {"new_status": "triage", "public_text": "Ми перевіряємо звернення."},
        )
        answered = operator.post(
            f"{queue}{complaint.pk}/reply/",
            {"public_text": "Заяву зареєстровано, дільничного попереджено."},
        )
    assert (triaged.status_code, answered.status_code) == (302, 302)

    read = resident.post("/en/hotline/track/", {"receipt": receipt})
    assert "Заяву зареєстровано" in read.text
    rated = resident.post(
        "/en/hotline/track/rate/", {"receipt": receipt, "satisfaction": "4"}
    )
    assert rated.status_code == 200
    # Mistakes are logged too: a wrong receipt, and addresses typed into the bar.
    resident.post("/en/hotline/track/", {"receipt": "AAAA-BBBB-CCCC-DDDD"})
    resident.get(f"/en/hotline/track/{receipt}/")
    resident.get(f"/en/{RESIDENT['email']}/")
    resident.get("/en/search/", {"q": RESIDENT["full_name"]})
    return [
        receipt,
        resident.cookies["csrftoken"].value,
        operator.cookies["sessionid"].value,
        *RESIDENT.values(),
    ]


def register_and_follow(django_capture_on_commit_callbacks) -> list:
    """A resident registers for a training, opens the private link and cancels; a
    deputy follows a community and confirms. Returns the tokens they got."""
    item = event()
    community("chuhuiv")
    resident = resident_client()
    with django_capture_on_commit_callbacks(execute=True):
        registered = resident.post(
            f"/en/events/{item.slug}/", registration_data(**REGISTRANT)
        )
    token = Registration.objects.get().token
    assert registered["Location"] == f"/en/events/registration/{token}/"
    assert resident.get(registered["Location"]).status_code == 200
    resident.post(f"/en/events/registration/{token}/cancel/")
    assert resident.get(f"/en/events/registration/{token[:-1]}x/").status_code == 404

    with django_capture_on_commit_callbacks(execute=True):
        resident.post(
            "/en/accountability/follow/community/chuhuiv/", {"email": FOLLOWER_EMAIL}
        )
    follow = Follow.objects.get().token
    assert resident.get(f"/en/accountability/following/{follow}/").status_code == 200
    resident.post(f"/en/accountability/following/{follow}/")
    resident.get(f"/en/accountability/following/{follow}/stop/")
    return [token, follow, FOLLOWER_EMAIL, *REGISTRANT.values()]


def test_a_hotline_journey_logs_json_lines_without_personal_data(
    db, log_lines, role_user, django_capture_on_commit_callbacks
):
    secrets = file_track_and_answer(role_user, django_capture_on_commit_callbacks)
    secrets += register_and_follow(django_capture_on_commit_callbacks)

    lines = log_lines()
    entries = [json.loads(line) for line in lines]
    requests = [entry for entry in entries if entry["logger"] == "portal.request"]
    assert len(requests) >= 20
    assert all(
        {"time", "level", "logger", "message"} <= entry.keys() for entry in entries
    )
    assert all(
        {"request_id", "method", "path", "status", "duration_ms"} <= entry.keys()
        for entry in requests
    )
    assert leaks(lines, [*secrets, CLIENT_ADDRESS, BROWSER, "Resident-Phone"]) == []
    paths = {entry["path"] for entry in requests}
    assert "/en/events/registration/{token}/" in paths
    assert "/en/accountability/following/{token}/stop/" in paths
    assert "/en/hotline/track/{redacted}/" in paths
    assert "/en/search/" in paths


def test_djangos_own_warnings_keep_only_the_redacted_path(db, client, log_lines):
    response = client.get("/en/events/registration/Zq3xWv9KpL2mNs7TbY4cRd8Hf1Gj6QaE/")

    assert response.status_code == 404
    [warning] = [json.loads(line) for line in log_lines() if "django.request" in line]
    assert warning["message"] == "Not Found: /en/events/registration/{token}/"
    assert warning["path"] == "/en/events/registration/{token}/"
    assert (warning["status"], warning["level"]) == (404, "WARNING")
    assert warning["request_id"] == response["X-Request-ID"]
    assert "request" not in warning


def test_plain_lines_for_the_terminal_are_redacted_as_well(db, client, settings):
    stream = io.StringIO()
    config = copy.deepcopy(settings.LOGGING)
    config["handlers"]["console"] = {
        "class": "logging.StreamHandler",
        "formatter": "plain",
        "stream": stream,
    }
    logging.config.dictConfig(config)
    try:
        response = client.get("/events/registration/Zq3xWv9KpL2mNs7TbY4cRd8Hf1Gj6QaE/")
    finally:
        logging.config.dictConfig(settings.LOGGING)

    lines = stream.getvalue().splitlines()
    assert len(lines) == 2
    assert all(f"[{response['X-Request-ID']}]" in line for line in lines)
    assert "GET /events/registration/{token}/ 404 duration_ms=" in lines[0]
    assert lines[1].endswith("Not Found: /events/registration/{token}/")


def test_a_csrf_failure_names_the_referring_site_but_not_its_address(db, log_lines):
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        "/en/hotline/track/",
        {"receipt": "K7QM-3XPA-9TND-V2HC"},
        secure=True,
        HTTP_REFERER="https://Olena@evil.example/collect?name=Olena&phone=0501234567",
    )

    assert response.status_code == 403
    [warning] = [json.loads(line) for line in log_lines() if "security.csrf" in line]
    assert "https://evil.example" in warning["message"]
    assert "0501234567" not in warning["message"]
    assert "Olena" not in warning["message"]
    assert "K7QM" not in json.dumps(warning)


def test_a_refused_host_is_logged_with_its_request_id(db, client, log_lines):
    response = client.get("/en/hotline/", HTTP_HOST="portal.invalid")

    assert response.status_code == 400
    lines = [json.loads(line) for line in log_lines()]
    [refusal] = [line for line in lines if line["logger"].startswith("django.security")]
    assert refusal["request_id"] == response["X-Request-ID"]
    assert refusal["path"] == "/en/hotline/"


def test_the_leak_check_finds_a_receipt_written_into_a_log(db, log_lines, role_user):
    receipt = "K7QM-3XPA-9TND-V2HC"
    logging.getLogger("hotline.views").info("Tracked %s", receipt.replace("-", ""))

    assert leaks(log_lines(), [receipt]) != []


def test_exceptions_keep_their_frames_but_not_their_messages(log_lines):
    try:
        raise ValueError("duplicate key: (email)=(olena@example.org)")
    except ValueError:
        logging.getLogger("portal.views").exception("Saving failed")

    [entry] = [json.loads(line) for line in log_lines()]
    assert "builtins.ValueError" in entry["exception"]
    assert "test_logging.py" in entry["exception"]
    assert "olena@example.org" not in entry["exception"].split("raise ValueError")[0]
    assert "olena@example.org" not in entry["exception"].splitlines()[-1]


@pytest.mark.parametrize(
    ("incoming", "kept"),
    [
        ("0f8e5c2a9b7d4e1f8a3c6b5d2e9f7a1c", True),  # nginx's $request_id
        ("6ba7b810-9dad-11d1-80b4-00c04fd430c8", True),  # a UUID
        ("olena@example.org", False),
        ("short", False),
        ("0f8e5c2a9b7d4e1f" * 5, False),
        ("0f8e5c2a 9b7d4e1f8a3c6b5d2e9f7a1c", False),
    ],
)
def test_a_request_id_from_the_proxy_is_kept_only_when_well_formed(
    db, client, incoming, kept
):
    response = client.get("/healthz/", HTTP_X_REQUEST_ID=incoming)

    assert (response["X-Request-ID"] == incoming) is kept
    assert re.fullmatch(r"[0-9a-f-]{16,64}", response["X-Request-ID"])


def test_every_response_gets_its_own_request_id(db, client):
    first, second = client.get("/healthz/"), client.get("/healthz/")

    assert first["X-Request-ID"] != second["X-Request-ID"]
    assert new_request_id() != new_request_id()


@pytest.mark.parametrize(
    ("path", "logged"),
    [
        ("/en/news/police-and-society-2025/", "/en/news/police-and-society-2025/"),
        ("/events/registration/abc/", "/events/registration/{token}/"),
        (
            "/accountability/following/xyz/stop/",
            "/accountability/following/{token}/stop/",
        ),
        ("/en/hotline/track/K7QM-3XPA-9TND-V2HC/", "/en/hotline/track/{redacted}/"),
        ("/en/hotline/track/k7qm3xpa9tndv2hc/", "/en/hotline/track/{redacted}/"),
        ("/olena@example.org/", "/{redacted}/"),
        ("/0501234567/", "/{redacted}/"),
        ("/Олена/", "/{redacted}/"),
        ("/en/admin/hotline/complaint/104233/change/", None),
    ],
)
def test_paths_are_logged_without_tokens_or_typed_in_data(rf, path, logged):
    request = rf.get(path)

    assert loggable_path(request) == (path if logged is None else logged)
