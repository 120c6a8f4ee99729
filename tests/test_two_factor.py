"""Staff log in with a password and a second factor: enrolment, the second step with
an authenticator app's code or a recovery code, throttling, the user's own devices,
a coordinator's reset, and what a session that gave the password alone may reach."""

import re

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.models import AuditEntry, RecoveryCode, RecoveryCodeDevice
from portal.two_factor import recovery_code_digest
from tests.factories import article, code_from_secret, totp_code, totp_device

PASSWORD = "correct-horse-battery-staple"
CODES = re.compile(r"<li><code>([a-z2-7]{4}(?:-[a-z2-7]{4}){3})</code></li>")
SECRET = re.compile(r'id="two-factor-secret">([A-Z2-7 ]+)<')

pytestmark = pytest.mark.django_db


def secret_in(html: str) -> str:
    """The key as the enrolment page prints it for typing into an app."""
    found = SECRET.search(html)
    assert found is not None
    return found.group(1)


def give_password(client, user, *, next_url="", language="en"):
    """The log-in form's first step, as a browser sends it."""
    prefix = "/en" if language == "en" else ""
    query = f"?{urlencode({'next': next_url})}" if next_url else ""
    return client.post(
        f"{prefix}/admin/login/{query}",
        {"username": user.username, "password": PASSWORD, "next": next_url},
    )


def second_step(client, code, *, next_url="/admin/", language="en"):
    prefix = "/en" if language == "en" else ""
    return client.post(f"{prefix}/admin/two-factor/", {"code": code, "next": next_url})


def enrol(client, user, *, next_url="/en/admin/"):
    """Password, then enrolment with the first code; the recovery codes shown."""
    give_password(client, user, next_url=next_url)
    page = client.get(f"/en/admin/two-factor/enrol/?{urlencode({'next': next_url})}")
    secret = secret_in(page.text)
    shown = client.post(
        "/en/admin/two-factor/enrol/",
        {"code": code_from_secret(secret), "next": next_url},
    )
    return secret, CODES.findall(shown.text)


