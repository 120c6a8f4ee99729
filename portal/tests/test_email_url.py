"""EMAIL_URL says how mail leaves: in the clear, upgraded by STARTTLS, or in TLS from
the first byte (port 465), and the portal takes it as written."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from portal import env
from portal.tests.test_settings import production_environment, run_python

SMTP = "django.core.mail.backends.smtp.EmailBackend"


def parsed(monkeypatch, url: str) -> dict:
    monkeypatch.setenv("EMAIL_URL", url)
    return env.email("EMAIL_URL", "console://")


@pytest.mark.parametrize(
    "url, port, starttls, tls",
    [
        ("smtps://portal:secret@mail.example.org:465", 465, False, True),
        ("smtps://portal:secret@mail.example.org", 465, False, True),
        ("smtp+ssl://mail.example.org", 465, False, True),
        ("smtp://mail.example.org/?ssl=True", 465, False, True),
        ("smtp+tls://portal:secret@mail.example.org:587", 587, True, False),
        ("submission://mail.example.org", 587, True, False),
        ("smtp://portal:secret@mail.example.org:587/?tls=True", 587, True, False),
        ("smtp://localhost", 25, False, False),
        ("smtp://localhost:2525/?tls=false", 2525, False, False),
    ],
)
def test_each_form_of_smtp_url(monkeypatch, url, port, starttls, tls):
    settings = parsed(monkeypatch, url)

    assert settings["EMAIL_BACKEND"] == SMTP
    assert settings["EMAIL_PORT"] == port
    assert settings["EMAIL_USE_TLS"] is starttls
    assert settings["EMAIL_USE_SSL"] is tls


def test_user_and_password_are_percent_decoded(monkeypatch):
    settings = parsed(monkeypatch, "smtps://portal%40example.org:p%3Ass%2Fw@mail:465")

    assert settings["EMAIL_HOST_USER"] == "portal@example.org"
    assert settings["EMAIL_HOST_PASSWORD"] == "p:ss/w"
    assert settings["EMAIL_HOST"] == "mail"


@pytest.mark.parametrize(
    "url, backend",
    [
        ("console://", "portal.mail.ReadableConsoleBackend"),
        ("memory://", "django.core.mail.backends.locmem.EmailBackend"),
        ("dummy://", "django.core.mail.backends.dummy.EmailBackend"),
    ],
)
def test_the_other_backends(monkeypatch, url, backend):
    assert parsed(monkeypatch, url)["EMAIL_BACKEND"] == backend


def test_a_file_url_names_the_folder(monkeypatch):
    settings = parsed(monkeypatch, "file:///var/mail/portal")

    assert settings["EMAIL_FILE_PATH"] == "/var/mail/portal"


@pytest.mark.parametrize(
    "url",
    [
        "pigeon://roof",
        "smtp://mail.example.org:port",
        "smtps://mail.example.org/?tls=True",
        "smtp://mail.example.org/?tls=True&ssl=True",
        "smtp://mail.example.org/?tls=perhaps",
        "smtp://mail.example.org/?timeout=5",
        "smtp://",
        "console://?tls=True",
    ],
)
def test_a_url_that_cannot_be_meant_is_refused(monkeypatch, url):
    with pytest.raises(ImproperlyConfigured, match="EMAIL_URL"):
        parsed(monkeypatch, url)


def test_the_smtp_backend_gets_implicit_tls_on_465():
    code = (
        "import django\n"
        "from django.conf import settings\n"
        "django.setup()\n"
        "options = settings.MAILERS['default']['OPTIONS']\n"
        "print(options['port'], options['use_ssl'], options['use_tls'])\n"
    )
    result = run_python(
        code, **production_environment(EMAIL_URL="smtps://u:p@mail.example.org:465")
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["465", "True", "False"]
