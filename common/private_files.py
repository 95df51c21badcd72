"""Private files: uploaded files that only some users may see, served through one scoped view.

Every private file lives in the default storage (PRIVATE_MEDIA_ROOT, never under a public URL; or private objects of
an S3-compatible store with FILE_STORAGE=s3).
Each app registers, per folder of that storage, who may see a file stored there:

    private_files.register("people/", lambda user, name: PEOPLE.visible(user, Person.objects).filter(photo=name))

`private_file` (the view) looks up the folder's rule, answers 404 when the user may not see the
file (or it is not a stored file of that kind), and hands the file to the web server
(django-sendfile2: X-Accel-Redirect behind nginx, streamed by Django in development) or, on an object store,
redirects to a one-minute presigned address of it (common.s3).
"""

import mimetypes
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.files.storage import storages
from django.db.models import QuerySet
from django.http import Http404, HttpResponseRedirect
from django_sendfile import sendfile

from .storage import local_path


@dataclass(frozen=True)
class Rule:
    prefix: str
    # (user, stored name) -> the rows that hold this file and that this user may see
    visible: Callable[[object, str], QuerySet]
    # Offered for download (evidence) or shown inline (photos)
    attachment: bool = False


_RULES: dict[str, Rule] = {}


def register(prefix: str, visible: Callable[[object, str], QuerySet], *, attachment: bool = False) -> None:
    _RULES[prefix] = Rule(prefix, visible, attachment)


def rule_for(name: str) -> Rule | None:
    return next((rule for prefix, rule in _RULES.items() if name.startswith(prefix)), None)


# Content types the portal stores; anything else is sent as an opaque download.
SAFE_TYPES = {"image/jpeg", "image/png", "image/webp", "application/pdf"}
# Files the portal wrote itself (export jobs' Excel files): always a download, with their own type.
DOWNLOAD_TYPES = {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def serve(request, name: str, *, attachment: bool = False, download_name: str | None = None):
    """The stored file `name` of the private storage, with its checked type, never sniffed or scripted."""
    storage = storages["default"]
    if ".." in name.split("/") or name.startswith("/") or not storage.exists(name):
        raise Http404
    content_type = mimetypes.guess_type(name)[0]
    if content_type in DOWNLOAD_TYPES:
        attachment = True
    elif content_type not in SAFE_TYPES:
        content_type, attachment = "application/octet-stream", True
    filename = download_name or name.rsplit("/", 1)[-1]
    path = local_path(storage, name)
    if path is None:  # an object store: the browser fetches it there, by an address that works for a minute
        response = HttpResponseRedirect(
            storage.signed_url(name, filename=filename, content_type=content_type, attachment=attachment)
        )
        response["Cache-Control"] = "private, no-store"
        return response
    response = sendfile(request, path, attachment=attachment, attachment_filename=filename, mimetype=content_type)
    response["Cache-Control"] = "private, max-age=3600"
    # Even if a file were not what it claims, the browser may not run anything from it.
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def private_file(request, name: str):
    rule = rule_for(name)
    if rule is None or not rule.visible(request.user, name).exists():
        raise Http404
    return serve(request, name, attachment=rule.attachment)
