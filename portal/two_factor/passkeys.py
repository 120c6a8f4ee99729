"""Passkeys (WebAuthn) through django-otp-webauthn, as a second factor only.

The library's JSON views, with the portal's rules: a passkey is added only by a
session that has passed the second factor, and answering its challenge at the
second step passes it, audited like a code. The URLs keep the library's namespace,
which its template tags name.
"""

from django.http import HttpRequest
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import JavaScriptCatalog
from django_otp_webauthn import exceptions
from django_otp_webauthn.helpers import WebAuthnHelper
from django_otp_webauthn.views import (
    BeginCredentialAuthenticationView,
    BeginCredentialRegistrationView,
    CompleteCredentialAuthenticationView,
    CompleteCredentialRegistrationView,
)

from portal import two_factor
from portal.two_factor import actions


class PasskeyHelper(WebAuthnHelper):
    def register_complete(self, user, state, data):
        device = super().register_complete(user, state, data)
        actions.passkey_added(device, actor=self.request.user)
        return device


class _AddingNeedsTheSecondFactor:
    request: HttpRequest

    def check_can_register(self):
        # The library lets an account without devices add a passkey before any
        # second factor; here enrolment comes first, with its recovery codes.
        if not two_factor.has_passed(self.request.user):
            raise exceptions.NotVerified(
                detail=_("Pass the second step of the log-in before adding a passkey.")
            )


class BeginRegistration(_AddingNeedsTheSecondFactor, BeginCredentialRegistrationView):
    pass


class CompleteRegistration(
    _AddingNeedsTheSecondFactor, CompleteCredentialRegistrationView
):
    pass


class _SecondStepOnly:
    request: HttpRequest

    def check_can_authenticate(self):
        if not two_factor.needs_second_factor(self.request.user):
            raise exceptions.PasswordlessLoginDisabled(
                detail=_("Log in with your password first.")
            )


class BeginAuthentication(_SecondStepOnly, BeginCredentialAuthenticationView):
    pass


class CompleteAuthentication(_SecondStepOnly, CompleteCredentialAuthenticationView):
    def complete_auth(self, device):
        actions.passed_with_passkey(self.request, device)


app_name = "otp_webauthn"
urlpatterns = [
    path(
        "registration/begin/",
        BeginRegistration.as_view(),
        name="credential-registration-begin",
    ),
    path(
        "registration/complete/",
        CompleteRegistration.as_view(),
        name="credential-registration-complete",
    ),
    path(
        "authentication/begin/",
        BeginAuthentication.as_view(),
        name="credential-authentication-begin",
    ),
    path(
        "authentication/complete/",
        CompleteAuthentication.as_view(),
        name="credential-authentication-complete",
    ),
    path(
        "jsi18n/",
        JavaScriptCatalog.as_view(packages=["django_otp_webauthn"]),
        name="js-i18n-catalog",
    ),
]
