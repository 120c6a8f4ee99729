"""Images sent by residents, decoded and encoded again without their metadata.

Pillow writes only the pixels: every EXIF, GPS, XMP, IPTC, text-chunk and colour-profile
tag is left behind, after the picture is turned upright by its EXIF orientation.
Decompression bombs and pictures above MAX_PIXELS are refused.
"""

import io
import warnings
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

# Far above any phone camera; it keeps decoding within a second and 200 MB.
MAX_PIXELS = 50_000_000

IMAGE_FORMATS = {
    "JPEG": ("image/jpeg", "jpg"),
    "PNG": ("image/png", "png"),
    "WEBP": ("image/webp", "webp"),
}

BAD_IMAGE = _("“%(name)s” is not a JPEG, PNG or WebP photo.")
TOO_MANY_PIXELS = _("“%(name)s” is too large a picture. Please send a smaller photo.")
BROKEN = _("“%(name)s” could not be read. It may be damaged.")


@dataclass
class CleanFile:
    content: ContentFile
    content_type: str
    size: int


def image_kind(head: bytes) -> str | None:
    """The image format that a file's first bytes announce, if any."""
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    return None


def clean_image(data: bytes, kind: str, name: str, *, longest: int | None = None):
    """A copy of the image without metadata; `longest` also shrinks it (thumbnails)."""
    params = {"name": name}
    try:
        with warnings.catch_warnings():
            # Pillow only warns about decompression bombs below twice its own limit.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                if probe.format != kind:
                    raise ValidationError(BAD_IMAGE, code="bad_type", params=params)
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
    if longest:
        clean.thumbnail((longest, longest))
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
