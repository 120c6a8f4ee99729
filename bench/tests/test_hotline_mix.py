"""The hotline filings of `make bench`'s mixed load are valid and get a receipt."""

import pytest

from bench.hotline import mix
from hotline.models import Complaint
from tests.factories import community

pytestmark = pytest.mark.django_db


def test_both_kinds_of_filing_of_the_mixed_load_get_a_receipt(client):
    community()
    [filing] = mix()
    anonymous, formal = filing.bodies[0], filing.bodies[1]

    for body in (anonymous, formal):
        response = client.post(filing.path, dict(body))

        assert response.status_code == 200
        assert filing.page_marker in response.text
    assert filing.count() == 2
    assert sorted(Complaint.objects.values_list("path", flat=True)) == [
        "anonymous",
        "formal",
    ]
