from datetime import datetime, time
from typing import cast

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Fieldset, Layout, Submit
from django import forms
from django.contrib.admin.widgets import AdminDateWidget
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy as _

from hotline.models import Category, Complaint, ExternalReferral, PoliceUnit
from hotline.receipts import normalise
from hotline.uploads import MAX_FILES, CleanFile, clean_upload
from portal.forms import (
    CommunityChoiceField,
    ContactMixin,
    HoneypotMixin,
    PersonalDataCheckMixin,
)
from portal.models import Settlement
from portal.search import Folded, fold

MAX_DESCRIPTION = 5000


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Up to five photos or PDFs, each checked and cleaned (see hotline.uploads)."""

    widget = MultipleFileInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.attrs["accept"] = "image/jpeg,image/png,image/webp,application/pdf"

    def clean(self, data, initial=None) -> list[CleanFile]:
        uploads = [f for f in (data or []) if f]
        if len(uploads) > MAX_FILES:
            raise ValidationError(
                _("Attach at most %(count)s files."), params={"count": MAX_FILES}
            )
        cleaned, errors = [], []
        for upload in uploads:
            try:
                cleaned.append(clean_upload(upload))
            except ValidationError as error:
                errors.extend(error.error_list)
        if errors:
            raise ValidationError(errors)
        return cleaned


def find_settlement(name: str, community) -> tuple[Settlement | None, str]:
    """The settlement a resident typed, in the chosen community or anywhere,
    compared as the search compares words (case, stress marks and apostrophes
    aside). Returns it, or None and what to tell the resident.

    A country has some 28,000 settlements: no list could offer them all, so the
    form takes the name as typed (a script suggests the community's own)."""
    typed = " ".join(name.split())
    wanted = fold(typed).lower()
    places = Settlement.objects.select_related("community")
    if community is not None:
        places = places.filter(community=community)
    same_name = places.alias(folded=Folded("name"), folded_en=Folded("name_en"))
    matches = list(same_name.filter(Q(folded=wanted) | Q(folded_en=wanted))[:SUGGESTED])
    if len(matches) == 1:
        return matches[0], ""
    if len(matches) > 1:
        names = ", ".join(sorted({place.community.display_name for place in matches}))
        return None, _(
            "There are several settlements of that name, in: %(communities)s. "
            "Choose the community."
        ) % {"communities": names}
    if community is not None:
        own = places.order_by("name")[:SUGGESTED]
        known = ", ".join(place.display_name for place in own)
        return None, _(
            "No settlement of that name is in this community. Its settlements are: "
            "%(names)s. You can also leave the field empty."
        ) % {"names": known}
    return None, str(
        _(
            "No settlement of that name is known. Check the spelling, or leave the "
            "field empty."
        )
    )


SUGGESTED = 40


def form_layout() -> FormHelper:
    """The public form's layout, made for each form: crispy's buttons write their
    label into themselves when first rendered, so a layout kept between requests
    would show every reader the first reader's language."""
    helper = FormHelper()
    helper.form_tag = False
    helper.layout = Layout(
        Fieldset(
            _("What happened"),
            "kind",
            "category",
            "community",
            "settlement",
            "place",
            "occurred_on",
            "occurred_time",
            "description",
            "officer_identification",
            "attachments",
        ),
        Fieldset(_("Formal appeal or anonymous feedback"), "path"),
        Fieldset(
            _("Only for a formal appeal"),
            HTML(
                format_lazy(
                    "<p class='form-text'>{}</p>",
                    _(
                        "Required for a formal appeal. For anonymous feedback leave "
                        "them empty: anything typed here is discarded."
                    ),
                )
            ),
            "full_name",
            "residence",
            "email",
            "phone",
            "consent",
            css_class="formal-fields",
        ),
        Div("homepage", css_class="visually-hidden", aria_hidden="true"),
        Submit("submit", _("Send")),
    )
    return helper


PATH_CHOICES = [
    (
        Complaint.Path.FORMAL,
        _(
            "Formal appeal under the Law “On Citizens' Appeals”: you give your name, "
            "address and a contact, and you get an answer within the statutory term "
            "(15 days to one month)."
        ),
    ),
    (
        Complaint.Path.ANONYMOUS,
        _(
            "Anonymous feedback: no name, no contact, nothing that identifies you is "
            "stored. It is counted and followed up, but the law sets no term for an "
            "answer."
        ),
    ),
]


class ComplaintForm(ContactMixin, HoneypotMixin, forms.ModelForm):
    """The public filing form. It works without JavaScript."""

    kind = forms.ChoiceField(
        label=_("What do you want to tell us?"),
        choices=[(value, capfirst(label)) for value, label in Complaint.Kind.choices],
        widget=forms.RadioSelect,
    )
    category = forms.ModelChoiceField(
        label=_("What is it about?"),
        queryset=Category.objects.filter(is_active=True),
        required=False,
        empty_label=_("Choose…"),
    )
    path = forms.ChoiceField(
        label=_("How should we handle it?"),
        choices=PATH_CHOICES,
        widget=forms.RadioSelect,
    )

    community = CommunityChoiceField(
        empty_label=_("I don't know / the whole raion"),
        help_text=_("Where it happened."),
    )
    settlement = forms.CharField(
        required=False,
        max_length=100,
        label=_("Settlement"),
        help_text=_(
            "The town or village, as you would write it. Leave it empty if "
            "you don't know."
        ),
        widget=forms.TextInput(
            attrs={"list": "settlement-names", "autocomplete": "off"}
        ),
    )
    attachments = AttachmentsField(
        label=_("Photos or documents"),
        help_text=_(
            "Up to 5 files: JPEG, PNG or WebP photos, or PDF documents, 10 MB each. "
            "Location and camera data are removed from photos."
        ),
    )
    consent = forms.BooleanField(
        required=False,
        label=_(
            "I agree that the portal processes my personal data to consider this "
            "appeal, as the Law of Ukraine “On Personal Data Protection” provides."
        ),
    )

    class Meta:
        model = Complaint
        fields = [
            "kind",
            "category",
            "community",
            "settlement",
            "place",
            "occurred_on",
            "occurred_time",
            "description",
            "officer_identification",
            "path",
            "full_name",
            "residence",
            "email",
            "phone",
        ]
        labels = {
            "place": _("Place (optional)"),
            "occurred_on": _("Date"),
            "occurred_time": _("Time (optional)"),
            "description": _("What happened"),
            "officer_identification": _("Officer or patrol (optional)"),
            "full_name": _("Full name"),
            "residence": _("Place of residence (address)"),
            "email": _("E-mail"),
            "phone": _("Phone"),
        }
        help_texts = {
            "place": _("A street, a building or a landmark, if it matters."),
            "description": _(
                "Plain text; HTML is not allowed. Describe what happened, not who you "
                "are, if you stay anonymous."
            ),
            "officer_identification": _(
                "Badge number, patrol car number. Only the staff who handle complaints "
                "see it."
            ),
            "email": _("We send your receipt and the answers here."),
        }
        widgets = {
            "occurred_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "occurred_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "description": forms.Textarea(
                attrs={"rows": 6, "maxlength": MAX_DESCRIPTION}
            ),
            "full_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "residence": forms.Textarea(
                attrs={"autocomplete": "street-address", "rows": 2}
            ),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
        }

    @property
    def helper(self) -> FormHelper:
        return form_layout()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate().isoformat()
        self.fields["occurred_on"].widget.attrs["max"] = today

    def clean_description(self) -> str:
        text = self.cleaned_data["description"].strip()
        if len(text) < 10:
            raise ValidationError(_("Describe what happened in a few words at least."))
        if len(text) > MAX_DESCRIPTION:
            raise ValidationError(
                _("Keep the description under %(count)s characters."),
                params={"count": MAX_DESCRIPTION},
            )
        return text

    def clean_occurred_on(self):
        day = self.cleaned_data["occurred_on"]
        if day > timezone.localdate():
            raise ValidationError(_("The date cannot be in the future."))
        return day

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        kind = cleaned.get("kind")
        if kind == Complaint.Kind.COMPLAINT and not cleaned.get("category"):
            self.add_error("category", _("Choose what the complaint is about."))
        community, typed = cleaned.get("community"), cleaned.get("settlement")
        cleaned["settlement"] = None
        if typed and "community" not in self.errors:
            settlement, problem = find_settlement(typed, community)
            if problem:
                self.add_error("settlement", problem)
            else:
                cleaned["settlement"] = settlement
                if settlement and not community:
                    cleaned["community"] = settlement.community
        if cleaned.get("path") == Complaint.Path.FORMAL:
            self._require_complainant(cleaned)
        else:
            for field in ["full_name", "residence", "email", "phone"]:
                cleaned[field] = ""
        return cleaned

    def validate_constraints(self):
        # The only constraint (anonymous feedback carries no contact) is what clean()
        # already ensures; the database enforces it too. Skip the query re-checking it.
        pass

    def _require_complainant(self, cleaned):
        if not cleaned.get("full_name", "").strip():
            self.add_error("full_name", _("A formal appeal needs your full name."))
        if not cleaned.get("residence", "").strip():
            self.add_error(
                "residence", _("A formal appeal needs your place of residence.")
            )
        self.require_contact(
            cleaned, _("Give an e-mail or a phone number for the answer.")
        )
        if not cleaned.get("consent"):
            self.add_error(
                "consent",
                _("A formal appeal needs your consent to process your personal data."),
            )


