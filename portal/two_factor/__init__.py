"""The second factor that every staff member passes after the password.

Staff (is_staff, superusers included) see complainants' personal data or publish in
the portal's name, so a password alone never opens the back office. After the
password comes a second step: a code from an authenticator app (TOTP), a passkey, or
one of ten single-use recovery codes. Until it is passed the session reaches only the
second step, the enrolment page and the log-out (portal.two_factor.site), and
outside the back office it is nobody (portal.two_factor.middleware).

A staff member without an authenticator enrols right after the password. Recovery
codes are kept only as SHA-256 hashes of their 80 random bits (RecoveryCodeDevice).
Coordinators, and superusers, can reset another account's second factor, which
makes its owner enrol again. Every change and every wrong code is audited.
"""

import hashlib
import secrets

RECOVERY_CODE_COUNT = 10
# Readable in print and on a screen: lower-case base32 without 0, 1, 8 and 9.
_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567"


def needs_second_factor(user) -> bool:
    """Whether this account passes a second factor: everyone in the back office."""
    return bool(user.is_authenticated and user.is_active and user.is_staff)


def has_passed(user) -> bool:
    """Whether this session's user passed a second factor (django_otp's mark)."""
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())


def pending(user) -> bool:
    """A staff member who gave the password but not yet the second factor."""
    return needs_second_factor(user) and not has_passed(user)


def new_recovery_code() -> str:
    """80 random bits as four groups of four letters and digits: abcd-ef23-..."""
    letters = "".join(secrets.choice(_ALPHABET) for _ in range(16))
    return "-".join(letters[i : i + 4] for i in range(0, 16, 4))


def recovery_code_digest(code: str) -> str:
    """The hash a recovery code is kept as, whatever its case, spaces or dashes."""
    normalised = "".join(ch for ch in code.casefold() if ch.isalnum())
    return hashlib.sha256(normalised.encode()).hexdigest()


def looks_like_totp(code: str) -> bool:
    digits = code.replace(" ", "")
    return len(digits) == 6 and digits.isdigit()


def authenticators(user) -> list:
    """The user's confirmed authenticator apps and passkeys, oldest first."""
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from django_otp_webauthn.models import WebAuthnCredential

    apps = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk")
    passkeys = WebAuthnCredential.objects.filter(user=user, confirmed=True)
    return [*apps, *passkeys.order_by("pk")]


def is_enrolled(user) -> bool:
    """Whether the user has an authenticator to pass the second step with."""
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from django_otp_webauthn.models import WebAuthnCredential

    return (
        TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        or WebAuthnCredential.objects.filter(user=user, confirmed=True).exists()
    )


def has_passkey(user) -> bool:
    from django_otp_webauthn.models import WebAuthnCredential

    return WebAuthnCredential.objects.filter(user=user, confirmed=True).exists()


def recovery_codes_left(user) -> int:
    from portal.models import RecoveryCode

    return RecoveryCode.objects.filter(device__user=user).count()
