"""Files on an S3-compatible object store (FILE_STORAGE=s3), for several app servers and workers without a shared
disk: MinIO, Ceph, AWS S3 or a Vietnamese provider's S3 API, through django-storages.

* Private files (the "default" storage) are objects nobody may read directly. Their `.url` is still the scoped view
  `/tep/<name>` (common.private_files): it checks who asks, then redirects to a presigned address of that object
  valid for a minute, which names the checked content type and whether it is a download.
* Public files (the "public" storage: published story photos) are written readable by anyone and linked directly.
"""

from django.utils.http import content_disposition_header
from storages.backends.s3 import S3Storage

from .storage import private_url

SIGNED_SECONDS = 60  # a presigned address is used at once by the browser that was redirected to it


class PrivateS3Storage(S3Storage):
    def url(self, name, parameters=None, expire=None, http_method=None):
        return private_url(name)

    def signed_url(self, name: str, *, filename: str, content_type: str, attachment: bool) -> str:
        """A one-minute address of the object, answered with our content type and disposition, never cached."""
        return super().url(
            name,
            parameters={
                "ResponseContentType": content_type,
                "ResponseContentDisposition": content_disposition_header(attachment, filename),
                "ResponseCacheControl": "private, no-store",
            },
            expire=SIGNED_SECONDS,
        )


class PublicS3Storage(S3Storage):
    """Objects readable by anyone, linked without a signature."""
