from typing import cast

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from news.models import Article, Comment, CommentFlag, Topic
from portal.forms import HoneypotMixin
from portal.models import Community


class ArticleFilter(django_filters.FilterSet):
    """The lists' filters; addresses use the topic's and the community's names
    (`?topic=phone-fraud&community=chuhuiv`)."""

    topic = django_filters.ModelChoiceFilter(
        label=_("Topic"),
        queryset=Topic.objects.none(),
        to_field_name="slug",
        empty_label=_("All topics"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    community = django_filters.ModelChoiceFilter(
        label=_("Community"),
        queryset=Community.objects.order_by("name"),
        to_field_name="slug",
        empty_label=_("All communities"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    class Meta:
        model = Article
        fields = ["topic", "community"]

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        topic = cast(django_filters.ModelChoiceFilter, self.filters["topic"])
        topic.queryset = Topic.objects.filter(kind=kind)


class CommentForm(HoneypotMixin, forms.ModelForm):
    class Meta:
        model = Comment
        fields = ["name", "email", "text"]
        labels = {
            "name": _("Your name"),
            "email": _("E-mail (optional)"),
            "text": _("Your comment"),
        }
        help_texts = {
            "name": _("Shown with your comment; a first name is enough."),
            "email": _(
                "Only for the moderators, should they need to ask you something. "
                "It is never shown."
            ),
            "text": _(
                "Plain text. HTML is not allowed: it is shown exactly as typed, and "
                "links are not clickable."
            ),
        }
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name", "maxlength": 80}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "text": forms.Textarea(attrs={"rows": 5, "maxlength": 3000}),
        }

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Give a name to sign your comment with."))
        return name

    def clean_text(self) -> str:
        text = self.cleaned_data["text"].strip()
        if len(text) < 2:
            raise forms.ValidationError(_("Write your comment."))
        return text


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong with it?"), choices=CommentFlag.Reason.choices
    )