def actions(user) -> list[str]:
    return list(
        AuditEntry.objects.filter(object_id=str(user.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )


# The password step leads to the second one


def test_a_staff_member_without_a_device_enrols_right_after_the_password(role_user):
    operator = role_user("operator")

    response = give_password(_client(), operator, next_url="/en/admin/hotline/")

    assert response.status_code == 302
    assert response["Location"] == (
        "/en/admin/two-factor/enrol/?next=%2Fen%2Fadmin%2Fhotline%2F"
    )


def test_a_staff_member_with_a_device_is_asked_for_a_code_keeping_next(role_user):
    operator = role_user("operator")
    totp_device(operator)
    client = _client()

    response = give_password(client, operator, next_url="/en/admin/hotline/complaint/")

    assert response["Location"] == (
        "/en/admin/two-factor/?next=%2Fen%2Fadmin%2Fhotline%2Fcomplaint%2F"
    )
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert 'name="next" value="/en/admin/hotline/complaint/"' in page.text


def test_the_password_step_keeps_its_lock_out(role_user, settings):
    operator = role_user("operator")
    client = _client()
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        client.post(
            "/en/admin/login/", {"username": "operator", "password": "wrong-one"}
        )

    response = give_password(client, operator)

    assert response.status_code == 200
    assert "Too many failed log-in attempts" in response.text
    assert "_auth_user_id" not in client.session


# Enrolment


def test_enrolment_shows_a_qr_code_and_the_key_as_text(role_user):
    operator = role_user("operator")
    client = _client()
    give_password(client, operator)

    page = client.get("/en/admin/two-factor/enrol/")

    device = TOTPDevice.objects.get(user=operator)
    assert not device.confirmed
    assert 'src="data:image/svg+xml' in page.text
    secret = secret_in(page.text)
    assert code_from_secret(secret) == totp_code(device)
    # Loaded again, the page shows the same key: the app may have read it already.
    assert secret_in(client.get("/en/admin/two-factor/enrol/").text) == (secret)


def test_enrolment_confirms_the_app_and_shows_ten_recovery_codes_once(role_user):
    operator = role_user("operator")
    client = _client()

    _secret, codes = enrol(client, operator, next_url="/en/admin/hotline/")

    assert len(codes) == len(set(codes)) == 10
    assert TOTPDevice.objects.get(user=operator).confirmed
    # Kept only as hashes.
    stored = set(
        RecoveryCode.objects.filter(device__user=operator).values_list(
            "digest", flat=True
        )
    )
    assert stored == {recovery_code_digest(code) for code in codes}
    assert not any(code in digest for code in codes for digest in stored)
    # The session has passed the second factor and opens the back office.
    assert client.get("/en/admin/hotline/").status_code == 200
    assert actions(operator)[-3:] == [
        "auth.login",
        "auth.second_factor_enrolled",
        "auth.second_factor",
    ]


def test_a_wrong_first_code_is_refused_and_the_key_stays(role_user):
    operator = role_user("operator")
    client = _client()
    give_password(client, operator)
    secret = secret_in(client.get("/en/admin/two-factor/enrol/").text)
    wrong = f"{(int(code_from_secret(secret)) + 1) % 1000000:06d}"

    response = client.post("/en/admin/two-factor/enrol/", {"code": wrong})

    assert response.status_code == 200
    assert "This code is not right" in response.text
    assert secret_in(response.text) == secret
    assert not TOTPDevice.objects.get(user=operator).confirmed
    assert client.get("/en/admin/").status_code == 302


def test_an_enrolled_user_cannot_enrol_again_with_the_password_alone(role_user):
    operator = role_user("operator")
    totp_device(operator)
    client = _client()
    give_password(client, operator)

    response = client.get("/en/admin/two-factor/enrol/")

    assert response["Location"].startswith("/en/admin/two-factor/?next=")
    assert TOTPDevice.objects.filter(user=operator).count() == 1


# The second step


def test_a_code_from_the_app_passes_the_second_step(role_user):
    operator = role_user("operator")
    device = totp_device(operator)
    client = _client()
    give_password(client, operator, next_url="/en/admin/hotline/")

    response = second_step(client, totp_code(device), next_url="/en/admin/hotline/")

    assert response.status_code == 302
    assert response["Location"] == "/en/admin/hotline/"
    assert client.get("/en/admin/hotline/").status_code == 200
    assert actions(operator)[-1] == "auth.second_factor"
    assert AuditEntry.objects.filter(action="auth.second_factor").get().data == {
        "kind": "totp"
    }


def test_a_next_to_another_site_is_not_followed(role_user):
    operator = role_user("operator")
    device = totp_device(operator)
    client = _client()
    give_password(client, operator)

    response = second_step(
        client, totp_code(device), next_url="https://elsewhere.example/"
    )

    assert response["Location"] == "/en/admin/"


def test_a_recovery_code_passes_once(role_user):
    operator = role_user("operator")
    client = _client()
    _secret, codes = enrol(client, operator)
    client.post("/en/admin/logout/")

    give_password(client, operator)
    first = second_step(client, codes[0].upper().replace("-", " "))
    client.post("/en/admin/logout/")
    give_password(client, operator)
    again = second_step(client, codes[0])

    assert first.status_code == 302
    assert again.status_code == 200
    assert "This code is not right" in again.text
    assert RecoveryCode.objects.filter(device__user=operator).count() == 9
    used = AuditEntry.objects.get(action="auth.recovery_code_used")
    assert used.data == {"left": 9}
    assert codes[0] not in str(used.data)


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "This code is not right."),
        ("uk", "Цей код неправильний."),
    ],
)
def test_a_wrong_code_gets_an_error_in_the_readers_language(
    role_user, language, message
):
    operator = role_user("operator")
    totp_device(operator)
    client = _client()
    give_password(client, operator, language=language)

    response = second_step(client, "000000", language=language)

    assert response.status_code == 200
    assert message in response.text
    assert 'value="000000"' in response.text
    assert client.get("/en/admin/").status_code == 302


def test_right_after_a_wrong_code_the_app_waits(role_user):
    """django-otp's own throttle: a delay that doubles with every wrong code."""
    operator = role_user("operator")
    device = totp_device(operator)
    client = _client()
    give_password(client, operator)
    second_step(client, "000000")

    response = second_step(client, totp_code(device))

    assert response.status_code == 200
    assert "Too many wrong codes in a row" in response.text
    assert client.get("/en/admin/").status_code == 302