class ReceiptForm(HoneypotMixin, forms.Form):
    receipt = forms.CharField(
        label=_("Receipt code"),
        max_length=40,
        help_text=_("The code you got when you filed, such as K7QM-3XPA-9TND-V2HC."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters"}
        ),
    )

    def clean_receipt(self) -> str:
        code = normalise(self.cleaned_data["receipt"])
        if code is None:
            raise ValidationError(
                _("A receipt code has 16 letters and digits, like K7QM-3XPA-9TND-V2HC.")
            )
        return code


class AddInformationForm(ReceiptForm):
    text = forms.CharField(
        label=_("What you want to add"),
        max_length=MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Plain text; HTML is not allowed."),
    )
    attachments = AttachmentsField(label=_("Photos or documents"))


class RatingForm(ReceiptForm):
    satisfaction = forms.TypedChoiceField(
        label=_("How satisfied are you with the answer?"),
        coerce=int,
        choices=[
            (5, _("5: very satisfied")),
            (4, _("4: satisfied")),
            (3, _("3: neither satisfied nor dissatisfied")),
            (2, _("2: dissatisfied")),
            (1, _("1: very dissatisfied")),
        ],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


# Back-office forms (rendered in the Django admin).


# How far back an operator may date a letter or call they key in late.
OLDEST_RECEIPT_DAYS = 365


class StaffComplaintForm(forms.ModelForm):
    """A complaint received by phone, e-mail, in person or by letter, keyed in by an
    operator: dated the day it was received (a letter's incoming stamp), which the
    statutory clock runs from, with the scanned letter or other papers attached."""

    received_on = forms.DateField(
        label=_("Received on"),
        required=False,
        widget=AdminDateWidget,
        help_text=_(
            "For a letter, the date of its incoming stamp; the statutory clock runs "
            "from it. Today if left as it is."
        ),
    )
    scans = AttachmentsField(
        label=_("Scanned letter or papers"),
        help_text=_(
            "Up to 5 files: PDF scans or JPEG, PNG or WebP photos, 10 MB each. "
            "Location and camera data are removed from photos."
        ),
    )

    class Meta:
        model = Complaint
        fields = [
            "kind",
            "category",
            "community",
            "settlement",
            "occurred_on",
            "occurred_time",
            "channel",
            "received_on",
            "path",
            "term",
            "place",
            "description",
            "officer_identification",
            "full_name",
            "residence",
            "email",
            "phone",
            "scans",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["received_on"].initial = timezone.localdate
        # What staff key in never came through the web form.
        channel = cast(forms.ChoiceField, self.fields["channel"])
        channel.choices = [
            (value, label)
            for value, label in Complaint.Channel.choices
            if value != Complaint.Channel.WEB
        ]
        channel.initial = Complaint.Channel.PHONE

    def clean_received_on(self):
        today = timezone.localdate()
        received = self.cleaned_data["received_on"] or today
        if received > today:
            raise ValidationError(
                _("The date it was received cannot be in the future.")
            )
        if (today - received).days > OLDEST_RECEIPT_DAYS:
            raise ValidationError(
                _("Give a date within the last %(days)s days."),
                params={"days": OLDEST_RECEIPT_DAYS},
            )
        return received

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("path") == Complaint.Path.FORMAL:
            for field in ["full_name", "residence"]:
                if not cleaned.get(field, "").strip():
                    self.add_error(field, _("A formal appeal needs this."))
            if not cleaned.get("email") and not cleaned.get("phone"):
                self.add_error("phone", _("Give an e-mail or a phone number."))
        occurred, received = cleaned.get("occurred_on"), cleaned.get("received_on")
        if occurred and received and occurred > received:
            self.add_error(
                "occurred_on",
                _("The incident cannot come after the day the complaint was received."),
            )
        return cleaned

    def received_at(self):
        """When the complaint was received: now when that is today, otherwise noon
        of the day given (a stamp has no time)."""
        received = self.cleaned_data["received_on"]
        if received == timezone.localdate():
            return timezone.now()
        return timezone.make_aware(datetime.combine(received, time(12)))


# What triage staff may correct on a complaint; the rest changes through
# hotline.actions.
CLASSIFICATION = ["kind", "category", "community", "settlement", "place"]


class ComplaintClassificationForm(forms.ModelForm):
    class Meta:
        model = Complaint
        fields = CLASSIFICATION


class StatusChangeForm(PersonalDataCheckMixin, forms.Form):
    personal_data_fields = ("public_text",)

    new_status = forms.ChoiceField(label=_("New status"))
    public_text = forms.CharField(
        label=_("Public reply"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The complainant sees this on the tracking page and by e-mail."),
    )
    internal_note = forms.CharField(
        label=_("Internal note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only the staff see this."),
    )
    unit = forms.ModelChoiceField(
        label=_("Police unit"),
        queryset=PoliceUnit.objects.filter(is_active=True),
        required=False,
        help_text=_("Needed when referring."),
    )
    duplicate_of = forms.ModelChoiceField(
        label=_("Duplicate of complaint number"),
        queryset=Complaint.objects.all(),
        required=False,
        widget=forms.NumberInput,
        help_text=_("The number after the year, e.g. 123 for 2026-000123."),
    )
    term = forms.ChoiceField(
        label=_("Statutory term"),
        required=False,
        choices=[("", _("unchanged")), *Complaint.Term.choices],
    )

    def __init__(self, *args, complaint: Complaint, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = complaint.allowed_moves()
        cast(forms.ChoiceField, self.fields["new_status"]).choices = [
            (value, label)
            for value, label in Complaint.Status.choices
            if value in allowed
        ]
        if not complaint.is_formal:
            del self.fields["term"]


class BulkStatusForm(PersonalDataCheckMixin, forms.Form):
    """One status change for many complaints (the queue's bulk actions); each
    complaint moves only where its own status allows it."""

    personal_data_fields = ("public_text",)

    # Any status a complaint can move to, but "duplicate", which names its original
    # one complaint at a time.
    new_status = forms.ChoiceField(
        label=_("New status"),
        choices=[
            (status.value, status.label)
            for status in Complaint.Status
            if status not in {Complaint.Status.RECEIVED, Complaint.Status.DUPLICATE}
        ],
    )
    unit = StatusChangeForm.base_fields["unit"]
    public_text = StatusChangeForm.base_fields["public_text"]
    internal_note = StatusChangeForm.base_fields["internal_note"]

    def __init__(self, *args, refer: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if refer:
            # Referring: the unit is the question, the status follows from it.
            self.fields["new_status"].initial = Complaint.Status.REFERRED
            self.fields["new_status"].widget = forms.HiddenInput()
            self.fields["unit"].required = True
            self.fields["unit"].help_text = ""

    def change(self) -> dict:
        """The arguments of hotline.actions.change_status that the form gives."""
        data = self.cleaned_data
        return {
            "new_status": data["new_status"],
            "unit": data["unit"],
            "public_text": data["public_text"],
            "internal_note": data["internal_note"],
        }


class ReplyForm(PersonalDataCheckMixin, forms.Form):
    personal_data_fields = ("public_text",)

    public_text = forms.CharField(
        label=_("Public reply"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    internal_note = forms.CharField(
        label=_("Internal note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ExtensionForm(PersonalDataCheckMixin, forms.Form):
    personal_data_fields = ("reason",)

    new_due = forms.DateField(
        label=_("New deadline"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(
        label=_("Decision and reason (sent to the complainant)"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class FlagForm(forms.Form):
    reason = forms.CharField(
        label=_("What do you disagree with?"), widget=forms.Textarea(attrs={"rows": 3})
    )


class SettleFlagForm(forms.Form):
    note = forms.CharField(
        label=_("How was it settled?"), widget=forms.Textarea(attrs={"rows": 2})
    )


class ExternalReferralForm(forms.Form):
    body = forms.ChoiceField(label=_("Body"), choices=ExternalReferral.Body.choices)
    referred_on = forms.DateField(
        label=_("Referred on"),
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    reference = forms.CharField(label=_("Their reference"), required=False)


class ReferralOutcomeForm(forms.Form):
    outcome = forms.CharField(
        label=_("Outcome"), widget=forms.Textarea(attrs={"rows": 2})
    )
    outcome_on = forms.DateField(
        label=_("Outcome on"),
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
