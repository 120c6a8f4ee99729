"""deploy/nginx/portal.conf, checked by nginx itself and run for real in front of
the portal: TLS, the redirect from HTTP, static files and media from the disk,
private files only through the portal's X-Accel-Redirect, request size limits, and
no security header sent twice."""

import gzip
import http.client
import os
import shutil
import signal
import socket
import ssl
import subprocess
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile

from conftest import missing_service
from hotline.models import Attachment
from hotline.uploads import MAX_BYTES, MAX_FILES
from tests.factories import complaint, form_data, image_bytes

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "deploy" / "nginx" / "portal.conf"
HOST = "portal.example.org"
MB = 1024 * 1024


def body_limit(location: str | None) -> int:
    """client_max_body_size of the server block (None) or of a location, in bytes."""
    lines = SITE.read_text().splitlines()
    server = lines.index("    listen 443 ssl http2;")
    if location is not None:
        server = lines.index(f"    location {location} {{")
    for line in lines[server:]:
        words = line.split()
        if words[:1] == ["client_max_body_size"]:
            assert words[1].endswith("m;")
            return int(words[1][:-2]) * MB
    raise AssertionError(f"no client_max_body_size for {location}")


def test_nginx_accepts_the_site_with_local_and_s3_media():
    if not shutil.which("nginx"):
        missing_service("nginx is not installed (apt-get install nginx)")

    result = subprocess.run(
        [ROOT / "deploy" / "nginx" / "check"], capture_output=True, text=True
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "(local media) is valid" in result.stdout
    assert "(s3 media) is valid" in result.stdout


def test_the_hotline_may_send_five_full_files_and_its_text():
    needed = MAX_FILES * MAX_BYTES + django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE

    assert needed <= body_limit("~ ^/(en/)?hotline/") < needed + 5 * MB


def test_pages_without_files_are_held_to_djangos_own_form_limit():
    limit = body_limit(None)

    assert django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= limit < 5 * MB
    assert body_limit("~ ^/(en/)?admin/") >= body_limit("~ ^/(en/)?hotline/")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def substitute(text: str, old: str, new: str) -> str:
    assert old in text, f"deploy/nginx/portal.conf no longer has {old!r}"
    return text.replace(old, new)


@pytest.fixture
def nginx(live_server, settings, tmp_path):
    """nginx with deploy/nginx/portal.conf in front of the live server.

    Only addresses and paths change: ports on 127.0.0.1, a throw-away certificate,
    and a scratch folder for /var/lib/portal.
    """
    for program in ("nginx", "openssl"):
        if not shutil.which(program):
            missing_service(f"{program} is not installed")
    state, tls, logs = tmp_path / "state", tmp_path / "tls", tmp_path / "logs"
    for folder in (state / "static", state / "media", state / "private", tls, logs):
        folder.mkdir(parents=True)
    certificate = ["-subj", f"/CN={HOST}", "-days", "1", "-nodes"]
    certificate += ["-keyout", tls / "privkey.pem", "-out", tls / "fullchain.pem"]
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", *certificate],
        check=True,
        capture_output=True,
    )
    http_port, https_port = free_port(), free_port()
    site = SITE.read_text()
    site = substitute(site, "server 127.0.0.1:8000;", f"server {live_server.url[7:]};")
    site = substitute(site, "listen 80;", f"listen 127.0.0.1:{http_port};")
    site = substitute(site, "listen 443 ssl", f"listen 127.0.0.1:{https_port} ssl")
    site = substitute(site, "    listen [::]:80;\n", "")
    site = substitute(site, "    listen [::]:443 ssl http2;\n", "")
    site = substitute(site, f"/etc/letsencrypt/live/{HOST}/", f"{tls}/")
    site = substitute(site, "/var/lib/portal", str(state))
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        ("user root;\n" if os.geteuid() == 0 else "")
        + f"daemon off;\npid {tmp_path}/nginx.pid;\nerror_log {logs}/error.log;\n"
        "events {}\nhttp {\n    include /etc/nginx/mime.types;\n"
        f"    access_log off;\n    include {tmp_path}/site.conf;\n}}\n"
    )
    server = subprocess.Popen(
        ["nginx", "-e", logs / "error.log", "-p", tmp_path, "-c", "nginx.conf"]
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", https_port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.05)
    else:
        server.kill()
        pytest.fail((logs / "error.log").read_text())

    from django.core.files.storage import FileSystemStorage, storages

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, HOST]
    settings.PRIVATE_MEDIA_ACCEL_REDIRECT = "/protected/"
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.PRIVATE_MEDIA_ROOT = state / "private"
    private = storages["private"]
    assert isinstance(private, FileSystemStorage)
    private.location = str(state / "private")
    private.base_location = str(state / "private")

    def request(method, path, *, body=None, headers=None, tls=True):
        connection: http.client.HTTPConnection
        if tls:
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            connection = http.client.HTTPSConnection(
                "127.0.0.1", https_port, context=context, timeout=30
            )
        else:
            connection = http.client.HTTPConnection("127.0.0.1", http_port, timeout=30)
        connection.request(
            method, path, body=body, headers={"Host": HOST, **(headers or {})}
        )
        response = connection.getresponse()
        response.content = response.read()  # type: ignore[attr-defined]  # read once
        connection.close()
        return response

    request.state = state  # type: ignore[attr-defined]  # for the tests that need it
    yield request
    server.send_signal(signal.SIGQUIT)
    server.wait(timeout=10)


def header_values(response, name: str) -> list[str]:
    return response.msg.get_all(name) or []


