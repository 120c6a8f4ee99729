"""Staff members' second factor in tests: a real authenticator app (a confirmed TOTP
device) and the codes it would show, and the browser's way through the log-in."""

import time
from base64 import b32decode

from django.contrib.auth.models import User
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def totp_device(user) -> TOTPDevice:
    """The user's authenticator app, set up and confirmed (made if missing)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app")
    return device


def totp_code(device: TOTPDevice) -> str:
    """The code the app shows now, computed from the device's key; the next one
    when the current one was used already, since a code passes only once."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if totp.t() <= device.last_t:
        totp.time += device.step * (device.last_t - totp.t() + 1)
    return f"{totp.token():0{device.digits}d}"


def code_from_secret(secret: str, *, later: int = 0) -> str:
    """What an authenticator app set up by typing `secret` (the key as the
    enrolment page prints it) shows now, or `later` periods of 30 seconds on."""
    text = secret.replace(" ", "").upper()
    totp = TOTP(b32decode(text + "=" * (-len(text) % 8)))
    totp.time = time.time() + 30 * later
    return f"{totp.token():06d}"


def pass_second_factor(session, device) -> None:
    """Mark a signed-in session as having passed `device`, as django_otp.login does."""
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def log_in_in_browser(page, base_url: str, username: str, password: str) -> None:
    """Log in to the back office in English as the real form asks: the password,
    then a code from the user's authenticator app (set up for them if missing)."""
    device = totp_device(User.objects.get(username=username))
    page.goto(f"{base_url}/en/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_url("**/en/admin/two-factor/?**")
    page.fill("#id_code", totp_code(device))
    page.click("input[type=submit]")
    page.wait_for_url(lambda url: "/two-factor/" not in url)
