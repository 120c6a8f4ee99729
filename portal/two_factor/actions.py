"""Changes to staff members' second factors; each one is audited.

Audit entries name the account and the kind of device, never a code or a key.
"""

from django.conf import settings
from django.db import transaction
from django_otp import login as otp_login
from django_otp.models import Device
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from portal import audit
from portal.models import RecoveryCode, RecoveryCodeDevice
from portal.throttle import RateLimit
from portal.two_factor import (
    RECOVERY_CODE_COUNT,
    authenticators,
    looks_like_totp,
    new_recovery_code,
    recovery_code_digest,
)

KINDS: dict[type[Device], str] = {
    TOTPDevice: "totp",
    WebAuthnCredential: "passkey",
    RecoveryCodeDevice: "recovery",
}


class SecondStepRefused(Exception):
    """A code that did not pass: `reason` is "wrong", "throttled" or "locked_out"."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def failure_limit() -> RateLimit:
    """Wrong second-step codes per account, counted like failed passwords."""
    return RateLimit(
        "second-factor-user",
        settings.LOGIN_FAILURE_LIMIT,
        settings.LOGIN_LOCKOUT_MINUTES * 60,
    )


def kind_of(device: Device) -> str:
    return KINDS[type(device)]


@transaction.atomic
def start_enrolment(user) -> TOTPDevice:
    """The authenticator app being set up: the same one until it is confirmed, so
    that the QR code does not change when the page is loaded again."""
    pending = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk")
    device = pending.first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name="Authenticator app", confirmed=False
        )
    return device


def enrol(request, device: TOTPDevice, code: str) -> list[str]:
    """Confirm the authenticator app being set up with its first code; the session
    passes the second factor and the user gets new recovery codes, returned in clear
    this once. Raises SecondStepRefused."""
    user = request.user
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        allowed, _reason = device.verify_is_allowed()
        verified = device.verify_token(code.replace(" ", ""))
    if not verified:
        raise SecondStepRefused("wrong" if allowed else "throttled")
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        codes = _new_recovery_codes(user)
        audit.record("auth.second_factor_enrolled", actor=user, obj=user, kind="totp")
    _passed(request, device)
    return codes


def pass_second_step(request, code: str) -> Device:
    """Check a code from the authenticator app, or a recovery code, and mark the
    session as having passed the second factor. Raises SecondStepRefused."""
    user = request.user
    limit = failure_limit()
    if limit.exceeded(str(user.pk)):
        raise SecondStepRefused("locked_out")
    code = code.strip()
    model: type[Device] = TOTPDevice if looks_like_totp(code) else RecoveryCodeDevice
    passed, throttled = None, False
    with transaction.atomic():
        for device in (
            model.objects.devices_for_user(user, confirmed=True)
            .order_by("pk")
            .select_for_update()
        ):
            allowed, _reason = device.verify_is_allowed()
            throttled = throttled or not allowed
            if device.verify_token(code.replace(" ", "")):
                passed = device
                break
    if passed is None:
        limit.hit(str(user.pk))
        audit.record(
            "auth.second_factor_failed",
            actor=user,
            obj=user,
            failures=limit.hits(str(user.pk)),
        )
        raise SecondStepRefused("throttled" if throttled else "wrong")
    _passed(request, passed)
    if isinstance(passed, RecoveryCodeDevice):
        audit.record(
            "auth.recovery_code_used",
            actor=user,
            obj=user,
            left=passed.codes.count(),
        )
    return passed


def passed_with_passkey(request, device: WebAuthnCredential) -> None:
    """A passkey answered the second step's challenge (its views checked it)."""
    _passed(request, device)


def _passed(request, device: Device) -> None:
    # A new session key for the session that now opens the back office, as Django
    # does at the password.
    request.session.cycle_key()
    otp_login(request, device)
    audit.record(
        "auth.second_factor", actor=request.user, obj=request.user, kind=kind_of(device)
    )


def regenerate_recovery_codes(request, code: str) -> list[str]:
    """New recovery codes in place of the old, after the user proves again with a
    current code. Raises SecondStepRefused."""
    pass_second_step(request, code)
    user = request.user
    with transaction.atomic():
        codes = _new_recovery_codes(user)
        audit.record("auth.recovery_codes_regenerated", actor=user, obj=user)
    return codes


def _new_recovery_codes(user) -> list[str]:
    RecoveryCodeDevice.objects.filter(user=user).delete()
    device = RecoveryCodeDevice.objects.create(user=user, name="Recovery codes")
    codes = [new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    RecoveryCode.objects.bulk_create(
        RecoveryCode(device=device, digest=recovery_code_digest(code)) for code in codes
    )
    return codes


def passkey_added(device: WebAuthnCredential, *, actor) -> None:
    audit.record(
        "auth.second_factor_added", actor=actor, obj=device.user, kind="passkey"
    )


class LastAuthenticator(Exception):
    """The device is the account's only authenticator; removing it would leave the
    account with recovery codes alone."""


@transaction.atomic
def remove_device(device: Device, *, actor) -> None:
    """Remove one of the user's own authenticators, never the last one."""
    others = [
        other
        for other in authenticators(device.user)
        if (type(other), other.pk) != (type(device), device.pk)
    ]
    if not others:
        raise LastAuthenticator
    device.delete()
    audit.record(
        "auth.second_factor_removed", actor=actor, obj=device.user, kind=kind_of(device)
    )


@transaction.atomic
def reset_second_factor(user, *, actor) -> int:
    """Remove every device of another user's, who must enrol again at their next
    log-in (sessions that passed with a removed device no longer count as passed);
    return how many were removed."""
    removed = 0
    for model in KINDS:
        _total, by_model = model.objects.filter(user=user).delete()
        removed += by_model.get(model._meta.label, 0)  # not the codes one by one
    audit.record("auth.second_factor_reset", actor=actor, obj=user, devices=removed)
    return removed
