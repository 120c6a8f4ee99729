import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accountability.models import Formation, Period, Priority, Report, ReportQuestion
from portal.forms import HoneypotMixin
from portal.models import Community


def _communities():
    return Community.objects.order_by("name")


class ReportFilter(django_filters.FilterSet):
    community = django_filters.ModelChoiceFilter(
        label=_("Community"),
        queryset=_communities(),
        empty_label=_("All communities"),
        method="filter_community",
    )
    period = django_filters.ChoiceFilter(
        label=_("Period"), choices=Period.choices, empty_label=_("Any period")
    )
    year = django_filters.NumberFilter(
        label=_("Year"),
        min_value=2015,
        max_value=2100,
    )

    class Meta:
        model = Report
        fields = ["community", "period", "year"]

    def filter_community(self, queryset, name, value):
        # A community's reports, and those for the whole raion, which concern it too.
        return queryset.filter(Q(community=value) | Q(community__isnull=True))


class PriorityFilter(django_filters.FilterSet):
    community = django_filters.ModelChoiceFilter(
        label=_("Community"), queryset=_communities(), empty_label=_("All communities")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Priority.Status.choices, empty_label=_("Any status")
    )
    source = django_filters.ChoiceFilter(
        label=_("Came from"),
        choices=Priority.Source.choices,
        empty_label=_("Any source"),
    )

    class Meta:
        model = Priority
        fields = ["community", "status", "source"]


class FormationFilter(django_filters.FilterSet):
    community = django_filters.ModelChoiceFilter(
        label=_("Community"), queryset=_communities(), empty_label=_("All communities")
    )

    class Meta:
        model = Formation
        fields = ["community"]


class QuestionForm(HoneypotMixin, forms.ModelForm):
    class Meta:
        model = ReportQuestion
        fields = ["text"]
        labels = {"text": _("Your question")}
        help_texts = {
            "text": _(
                "Anonymous: we keep no name or address. It appears here once a press "
                "officer has approved it, with the answer."
            )
        }
        widgets = {"text": forms.Textarea(attrs={"rows": 4, "maxlength": 2000})}

    def clean_text(self) -> str:
        text = self.cleaned_data["text"].strip()
        if len(text) < 10:
            raise forms.ValidationError(
                _("Write your question in a sentence or more (10 characters at least).")
            )
        return text


class FollowForm(HoneypotMixin, forms.Form):
    email = forms.EmailField(
        label=_("Your e-mail"),
        help_text=_(
            "A weekly digest of what changed, only after you confirm by a link. "
            "Every digest has a link to stop."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
