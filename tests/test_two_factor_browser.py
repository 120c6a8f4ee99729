"""Two-factor log-in in Chromium: a new operator enrols with an authenticator app,
keeps the recovery codes and logs in again with a code; a passkey is added and used
through Chromium's virtual authenticator (the DevTools protocol's WebAuthn domain)."""

import re

import pytest
from django_otp_webauthn.models import WebAuthnCredential
from playwright.sync_api import expect

from conftest import serious_violations
from portal.models import RecoveryCode
from tests.factories import (
    code_from_secret,
    log_in_in_browser,
    totp_code,
    totp_device,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery-staple"


def give_password(page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/en/admin/login/?next=/en/admin/hotline/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_a_new_operator_enrols_saves_the_codes_and_logs_in_again(
    live_server, page, role_user
):
    operator = role_user("operator")
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on(
        "console",
        lambda message: (
            problems.append(message.text) if message.type == "error" else None
        ),
    )

    give_password(page, live_server.url, "operator")

    # Enrolment: the QR code and the key as text, for an app set up by hand.
    page.wait_for_url("**/en/admin/two-factor/enrol/?next=%2Fen%2Fadmin%2Fhotline%2F")
    expect(page.get_by_role("img", name="QR code that sets up")).to_be_visible()
    secret = page.locator("#two-factor-secret").inner_text()
    page.get_by_label("First code from the app").fill(code_from_secret(secret))
    page.get_by_role("button", name="Confirm").click()

    # Ten recovery codes, shown once, also as text to copy.
    codes = page.locator("#recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    assert page.get_by_label(
        "The same codes as text, to copy:"
    ).input_value().split() == (codes)
    assert RecoveryCode.objects.filter(device__user=operator).count() == 10
    page.get_by_role("link", name="I have saved them: continue").click()
    page.wait_for_url("**/en/admin/hotline/")

    page.get_by_role("button", name="Log out").click()
    give_password(page, live_server.url, "operator")

    # The second step, with the app's next code (the first one passed already).
    page.wait_for_url("**/en/admin/two-factor/?next=%2Fen%2Fadmin%2Fhotline%2F")
    code = code_from_secret(secret, later=1)
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Verify").click()
    page.wait_for_url("**/en/admin/hotline/")
    expect(page.locator("#user-tools")).to_contain_text("Two-factor log-in")
    assert problems == []


def test_a_recovery_code_logs_in_when_the_phone_is_lost(live_server, page, role_user):
    operator = role_user("operator")
    totp_device(operator)
    # Codes made from the devices page, with a current code.
    log_in_in_browser(page, live_server.url, "operator", PASSWORD)
    page.goto(live_server.url + "/en/admin/two-factor/devices/")
    page.get_by_role("link", name="Make new recovery codes").click()
    page.get_by_label("Current code").fill(totp_code(totp_device(operator)))
    page.get_by_role("button", name="Make new recovery codes").click()
    codes = page.locator("#recovery-codes code").all_inner_texts()
    page.get_by_role("button", name="Log out").click()

    give_password(page, live_server.url, "operator")
    page.get_by_label("Code").fill(codes[3])
    page.get_by_role("button", name="Verify").click()

    page.wait_for_url("**/en/admin/hotline/")
    assert RecoveryCode.objects.filter(device__user=operator).count() == 9


def test_a_passkey_is_added_and_answers_the_second_step(
    live_server, page, role_user, settings
):
    # The live server's own origin: passkeys belong to the host that made them.
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [live_server.url]
    operator = role_user("operator")
    totp_device(operator)
    devtools = page.context.new_cdp_session(page)
    devtools.send("WebAuthn.enable")
    devtools.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    log_in_in_browser(page, live_server.url, "operator", PASSWORD)

    page.goto(live_server.url + "/en/admin/two-factor/devices/")
    page.get_by_role("button", name="Add a passkey").click()
    expect(page.get_by_role("region", name="Authenticators")).to_contain_text("Passkey")
    assert WebAuthnCredential.objects.filter(user=operator).count() == 1
    page.get_by_role("button", name="Log out").click()

    give_password(page, live_server.url, "operator")
    page.wait_for_url(re.compile(r".*/en/admin/two-factor/\?next=.*"))
    page.get_by_role("button", name="Use a passkey").click()

    page.wait_for_url("**/en/admin/hotline/")
    assert WebAuthnCredential.objects.get(user=operator).last_used_at is not None


@pytest.mark.parametrize("language", ["en", "uk"])
def test_the_log_in_steps_have_no_serious_accessibility_violations(
    live_server, axe_page, role_user, language
):
    role_user("operator")
    prefix = "/en" if language == "en" else ""
    axe_page.goto(f"{live_server.url}{prefix}/admin/login/")
    axe_page.fill("#id_username", "operator")
    axe_page.fill("#id_password", PASSWORD)
    axe_page.click("input[type=submit]")
    axe_page.wait_for_url("**/admin/two-factor/enrol/**")
    assert serious_violations(axe_page) == []

    secret = axe_page.locator("#two-factor-secret").inner_text()
    axe_page.fill("#id_code", code_from_secret(secret))
    axe_page.click("input[type=submit]")
    axe_page.wait_for_selector("#recovery-codes")
    assert serious_violations(axe_page) == []

    axe_page.goto(f"{live_server.url}{prefix}/admin/two-factor/devices/")
    assert serious_violations(axe_page) == []
    axe_page.locator("#logout-form button").click()
    axe_page.goto(f"{live_server.url}{prefix}/admin/login/")
    axe_page.fill("#id_username", "operator")
    axe_page.fill("#id_password", PASSWORD)
    axe_page.click("input[type=submit]")
    axe_page.wait_for_url("**/admin/two-factor/?**")
    assert serious_violations(axe_page) == []
