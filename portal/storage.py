"""Where uploaded files live, and the only way private ones leave the portal.

Public files (event photos, report covers and PDFs, article covers) are served at
MEDIA_URL by the reverse proxy, from MEDIA_ROOT or from the public bucket
(portal/s3storage.py). Private files (hotline attachments, survey exports) have no URL
at all: a view that has checked the reader's permissions hands them out with
private_file_response().
"""

import mimetypes
import secrets
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.deconstruct import deconstructible
from django.utils.http import content_disposition_header

NO_URL = (
    "Private files have no URL: a view that checks permissions serves them "
    "(portal.storage.private_file_response)."
)


@deconstructible
class UnguessablePath:
    """`upload_to` for public files that must not be found before they are published
    (a draft report's PDF, an unpublished article's cover): each file gets a folder of
    its own with a random name, so its address cannot be guessed from its file name.
    """

    def __init__(self, folder: str):
        self.folder = folder.strip("/")

    def __call__(self, instance, filename: str) -> str:
        return f"{self.folder}/{secrets.token_urlsafe(12)}/{filename}"

    def __eq__(self, other):
        return isinstance(other, UnguessablePath) and other.folder == self.folder


class PrivateStorageMixin:
    """Refuses to name a URL, so that no template or admin widget can link a file."""

    def url(self, name, *args, **kwargs):
        raise ValueError(NO_URL)


class PrivateFileSystemStorage(PrivateStorageMixin, FileSystemStorage):
    """Private files on the local disk, in PRIVATE_MEDIA_ROOT."""


def private_file_response(
    file: FieldFile,
    *,
    filename: str,
    content_type: str | None = None,
    as_attachment: bool = False,
) -> HttpResponseBase:
    """The file for a reader whose permission the calling view has checked.

    With PRIVATE_MEDIA_ACCEL_REDIRECT set, nginx sends the file from an `internal`
    location (X-Accel-Redirect) and the web worker is free at once; otherwise the
    worker streams it, from the disk or from the private bucket.
    """
    content_type = (
        content_type or mimetypes.guess_type(filename)[0] or "application/octet-stream"
    )
    prefix = settings.PRIVATE_MEDIA_ACCEL_REDIRECT
    response: HttpResponseBase
    if prefix:
        if not file.name:
            raise ValueError("There is no stored file to send.")
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = prefix + quote(file.name)
        if disposition := content_disposition_header(as_attachment, filename):
            response["Content-Disposition"] = disposition
    else:
        response = FileResponse(
            file.open("rb"),
            content_type=content_type,
            as_attachment=as_attachment,
            filename=filename,
        )
    response["Cache-Control"] = "private, no-store"
    return response
