"""The shared community field offers the whole raion as its empty choice."""

import pytest
from django import forms
from django.utils import translation

from portal.forms import CommunityChoiceField
from portal.models import Community


class ScopeForm(forms.Form):
    community = CommunityChoiceField()


@pytest.fixture
def community(db):
    return Community.objects.create(
        slug="malynivka", name="Малинівська", name_en="Malynivka", kind="settlement"
    )


def test_empty_choice_means_the_whole_raion(community):
    form = ScopeForm(data={"community": ""})

    assert form.is_valid()
    assert form.cleaned_data["community"] is None


def test_choices_are_named_in_the_readers_language(community):
    with translation.override("en"):
        english = [str(label) for _, label in ScopeForm().fields["community"].choices]
    with translation.override("uk"):
        ukrainian = [str(label) for _, label in ScopeForm().fields["community"].choices]

    assert english == ["Whole raion", "Malynivka"]
    assert ukrainian == ["Весь район", "Малинівська"]


def test_an_unknown_community_is_a_form_error(community):
    form = ScopeForm(data={"community": "999999"})

    assert not form.is_valid()
    assert "community" in form.errors
