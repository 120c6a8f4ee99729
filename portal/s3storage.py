"""Uploaded files in S3-compatible object storage (MEDIA_STORAGE_URL).

Kept apart from portal/storage.py so that boto3 is imported only where it is used.
"""

from django.conf import settings
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage

from portal.storage import PrivateStorageMixin


class PublicS3Storage(S3Storage):
    """Public files in a bucket, linked on the portal's own address.

    The reverse proxy forwards MEDIA_URL to the bucket (deploy/nginx/media-s3.conf):
    pages then load nothing from another host, as the content security policy
    demands, and the storage provider never learns who reads what.
    """

    def url(self, name, parameters=None, expire=None, http_method=None):
        return settings.MEDIA_URL + filepath_to_uri(name).lstrip("/")


class PrivateS3Storage(PrivateStorageMixin, S3Storage):
    """Private files in a bucket of their own, with a private ACL on every object.

    They are streamed through the view that checks permissions rather than handed
    out as presigned links: a link would work for anyone who gets hold of it while it
    lasts, and each opening would no longer be written to the audit log.
    """
