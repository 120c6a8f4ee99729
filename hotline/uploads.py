"""Checking and cleaning the files residents attach to complaints.

A file is accepted by what it contains, never by its name or the type the browser
claims. Images are cleaned by portal.images (no EXIF, GPS, XMP, IPTC or colour
profile, turned upright). PDFs cannot be cleaned that way; they are checked for their
signature only and stored as sent.
"""

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _

from portal.images import CleanFile, clean_image, image_kind

MAX_FILES = 5
MAX_BYTES = 10 * 1024 * 1024

BAD_TYPE = _("“%(name)s” is not a JPEG, PNG or WebP photo or a PDF document.")
TOO_BIG = _("“%(name)s” is larger than 10 MB.")

__all__ = ["MAX_FILES", "CleanFile", "clean_upload"]


def clean_upload(upload) -> CleanFile:
    """Return a cleaned copy of an uploaded file, or raise ValidationError."""
    name = upload.name.rsplit("/", 1)[-1][:80]
    if upload.size > MAX_BYTES:
        raise ValidationError(TOO_BIG, code="too_big", params={"name": name})
    upload.seek(0)
    data = upload.read()
    if data.startswith(b"%PDF-"):
        return CleanFile(
            ContentFile(data, name="file.pdf"), "application/pdf", len(data)
        )
    kind = image_kind(data[:16])
    if kind is None:
        raise ValidationError(BAD_TYPE, code="bad_type", params={"name": name})
    return clean_image(data, kind, name)