def test_plain_http_is_sent_to_https(nginx):
    response = nginx("GET", "/en/hotline/?page=2", tls=False)

    assert response.status == 301
    assert response.getheader("Location") == f"https://{HOST}/en/hotline/?page=2"


def test_pages_come_from_the_portal_with_each_security_header_once(
    nginx, transactional_db
):
    response = nginx("GET", "/en/")

    assert response.status == 200
    assert b"</html>" in response.content
    for name in (
        "Content-Security-Policy",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
        "Permissions-Policy",
    ):
        assert len(header_values(response, name)) == 1, name


def test_hashed_static_files_are_kept_for_ever_and_sent_compressed(nginx):
    css = b"body { color: #123456; }\n" * 40
    folder = nginx.state / "static" / "css"
    folder.mkdir()
    (folder / "site.css").write_bytes(css)
    (folder / "site.0123456789ab.css").write_bytes(css)
    (folder / "site.0123456789ab.css.gz").write_bytes(gzip.compress(css))

    hashed = nginx(
        "GET", "/static/css/site.0123456789ab.css", headers={"Accept-Encoding": "gzip"}
    )
    plain = nginx("GET", "/static/css/site.css")

    assert hashed.status == 200
    assert gzip.decompress(hashed.content) == css
    assert hashed.getheader("Content-Encoding") == "gzip"
    assert header_values(hashed, "Cache-Control") == [
        "max-age=315360000, public, immutable"
    ]
    assert header_values(hashed, "X-Content-Type-Options") == ["nosniff"]
    assert plain.content == css
    assert header_values(plain, "Cache-Control") == ["max-age=3600"]


def test_public_media_come_from_the_disk(nginx):
    photo = image_bytes()
    (nginx.state / "media" / "events").mkdir()
    (nginx.state / "media" / "events" / "photo.jpg").write_bytes(photo)

    response = nginx("GET", "/media/events/photo.jpg")

    assert response.status == 200
    assert response.content == photo
    assert response.getheader("Content-Type") == "image/jpeg"
    assert header_values(response, "X-Content-Type-Options") == ["nosniff"]


@pytest.fixture
def stored_attachment(nginx, transactional_db):
    item, _ = complaint(formal=True)
    return Attachment.objects.create(
        complaint=item,
        file=ContentFile(image_bytes(), name="x.jpg"),
        content_type="image/jpeg",
        size=100,
    )


def test_a_private_file_reaches_staff_through_the_internal_location(
    nginx, stored_attachment, client, role_user
):
    client.force_login(role_user("operator"))
    session = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    path = f"/en/hotline/attachments/{stored_attachment.public_id}/"

    response = nginx("GET", path, headers={"Cookie": f"sessionid={session}"})

    assert response.status == 200
    assert response.content == stored_attachment.file.open("rb").read()
    assert response.getheader("Content-Type") == "image/jpeg"
    assert "X-Accel-Redirect" not in response.msg
    assert response.getheader("Content-Disposition", "").startswith("inline;")
    assert "no-store" in response.getheader("Cache-Control")
    # The portal's own headers, repeated once, not written a second time by nginx.
    assert len(header_values(response, "Content-Security-Policy")) == 1
    assert "default-src 'self'" in response.getheader("Content-Security-Policy")
    assert header_values(response, "X-Content-Type-Options") == ["nosniff"]
    assert header_values(response, "X-Frame-Options") == ["DENY"]


def test_a_private_file_stays_closed_to_others_and_to_direct_requests(
    nginx, stored_attachment
):
    name = stored_attachment.file.name

    anonymous = nginx("GET", f"/en/hotline/attachments/{stored_attachment.public_id}/")
    direct = nginx("GET", f"/protected/{name}")

    assert anonymous.status == 404
    assert direct.status == 404
    image = stored_attachment.file.open("rb").read()
    assert image not in anonymous.content
    assert image not in direct.content


def test_forwarded_headers_make_the_portal_see_https_and_the_public_host(
    nginx, transactional_db
):
    form = nginx("GET", "/en/hotline/new/")
    cookie = form.getheader("Set-Cookie").split(";", 1)[0]
    token = form.content.decode().split('name="csrfmiddlewaretoken" value="')[1]
    token = token.split('"', 1)[0]
    body = "&".join(
        f"{key}={value}"
        for key, value in {**form_data(), "csrfmiddlewaretoken": token}.items()
    ).encode()
    headers = {
        "Cookie": cookie,
        "Content-Type": "application/x-www-form-urlencoded",
    }

    # Over HTTPS Django demands a Referer of its own origin: the request counts as
    # HTTPS only because nginx said so, and the origin is the Host nginx passed on.
    without = nginx("POST", "/en/hotline/new/", body=body, headers=headers)
    referred = nginx(
        "POST",
        "/en/hotline/new/",
        body=body,
        headers={**headers, "Referer": f"https://{HOST}/en/hotline/new/"},
    )

    assert without.status == 403
    assert referred.status == 200


def test_requests_larger_than_their_page_takes_are_refused_by_nginx(
    nginx, transactional_db
):
    small_page = nginx("POST", "/en/search/", body=b"x" * (4 * MB))
    hotline = nginx("POST", "/en/hotline/new/", body=b"x" * (20 * MB))
    beyond = nginx(
        "POST", "/en/hotline/new/", body=b"x" * (body_limit("~ ^/(en/)?hotline/") + MB)
    )

    assert small_page.status == 413
    assert hotline.status == 403  # reached the portal, which wants its CSRF token
    assert beyond.status == 413
