"""Small builders for the hotline's tests."""

import io
from datetime import timedelta

from django.utils import timezone
from PIL import Image

from hotline import actions
from hotline.models import Category, Complaint
from tests.factories.portal import community


def category(slug="misconduct") -> Category:
    """A category as the data migration makes it (transactional tests flush those)."""
    return Category.objects.get_or_create(
        slug=slug, defaults={"name": f"Категорія {slug}", "name_en": f"Category {slug}"}
    )[0]


def complaint(*, formal=False, received_days_ago=0, **fields) -> tuple[Complaint, str]:
    """File a complaint through the real action; returns it with its receipt code."""
    values = {
        "kind": Complaint.Kind.COMPLAINT,
        "category": category(),
        "community": community(),
        "occurred_on": timezone.localdate() - timedelta(days=received_days_ago + 1),
        "description": "Патрульний був грубим під час перевірки документів.",
        "path": Complaint.Path.FORMAL if formal else Complaint.Path.ANONYMOUS,
        "received_at": timezone.now() - timedelta(days=received_days_ago),
    }
    if formal:
        values |= {
            "full_name": "Олена Петренко",
            "residence": "Чугуїв, вул. Миру, 1",
            "email": "olena@example.org",
        }
    item = Complaint(**{**values, **fields})
    receipt = actions.file_complaint(item, files=[])
    return item, receipt


def form_data(**overrides) -> dict:
    """A valid anonymous filing, as the web form posts it."""
    data = {
        "kind": "complaint",
        "category": str(category().pk),
        "community": "",
        "settlement": "",
        "place": "",
        "occurred_on": (timezone.localdate() - timedelta(days=1)).isoformat(),
        "occurred_time": "",
        "description": "Патрульний був грубим під час перевірки документів.",
        "officer_identification": "",
        "path": "anonymous",
        "full_name": "",
        "residence": "",
        "email": "",
        "phone": "",
        "homepage": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def formal_data(**overrides) -> dict:
    person = {
        "path": "formal",
        "full_name": "Олена Петренко",
        "residence": "Чугуїв, вул. Миру, 1",
        "email": "olena@example.org",
        "consent": "on",
    }
    return form_data(**{**person, **overrides})


def gps_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Phone 12"  # Model
    exif[0x0112] = 6  # Orientation: rotate 90 degrees clockwise to view
    gps = {1: "N", 2: (49.0, 50.0, 10.0), 3: "E", 4: (36.0, 41.0, 5.0)}
    exif[0x8825] = gps  # GPSInfo
    return exif


def image_bytes(
    fmt="JPEG", size=(60, 40), exif: Image.Exif | None = None, **save
) -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    buffer = io.BytesIO()
    if exif is not None:
        save["exif"] = exif
    image.save(buffer, fmt, **save)
    return buffer.getvalue()