def test_wrong_codes_pause_the_second_step_and_are_counted(role_user, settings):
    operator = role_user("operator")
    device = totp_device(operator)
    client = _client()
    give_password(client, operator)
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        second_step(client, "000000")
    # Past the device's own delay, the portal's limit still holds.
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=0, throttling_failure_timestamp=None
    )

    response = second_step(client, totp_code(device))

    assert response.status_code == 200
    assert (
        f"log-in is paused for {settings.LOGIN_LOCKOUT_MINUTES} minutes"
        in response.text
    )
    assert client.get("/en/admin/").status_code == 302
    failures = AuditEntry.objects.filter(action="auth.second_factor_failed")
    assert [entry.data["failures"] for entry in failures.order_by("pk")] == list(
        range(1, settings.LOGIN_FAILURE_LIMIT + 1)
    )


# What a session that gave the password alone reaches


def admin_pages() -> list[str]:
    """The back office's own pages and every model's list and change pages."""
    with translation.override("uk"):
        return _admin_pages()


def _admin_pages() -> list[str]:
    pages = [
        reverse("admin:index"),
        reverse("admin:password_change"),
        reverse("admin:jsi18n"),
        reverse("admin:two-factor-devices"),
        reverse("admin:two-factor-recovery-codes"),
        reverse("admin:two-factor-remove", args=["totp", 1]),
        reverse("admin:auth_user_two_factor_reset", args=[1]),
    ]
    for model in admin.site._registry:
        opts = model._meta
        pages.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        pages.append(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[1])
        )
    return pages


@pytest.mark.parametrize("enrolled", [True, False])
def test_the_password_alone_opens_no_back_office_page(role_user, enrolled):
    coordinator = role_user("coordinator")
    if enrolled:
        totp_device(coordinator)
    client = _client()
    give_password(client, coordinator, language="uk")
    step = "/admin/two-factor/" if enrolled else "/admin/two-factor/enrol/"

    for path in admin_pages():
        for method in (client.get, client.post):
            response = method(path)
            assert response.status_code == 302, path
            assert response["Location"] == f"{step}?{urlencode({'next': path})}"


def test_the_password_alone_may_log_out(role_user):
    operator = role_user("operator")
    totp_device(operator)
    client = _client()
    give_password(client, operator)

    response = client.post("/en/admin/logout/")

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_outside_the_back_office_the_password_alone_is_nobody(role_user):
    press = role_user("press")
    totp_device(press)
    draft = article(status="draft")
    path = f"/en/prevention/{draft.slug}/"
    client = _client()
    give_password(client, press)

    refused = client.get(path)
    second_step(client, totp_code(totp_device(press)))
    shown = client.get(path)

    assert refused.status_code == 404
    assert shown.status_code == 200


def test_a_passkey_cannot_be_added_with_the_password_alone(role_user):
    operator = role_user("operator")
    client = _client()
    give_password(client, operator)

    response = client.post("/admin/passkeys/registration/begin/")

    assert response.status_code == 403
    assert "otp_webauthn_register_state" not in client.session


# The user's own devices


def test_the_devices_page_lists_the_app_and_the_codes_left(client, role_user):
    operator = role_user("operator")
    client.force_login(operator)

    page = client.get("/en/admin/two-factor/devices/")

    assert page.status_code == 200
    assert "Authenticator app" in page.text
    assert "You have 0 unused recovery codes." in page.text
    assert "Your only authenticator cannot be removed" in page.text


def test_the_last_authenticator_is_never_removed(client, role_user):
    operator = role_user("operator")
    client.force_login(operator)
    device = totp_device(operator)

    response = client.post(f"/en/admin/two-factor/devices/totp/{device.pk}/remove/")

    assert response.status_code == 302
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
    assert "auth.second_factor_removed" not in actions(operator)


def test_another_authenticator_is_removed_and_audited(client, role_user):
    operator = role_user("operator")
    client.force_login(operator)
    spare = TOTPDevice.objects.create(user=operator, name="Old phone")

    response = client.post(f"/en/admin/two-factor/devices/totp/{spare.pk}/remove/")

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(pk=spare.pk).exists()
    removed = AuditEntry.objects.get(action="auth.second_factor_removed")
    assert (removed.actor, removed.data) == (operator, {"kind": "totp"})


def test_nobody_removes_another_users_device(client, role_user):
    operator = role_user("operator")
    other = totp_device(role_user("monitor"))
    TOTPDevice.objects.create(user=other.user, name="Spare")
    client.force_login(operator)

    response = client.post(f"/en/admin/two-factor/devices/totp/{other.pk}/remove/")

    assert response.status_code == 404
    assert TOTPDevice.objects.filter(pk=other.pk).exists()


