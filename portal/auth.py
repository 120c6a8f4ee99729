"""Staff log-in protected against password guessing; staff log-ins are audited.

After LOGIN_FAILURE_LIMIT failed attempts for one username, or from one client address,
log-in is refused for LOGIN_LOCKOUT_MINUTES. Addresses and usernames are counted under
keyed hashes (see portal.throttle), so nothing about the attempts is stored.
"""

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.exceptions import PermissionDenied, ValidationError
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from portal import audit
from portal.throttle import RateLimit, client_address


def _limits() -> tuple[RateLimit, RateLimit]:
    period = settings.LOGIN_LOCKOUT_MINUTES * 60
    return (
        RateLimit("login-user", settings.LOGIN_FAILURE_LIMIT, period),
        RateLimit("login-address", settings.LOGIN_FAILURE_LIMIT, period),
    )


def is_locked_out(request, username: str | None) -> bool:
    by_user, by_address = _limits()
    return by_address.exceeded(client_address(request)) or bool(
        username and by_user.exceeded(username.casefold())
    )


@receiver(user_login_failed)
def _count_failure(sender, credentials, request=None, **kwargs):
    if request is None:
        return
    by_user, by_address = _limits()
    by_address.hit(client_address(request))
    if username := credentials.get("username"):
        by_user.hit(username.casefold())


@receiver(user_logged_in)
def _record_login(sender, request, user, **kwargs):
    if user.is_staff:
        audit.record("auth.login", actor=user, obj=user)


class ThrottledModelBackend(ModelBackend):
    """Django's own backend that refuses everyone while a lock-out lasts."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is not None and is_locked_out(request, username):
            raise PermissionDenied
        return super().authenticate(request, username, password, **kwargs)


class ThrottledAdminLoginForm(AdminAuthenticationForm):
    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "locked_out": _(
            "Too many failed log-in attempts. For your security, log-in is paused "
            "for %(minutes)s minutes."
        ),
    }

    def clean(self):
        if is_locked_out(self.request, self.cleaned_data.get("username")):
            raise ValidationError(
                self.error_messages["locked_out"],
                code="locked_out",
                params={"minutes": settings.LOGIN_LOCKOUT_MINUTES},
            )
        return super().clean()
