"""Whatever is typed into the public forms, the answer is never a server error."""

import pytest
from django.core.cache import cache
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import category, complaint, form_data

pytestmark = pytest.mark.django_db

anything = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=50),
    st.sampled_from(["", " ", "\x00", "0", "-1", "99999999999999999999", "<script>"]),
)
FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
FIELDS = [
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
    "consent",
    "homepage",
]


@FUZZ
@given(changes=st.dictionaries(st.sampled_from(FIELDS), anything, max_size=8))
def test_the_filing_form_never_fails_with_a_server_error(client, changes):
    cache.clear()
    category()
    data = form_data(**changes)

    response = client.post("/en/hotline/new/", data)

    assert response.status_code in {200, 429}


@FUZZ
@given(receipt=anything, text=anything, score=anything)
def test_the_tracking_forms_never_fail_with_a_server_error(
    client, receipt, text, score
):
    cache.clear()

    lookups = [
        client.post("/hotline/track/", {"receipt": receipt}),
        client.post("/hotline/track/add/", {"receipt": receipt, "text": text}),
        client.post(
            "/hotline/track/rate/", {"receipt": receipt, "satisfaction": score}
        ),
    ]

    assert {response.status_code for response in lookups} <= {200, 429}


@FUZZ
@given(text=anything, score=anything, comment=anything)
def test_follow_ups_with_a_real_receipt_never_fail(client, text, score, comment):
    cache.clear()
    _, receipt = complaint()

    add = client.post("/hotline/track/add/", {"receipt": receipt, "text": text})
    rate = client.post(
        "/hotline/track/rate/",
        {"receipt": receipt, "satisfaction": score, "comment": comment},
    )

    assert add.status_code == 200
    assert rate.status_code == 200
