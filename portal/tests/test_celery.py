"""The Celery app finds every app's tasks, and beat's schedule names real tasks."""

import pytest
from django.conf import settings

from portal.celery import app


@pytest.mark.django_db
def test_tasks_are_discovered_from_the_apps():
    app.loader.import_default_modules()

    assert "portal.tasks.send_outbox_message" in app.tasks
    assert "portal.tasks.sweep_outbox" in app.tasks


@pytest.mark.django_db
def test_every_scheduled_task_exists():
    app.loader.import_default_modules()

    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        assert entry["task"] in app.tasks, name
