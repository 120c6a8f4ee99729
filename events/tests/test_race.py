"""Two people can never take the last place, however they race."""

import threading

import pytest
from django.db import connection, connections

from events import actions
from events.models import Registration
from tests.factories import event


@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_never_overfill_the_event():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers itself; the race needs PostgreSQL")
    item = event(capacity=3)
    barrier = threading.Barrier(8)
    errors = []

    def register(number):
        try:
            barrier.wait()
            actions.register(
                item,
                Registration(
                    name=f"P{number}",
                    email=f"p{number}@example.org",
                    affiliation="resident",
                ),
            )
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert Registration.objects.filter(status="confirmed").count() == 3
    assert Registration.objects.filter(status="waitlisted").count() == 5
