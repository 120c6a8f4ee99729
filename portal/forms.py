"""Form pieces every app shares."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from portal import personal_data
from portal.models import Community

WHOLE_RAION = _("Whole raion")
# A phone number as people write it: digits, spaces, brackets, dashes, a leading plus.
PHONE = re.compile(r"^\+?[\d\s()\-]{9,20}$")


class ContactMixin(forms.Form):
    """An "email" and a "phone" field, of which at least one must be given."""

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        if phone and not PHONE.match(phone):
            raise forms.ValidationError(
                _("Enter a phone number with digits only, such as +380 50 123 4567.")
            )
        return phone

    def require_contact(self, cleaned: dict, message=None) -> None:
        no_contact = not cleaned.get("email") and not cleaned.get("phone")
        if no_contact and "email" not in self.errors and "phone" not in self.errors:
            self.add_error("email", message or _("Give an e-mail or a phone number."))


class HoneypotMixin(forms.Form):
    """A field people never see; programs that fill in every field give themselves
    away by filling it."""

    homepage = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def is_spam(self) -> bool:
        return bool(self.data.get(self.add_prefix("homepage")))


class CommunityChoiceField(forms.ModelChoiceField):
    """Choose a community; the empty choice means the whole raion."""

    def __init__(self, *, empty_label=WHOLE_RAION, **kwargs):
        kwargs.setdefault("queryset", Community.objects.order_by("name"))
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Community"))
        super().__init__(empty_label=empty_label, **kwargs)

    def label_from_instance(self, obj: Community) -> str:
        return obj.display_name


class PersonalDataCheckMixin(forms.Form):
    """For staff texts that others read (a public reply to a complaint): a text with
    what looks like personal data comes back once, with what was found named under
    it and a box to tick to send it as written. What is sent is shown masked where
    the public reads it (portal.personal_data); the text itself is kept as written."""

    # The fields to look into.
    personal_data_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Hidden until a text needs it; clean() shows it.
        self.fields["personal_data_confirmed"] = forms.BooleanField(
            label=_("Send it as written: the public reads it masked"),
            required=False,
            widget=forms.HiddenInput,
        )

    def clean(self):
        cleaned = super().clean() or self.cleaned_data
        if cleaned.pop("personal_data_confirmed", False):
            return cleaned
        for name in self.personal_data_fields:
            found = personal_data.describe(cleaned.get(name) or "")
            if found:
                self.add_error(
                    name,
                    _(
                        "This looks like personal data: %(found)s. Remove it, or tick "
                        "the box below to send it as written."
                    )
                    % {"found": ", ".join(str(label) for label in found)},
                )
                self.fields["personal_data_confirmed"].widget = forms.CheckboxInput()
        return cleaned
