"""Small builders for the news tests."""

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from news.models import Article, Comment, Topic
from tests.factories.hotline import gps_exif, image_bytes
from tests.factories.portal import community

__all__ = ["community"]


def topic(slug="phone-fraud", kind="prevention", **fields) -> Topic:
    defaults = {"kind": kind, "name": f"Тема {slug}", "name_en": f"Topic {slug}"}
    return Topic.objects.get_or_create(slug=slug, defaults={**defaults, **fields})[0]


def article(
    slug="phone-fraud-guide",
    *,
    kind="prevention",
    status=Article.Status.PUBLISHED,
    days_ago: float = 1,
    subject=None,
    **fields,
) -> Article:
    """A published article (yesterday, unless `days_ago` says otherwise; negative
    is scheduled for later)."""
    values = {
        "title": f"Стаття {slug}",
        "title_en": f"Article {slug}",
        "lead": f"Коротко про {slug}.",
        "lead_en": f"In short: {slug}.",
        "body": "## Що робити\n\nПокладіть слухавку і зателефонуйте **102**.",
        "body_en": "## What to do\n\nHang up and call **102**.",
        "published_at": timezone.now() - timedelta(days=days_ago),
    }
    return Article.objects.create(
        slug=slug,
        kind=kind,
        status=status,
        topic=subject or topic(kind=kind, slug=f"{kind}-topic"),
        **{**values, **fields},
    )


def comment(page, text="Дякую за пораду!", *, status="approved", **fields) -> Comment:
    return Comment.objects.create(
        content_type=ContentType.objects.get_for_model(page),
        object_id=page.pk,
        name=fields.pop("name", "Олена"),
        text=text,
        status=status,
        **fields,
    )


def photo_with_gps(fmt="JPEG") -> bytes:
    """A large photo that carries EXIF with a camera, a GPS position and an
    orientation."""
    return image_bytes(fmt, size=(2400, 1200), exif=gps_exif())
