import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from events.models import Audience, Event, EventRequest, Registration
from portal.forms import ContactMixin, HoneypotMixin
from portal.models import Community


class RegistrationForm(ContactMixin, HoneypotMixin, forms.ModelForm):
    consent = forms.BooleanField(
        label=_(
            "I agree that the organisers process my name and contacts to run this "
            "event, as the Law of Ukraine “On Personal Data Protection” provides."
        ),
    )

    class Meta:
        model = Registration
        fields = ["name", "email", "phone", "affiliation", "needs"]
        labels = {
            "name": _("Your name"),
            "email": _("E-mail"),
            "phone": _("Phone"),
            "affiliation": _("You come as"),
            "needs": _("Anything we should prepare for you? (optional)"),
        }
        help_texts = {
            "email": _("We send the confirmation and the link to cancel here."),
            "needs": _("For example, step-free access or a sign language interpreter."),
        }
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
        }

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        self.require_contact(cleaned)
        return cleaned


class EventRequestForm(ContactMixin, HoneypotMixin, forms.ModelForm):
    consent = forms.BooleanField(
        label=_(
            "I agree that the coordinators process these contacts to answer this "
            "request, as the Law of Ukraine “On Personal Data Protection” provides."
        ),
    )

    class Meta:
        model = EventRequest
        fields = [
            "kind",
            "topic",
            "audience",
            "preferred_dates",
            "community",
            "organisation",
            "contact_name",
            "email",
            "phone",
        ]
        widgets = {"kind": forms.RadioSelect}

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        self.require_contact(cleaned)
        return cleaned


class EventFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Type"), choices=Event.Kind.choices, empty_label=_("All types")
    )
    audience = django_filters.ModelChoiceFilter(
        field_name="audiences",
        label=_("Meant for"),
        queryset=Audience.objects.all(),
        empty_label=_("Everyone"),
    )
    community = django_filters.ModelChoiceFilter(
        label=_("Community"),
        queryset=Community.objects.order_by("name"),
        empty_label=_("All communities"),
    )

    class Meta:
        model = Event
        fields = ["kind", "audience", "community"]
