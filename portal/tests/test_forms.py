"""The shared community field offers the whole raion as its empty choice."""

from typing import cast

import pytest
from django import forms
from django.forms.models import ModelChoiceIterator
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


def labels() -> list[str]:
    field = ScopeForm().fields["community"]
    assert isinstance(field, forms.ModelChoiceField)
    # Read, a model choice field's choices are its iterator; the stubs also allow
    # whatever may be assigned to them.
    choices = cast(ModelChoiceIterator, field.choices)
    return [str(label) for _, label in choices]


def test_choices_are_named_in_the_readers_language(community):
    with translation.override("en"):
        english = labels()
    with translation.override("uk"):
        ukrainian = labels()

    assert english == ["Whole raion", "Malynivka"]
    assert ukrainian == ["Весь район", "Малинівська"]


def test_an_unknown_community_is_a_form_error(community):
    form = ScopeForm(data={"community": "999999"})

    assert not form.is_valid()
    assert "community" in form.errors
