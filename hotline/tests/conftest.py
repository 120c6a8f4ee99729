import pytest
from django.utils import translation


@pytest.fixture
def english():
    """Messages raised outside a request in English, so tests can match them."""
    with translation.override("en"):
        yield
