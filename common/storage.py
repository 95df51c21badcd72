"""Where uploaded files live: private by default, public only where a page is meant for everyone.

* "default" (PrivateStorage): PRIVATE_MEDIA_ROOT, outside any public URL. A file's `.url` is the
  scoped view `private_file` (common.private_files), which checks who asks before serving it.
* "public" (PublicStorage): MEDIA_ROOT under MEDIA_URL, served by the web server as it is. Only the
  published "Gương sáng" story photos (their 480/1000 px variants) are stored there.
"""

import os

from django.apps import apps
from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.db import models, transaction
from django.db.models import signals
from django.urls import reverse


def private_url(name: str) -> str:
    """A private file's address: the scoped view (common.private_files), which asks its folder's rule who may read
    it."""
    return reverse("common:private_file", args=[name])


class PrivateStorage(FileSystemStorage):
    # Read at each use, not cached, so a test (or a restore) that moves PRIVATE_MEDIA_ROOT is followed.
    @property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        return private_url(name)


class PublicStorage(FileSystemStorage):
    """MEDIA_ROOT and MEDIA_URL: what anyone may fetch."""


def local_path(storage, name: str) -> str | None:
    """The file's path on this server's disk, or None when the storage is an object store (S3, common.s3)."""
    try:
        return storage.path(name)
    except NotImplementedError:
        return None


def public_storage():
    """For `FileField(storage=...)`: resolved at use, so tests can point it elsewhere."""
    return storages["public"]


# --- Files of replaced or deleted rows ---------------------------------------------------------------


def _file_fields(model, update_fields=None) -> list:
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.FileField) and (update_fields is None or field.name in update_fields)
    ]


def _delete_after_commit(field, name: str) -> None:
    # After commit: a rolled-back change must still find its file.
    transaction.on_commit(lambda: field.storage.delete(name))


def _forget_replaced_files(sender, instance, raw=False, update_fields=None, **kwargs):
    fields = _file_fields(sender, update_fields)
    # A new row (its primary key may be set already: a UUID) replaces no file.
    if raw or instance.pk is None or instance._state.adding or not fields:
        return
    before = sender._base_manager.filter(pk=instance.pk).values(*[field.attname for field in fields]).first()
    for field in fields if before else []:
        old, new = before[field.attname], getattr(instance, field.attname)
        if old and old != (new.name if new else ""):
            _delete_after_commit(field, old)


def _forget_deleted_files(sender, instance, **kwargs):
    for field in _file_fields(sender):
        name = getattr(instance, field.attname)
        if name:
            _delete_after_commit(field, name.name)


def delete_files_with_their_rows() -> None:
    """Connect, for every model with a file field (history copies aside): a replaced or deleted row's
    file is removed from storage once the transaction commits, so old photos do not pile up."""
    for model in apps.get_models():
        if _file_fields(model) and not model._meta.model_name.startswith("historical"):
            signals.pre_save.connect(_forget_replaced_files, sender=model, dispatch_uid=f"files-{model._meta.label}")
            signals.post_delete.connect(
                _forget_deleted_files, sender=model, dispatch_uid=f"files-deleted-{model._meta.label}"
            )


# --- Files stored before private storage existed ------------------------------------------------------

PRIVATE_FIELDS = [
    ("organizations", "Person", "photo"),
    ("campaigns", "Document", "file"),
    ("campaigns", "DeploymentPhoto", "image"),
    ("campaigns", "BranchCommitment", "photo"),
    ("evaluations", "Attachment", "file"),
    ("evaluations", "Commendation", "photo"),
]


def move_private_files_out_of_public(app_registry) -> int:
    """Move files of private fields from MEDIA_ROOT (public) to PRIVATE_MEDIA_ROOT; drop the public story
    variants of stories not shown. Used by a migration and by restoring an old backup. Returns files moved."""
    import shutil
    from pathlib import Path

    public, private, moved = Path(settings.MEDIA_ROOT), Path(settings.PRIVATE_MEDIA_ROOT), 0
    for app_label, model_name, field in PRIVATE_FIELDS:
        model = app_registry.get_model(app_label, model_name)
        for name in model._base_manager.exclude(**{field: ""}).values_list(field, flat=True).iterator():
            source, target = public / name, private / name
            if source.is_file() and not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(source, target)
                moved += 1
    commendation = app_registry.get_model("evaluations", "Commendation")
    hidden = commendation._base_manager.exclude(is_published=True, withdrawn_at__isnull=True, consent_given=True)
    for names in hidden.values_list("photo_small", "photo_medium"):
        for name in names:
            if name and (public / name).is_file():
                (public / name).unlink()
    hidden.update(photo_small="", photo_medium="")
    return moved
