"""Checking and cleaning the files residents attach.

A file is accepted by what it contains, never by its name or the type the browser
claims. Images are decoded and encoded again by Pillow, which leaves every EXIF, GPS,
XMP, IPTC and colour-profile tag behind (after turning the picture upright by its EXIF
orientation). PDFs cannot be cleaned that way; they are checked for their signature
only and stored as sent.
"""

import io
import warnings
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_FILES = 5
MAX_BYTES = 10 * 1024 * 1024
# Far above any phone camera (a 200-megapixel sensor is 16,320 x 12,240) would be
# absurd for a complaint; 50 megapixels keeps decoding within a second and 200 MB.
MAX_PIXELS = 50_000_000

IMAGE_FORMATS = {
    "JPEG": ("image/jpeg", "jpg"),
    "PNG": ("image/png", "png"),
    "WEBP": ("image/webp", "webp"),
}

BAD_TYPE = _("“%(name)s” is not a JPEG, PNG or WebP photo or a PDF document.")
TOO_BIG = _("“%(name)s” is larger than 10 MB.")
TOO_MANY_PIXELS = _("“%(name)s” is too large a picture. Please send a smaller photo.")
BROKEN = _("“%(name)s” could not be read. It may be damaged.")


@dataclass
class CleanFile:
    content: ContentFile
    content_type: str
    size: int


def _sniff(head: bytes) -> str | None:
    if head.startswith(b"%PDF-"):
        return "PDF"
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    return None


def clean_upload(upload) -> CleanFile:
    """Return a cleaned copy of an uploaded file, or raise ValidationError."""
    name = upload.name.rsplit("/", 1)[-1][:80]
    if upload.size > MAX_BYTES:
        raise ValidationError(TOO_BIG, code="too_big", params={"name": name})
    upload.seek(0)
    data = upload.read()
    kind = _sniff(data[:16])
    if kind is None:
        raise ValidationError(BAD_TYPE, code="bad_type", params={"name": name})
    if kind == "PDF":
        return CleanFile(
            ContentFile(data, name="file.pdf"), "application/pdf", len(data)
        )
    return _clean_image(data, kind, name)


def _clean_image(data: bytes, kind: str, name: str) -> CleanFile:
    params = {"name": name}
    try:
        with warnings.catch_warnings():
            # Pillow only warns about decompression bombs below twice its own limit.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                if probe.format != kind:
                    raise ValidationError(BAD_TYPE, code="bad_type", params=params)
                width, height = probe.size
                if width * height > MAX_PIXELS:
                    raise ValidationError(
                        TOO_MANY_PIXELS, code="too_many_pixels", params=params
                    )
                probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                upright = ImageOps.exif_transpose(image)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            TOO_MANY_PIXELS, code="too_many_pixels", params=params
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(BROKEN, code="broken", params=params) from None

    content_type, extension = IMAGE_FORMATS[kind]
    clean = _without_metadata(upright, kind)
    output = io.BytesIO()
    if kind == "JPEG":
        clean.save(output, "JPEG", quality=88, optimize=True)
    elif kind == "PNG":
        clean.save(output, "PNG", optimize=True)
    else:
        clean.save(output, "WEBP", quality=88)
    payload = output.getvalue()
    return CleanFile(
        ContentFile(payload, name=f"file.{extension}"), content_type, len(payload)
    )


def _without_metadata(image: Image.Image, kind: str) -> Image.Image:
    """A copy holding only pixels: no EXIF, XMP, IPTC, text chunks or ICC profile."""
    mode = image.mode
    if kind == "JPEG" and mode not in {"RGB", "L", "CMYK"}:
        mode = "RGB"
    elif mode == "P":
        mode = "RGBA" if "transparency" in image.info else "RGB"
    elif mode not in {"RGB", "RGBA", "L", "LA"}:
        mode = "RGBA" if kind != "JPEG" else "RGB"
    pixels = image.convert(mode)
    clean = Image.new(mode, pixels.size)
    clean.paste(pixels)
    clean.info = {}
    return clean
