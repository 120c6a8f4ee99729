from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from portal.two_factor import actions


class CodeForm(forms.Form):
    """A code for the second step: from the authenticator app, or a recovery code.

    `check` runs `action` with the code and turns its refusal into the form's error.
    """

    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        help_text=_(
            "The 6-digit code your authenticator app shows now, or one of your "
            "recovery codes."
        ),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "none",
                "spellcheck": "false",
                "autofocus": True,
            }
        ),
    )
    error_messages = {
        "wrong": _(
            "This code is not right. Type the newest code from your authenticator "
            "app, or a recovery code you have not used yet."
        ),
        "throttled": _(
            "Too many wrong codes in a row. Wait a few seconds and try again."
        ),
        "locked_out": _(
            "Too many wrong codes. For your security, log-in is paused for "
            "%(minutes)s minutes."
        ),
    }

    def check(self, action, *args):
        """Run `action(*args, code)`; return its result, or None with the error."""
        try:
            return action(*args, self.cleaned_data["code"])
        except actions.SecondStepRefused as refusal:
            self.add_error(
                "code",
                forms.ValidationError(
                    self.error_messages[refusal.reason],
                    code=refusal.reason,
                    params={"minutes": settings.LOGIN_LOCKOUT_MINUTES},
                ),
            )
            return None


class EnrolmentForm(CodeForm):
    code = forms.CharField(
        label=_("First code from the app"),
        max_length=8,
        help_text=_("The 6 digits the app shows after it has read the QR code."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": "[0-9 ]*",
                "autofocus": True,
            }
        ),
    )
    error_messages = {
        **CodeForm.error_messages,
        "wrong": _(
            "This code is not right. Check that the phone's clock is correct and "
            "type the newest code the app shows."
        ),
    }