def test_new_recovery_codes_need_a_current_code_and_void_the_old(role_user):
    operator = role_user("operator")
    client = _client()
    _secret, old = enrol(client, operator)
    device = TOTPDevice.objects.get(user=operator)

    refused = client.post("/en/admin/two-factor/recovery-codes/", {"code": "000000"})
    RecoveryCodeDevice.objects.update(throttling_failure_count=0)
    TOTPDevice.objects.update(throttling_failure_count=0)
    made = client.post(
        "/en/admin/two-factor/recovery-codes/", {"code": totp_code(device)}
    )

    assert refused.status_code == 200
    assert "This code is not right" in refused.text
    new = CODES.findall(made.text)
    assert len(new) == 10 and not set(new) & set(old)
    stored = set(RecoveryCode.objects.values_list("digest", flat=True))
    assert stored == {recovery_code_digest(code) for code in new}
    assert "auth.recovery_codes_regenerated" in actions(operator)


# A coordinator's reset


def test_a_coordinator_resets_a_staff_members_second_factor(client, role_user):
    operator = role_user("operator")
    coordinator = role_user("coordinator")
    operators_session = _client()
    operators_session.force_login(operator)
    client.force_login(coordinator)
    change_page = client.get(f"/en/admin/auth/user/{operator.pk}/change/")
    reset = f"/en/admin/auth/user/{operator.pk}/two-factor/reset/"

    confirm = client.get(reset)
    done = client.post(reset)

    assert f'href="{reset}"' in change_page.text
    assert confirm.status_code == 200
    assert done["Location"] == f"/en/admin/auth/user/{operator.pk}/change/"
    assert not TOTPDevice.objects.filter(user=operator).exists()
    entry = AuditEntry.objects.get(action="auth.second_factor_reset")
    assert (entry.actor, entry.object_id, entry.data) == (
        coordinator,
        str(operator.pk),
        {"devices": 1},
    )
    # The operator's open session no longer counts as passed: enrolment comes next.
    assert operators_session.get("/en/admin/")["Location"] == (
        "/en/admin/two-factor/enrol/?next=%2Fen%2Fadmin%2F"
    )


def test_only_those_who_change_accounts_reset_and_never_their_own(client, role_user):
    operator = role_user("operator")
    coordinator = role_user("coordinator")
    totp_device(operator)

    client.force_login(role_user("monitor"))
    by_monitor = client.post(f"/en/admin/auth/user/{operator.pk}/two-factor/reset/")
    client.force_login(coordinator)
    own = client.post(f"/en/admin/auth/user/{coordinator.pk}/two-factor/reset/")

    assert by_monitor.status_code == 403
    assert own.status_code == 403
    assert TOTPDevice.objects.filter(user=operator).exists()
    assert not AuditEntry.objects.filter(action="auth.second_factor_reset").exists()


def test_a_coordinator_cannot_reach_a_superusers_second_factor(
    client, role_user, admin_user
):
    totp_device(admin_user)
    client.force_login(role_user("coordinator"))

    response = client.post(f"/en/admin/auth/user/{admin_user.pk}/two-factor/reset/")

    assert response.status_code == 404
    assert TOTPDevice.objects.filter(user=admin_user).exists()


def test_a_superuser_resets_anyone(client, admin_user, role_user):
    coordinator = role_user("coordinator")
    totp_device(coordinator)
    client.force_login(admin_user)

    response = client.post(f"/en/admin/auth/user/{coordinator.pk}/two-factor/reset/")

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=coordinator).exists()


# The pages themselves


def test_the_second_factor_pages_are_valid_html(role_user, tmp_path):
    from tests.test_html_valid import validate

    operator = role_user("operator")
    client = _client()
    give_password(client, operator)
    documents = {"enrol": client.get("/admin/two-factor/enrol/").text}
    secret = secret_in(documents["enrol"])
    documents["codes"] = client.post(
        "/admin/two-factor/enrol/", {"code": code_from_secret(secret)}
    ).text
    documents["devices"] = client.get("/en/admin/two-factor/devices/").text
    documents["regenerate"] = client.get("/admin/two-factor/recovery-codes/").text
    client.post("/admin/logout/")
    give_password(client, operator, language="uk")
    documents["second step"] = client.get("/admin/two-factor/").text

    assert validate(documents, tmp_path) == []


def _client():
    from django.test import Client

    return Client()
