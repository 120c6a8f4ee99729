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
from tests.factories.two_factor import (
    code_from_secret,
    log_in_in_browser,
    pass_second_factor,
    totp_code,
    totp_device,
)

__all__ = [
    "answers",
    "article",
    "at",
    "attendee",
    "category",
    "code_from_secret",
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
    "log_in_in_browser",
    "meeting",
    "option_pk",
    "pass_second_factor",
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
    "totp_code",
    "totp_device",
    "trust_survey",
]
