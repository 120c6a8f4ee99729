"""The test builders of every app, in one place (`from tests.factories import ...`)."""

from tests.factories.accountability import (
    attendee,
    follower,
    formation,
    meeting,
    priority,
    progress,
    report,
    trust_survey,
)
from tests.factories.events import (
    event,
    registration,
    registration_data,
)
from tests.factories.hotline import (
    category,
    complaint,
    form_data,
    formal_data,
    gps_exif,
    image_bytes,
)
from tests.factories.news import (
    article,
    comment,
    photo_with_gps,
    topic,
)
from tests.factories.portal import (
    at,
    community,
    settlement,
)
from tests.factories.surveys import (
    answers,
    option_pk,
    question,
    survey,
)

__all__ = [
    "answers",
    "article",
    "at",
    "attendee",
    "category",
    "comment",
    "community",
    "complaint",
    "event",
    "follower",
    "form_data",
    "formal_data",
    "formation",
    "gps_exif",
    "image_bytes",
    "meeting",
    "option_pk",
    "photo_with_gps",
    "priority",
    "progress",
    "question",
    "registration",
    "registration_data",
    "report",
    "settlement",
    "survey",
    "topic",
    "trust_survey",
]
