"""Residents, as the drills play them: browsers without JavaScript that fetch a form
for its token and cookie, then post it over HTTP."""

import hashlib
import http.client
import re
import time
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from http.cookies import SimpleCookie
from urllib.parse import urlencode

RECEIPT = re.compile(r'id="receipt-code">([0-9A-Z]{4}(?:-[0-9A-Z]{4}){3})<')
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CATEGORY = re.compile(r'<select name="category"[^>]*>.*?<option value="(\d+)"', re.S)


def photo() -> bytes:
    """A small PNG photo, such as residents attach to a complaint."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (30, 90, 160)).save(buffer, "PNG")
    return buffer.getvalue()


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    text: str
    seconds: float


class Visitor:
    """A browser without JavaScript: keeps its cookies, sends forms with their token.

    Cookies are kept by hand: with DEBUG off the portal marks them Secure, which a
    browser would not send back over the drill's plain HTTP.
    """

    def __init__(self, base: str, timeout: float = 30):
        host, port = base.removeprefix("http://").split(":")
        self.host, self.port, self.timeout = host, int(port), timeout
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, body: bytes | None = None, headers=None
    ) -> Reply:
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        connection = http.client.HTTPConnection(
            self.host, self.port, timeout=self.timeout
        )
        started = time.monotonic()
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", errors="replace")
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    for morsel in SimpleCookie(value).values():
                        self.cookies[morsel.key] = morsel.value
            reply_headers = {
                name.lower(): value for name, value in response.getheaders()
            }
            return Reply(
                response.status, reply_headers, text, time.monotonic() - started
            )
        finally:
            connection.close()

    def get(self, path: str) -> Reply:
        return self.request("GET", path)

    def post(self, path: str, fields: dict, files: dict | None = None) -> Reply:
        if not files:
            body = urlencode(fields).encode()
            content_type = "application/x-www-form-urlencoded"
        else:
            boundary = uuid.uuid4().hex
            parts = []
            for name, value in fields.items():
                parts.append(
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"'
                    f"\r\n\r\n{value}\r\n".encode()
                )
            for name, (filename, content, kind) in files.items():
                parts.append(
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                    f'filename="{filename}"\r\nContent-Type: {kind}\r\n\r\n'.encode()
                    + content
                    + b"\r\n"
                )
            body = b"".join(parts) + f"--{boundary}--\r\n".encode()
            content_type = f"multipart/form-data; boundary={boundary}"
        return self.request("POST", path, body, {"Content-Type": content_type})


@dataclass
class Filing:
    """One resident's filing through /en/hotline/new/ and what the portal answered."""

    number: int
    email: str
    status: int = 0
    receipt: str = ""
    error: str = ""
    answer: str = ""
    retry_after: str = ""
    seconds: float = 0.0  # the POST's
    finished_at: float = 0.0


def file_complaint(
    base: str, number: int, *, attachment=False, language="en"
) -> Filing:
    """Fetch the form (its token and cookie), then post a formal appeal with an e-mail
    address, so that the portal queues a receipt e-mail."""
    filing = Filing(number, f"resident-{number}@drill.example.org")
    prefix = "/en" if language == "en" else ""
    visitor = Visitor(base)
    try:
        form = visitor.get(f"{prefix}/hotline/new/")
        if form.status != 200:
            filing.status, filing.answer = form.status, form.text
            filing.error = f"the form answered {form.status}"
            return filing
        fields = {
            "csrfmiddlewaretoken": _found(TOKEN, form.text),
            "kind": "complaint",
            "category": _found(CATEGORY, form.text),
            "community": "",
            "settlement": "",
            "place": "",
            "occurred_on": (date.today() - timedelta(days=1)).isoformat(),  # noqa: DTZ011
            "occurred_time": "",
            "description": f"Drill filing {number}: the patrol was rude at a check.",
            "officer_identification": "",
            "path": "formal",
            "full_name": f"Resident {number}",
            "residence": "Chuhuiv, Myru St. 1",
            "email": filing.email,
            "phone": "",
            "consent": "on",
            "homepage": "",
        }
        files = (
            {"attachments": ("photo.png", photo(), "image/png")} if attachment else None
        )
        reply = visitor.post(f"{prefix}/hotline/new/", fields, files)
        filing.status, filing.answer = reply.status, reply.text
        filing.seconds = reply.seconds
        filing.retry_after = reply.headers.get("retry-after", "")
        if found := RECEIPT.search(reply.text):
            filing.receipt = found.group(1)
    except (OSError, http.client.HTTPException) as error:
        filing.error = type(error).__name__
    finally:
        filing.finished_at = time.monotonic()
    return filing


def _found(pattern: re.Pattern[str], text: str) -> str:
    """The first group of `pattern` in a page that must have it."""
    found = pattern.search(text)
    if found is None:
        raise ValueError(f"the page has no match for {pattern.pattern!r}")
    return found.group(1)


def receipt_hash(code: str) -> str:
    """The hash the portal keeps of a receipt code (hotline.receipts)."""

    return hashlib.sha256(code.replace("-", "").upper().encode()).hexdigest()
