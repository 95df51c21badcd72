"""The public "Gương sáng cán bộ Đoàn" column: story photos in sizes for slow phones, and what is published.

The uploaded photo is checked and re-encoded without EXIF (common.images) in the request; two smaller JPEG
variants are made from it once, on the task worker, so the list sends ~30 KB pictures instead of the original.
A story appears on the public page once its variants are there (seconds after publishing); taken off the page, its
public copies are removed at once, in the request.
"""

from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from common import page_cache
from common.images import resized_jpeg

from .models import Commendation

VARIANTS = {"photo_small": 480, "photo_medium": 1000}
PUBLIC_PAGES = "guong-sang"  # the public pages' name in the page cache (common.page_cache)


def is_shown(commendation: Commendation) -> bool:
    """Whether the public page is to show this story (`Commendation.objects.published()`, once its variants are
    made)."""
    return bool(
        commendation.is_published
        and commendation.consent_given
        and commendation.withdrawn_at is None
        and commendation.photo
    )


def store_photo_variants(commendation: Commendation) -> None:
    """(Re)make the public resized copies of the story photo while the story is shown; otherwise remove them.

    The uploaded photo itself stays private: only these variants are ever in public storage.
    """
    for name in VARIANTS:
        old = getattr(commendation, name)
        if old:
            old.delete(save=False)
    if is_shown(commendation):
        commendation.photo.open("rb")
        data = commendation.photo.read()
        commendation.photo.close()
        stem = Path(commendation.photo.name).stem
        for name, side in VARIANTS.items():
            getattr(commendation, name).save(f"{stem}-{side}.jpg", ContentFile(resized_jpeg(data, side)), save=False)
    Commendation.objects.filter(pk=commendation.pk).update(
        photo_small=commendation.photo_small.name or "", photo_medium=commendation.photo_medium.name or ""
    )
    forget_public_pages()


def mark_published(commendation: Commendation, was_published: bool) -> None:
    """Keep the publication date: set on first publication, cleared when unpublished."""
    if commendation.is_published and not was_published:
        commendation.published_at, commendation.withdrawn_at = timezone.now(), None
    elif not commendation.is_published and was_published:
        commendation.withdrawn_at = timezone.now()


@task()
def make_story_variants(commendation_id: int) -> None:
    """The worker's part of publishing: the public copies of the story photo as it now stands."""
    commendation = Commendation.objects.filter(pk=commendation_id).first()
    if commendation is not None:
        store_photo_variants(commendation)


@transaction.atomic
def commendation_save(*, by, commendation: Commendation, was_published: bool, photo_changed: bool) -> Commendation:
    """Save a commendation (from the admin's form): publication date kept; public photo copies removed at once
    when the story leaves the page or its photo changes, and made by the worker when it is to be shown."""
    mark_published(commendation, was_published)
    commendation._history_user = by
    commendation.save()
    shown = is_shown(commendation)
    if commendation.photo_small and (not shown or photo_changed):
        _remove_variants(commendation)  # off the public page at once, not when the worker gets to it
    if shown and (photo_changed or not commendation.photo_small):
        transaction.on_commit(lambda: make_story_variants.enqueue(commendation.pk))
    return commendation


def _remove_variants(commendation: Commendation) -> None:
    for name in VARIANTS:
        getattr(commendation, name).delete(save=False)
    Commendation.objects.filter(pk=commendation.pk).update(photo_small="", photo_medium="")
    forget_public_pages()


@transaction.atomic
def commendation_withdraw(*, by, commendation: Commendation) -> Commendation:
    """Take a story off the public page: withdrawn now, its public photo copies removed."""
    commendation.is_published = False
    mark_published(commendation, was_published=True)
    commendation._history_user = by
    commendation._change_reason = _("Withdrawn from the public page")
    commendation.save(update_fields=["is_published", "withdrawn_at"])
    store_photo_variants(commendation)
    return commendation


def forget_public_pages(**_signal) -> None:
    """The public pages show commendations, their cadres' names and units: a saved change to any of them (signals,
    connected in apps.py) or to the photo copies (above) shows on the next visit. A write without a signal (an
    `update()` of names) shows within page_cache.SECONDS."""
    page_cache.forget(PUBLIC_PAGES)


def published_stories():
    """The public column's stories, newest decision first (filters: evaluations.filters.StoryFilter)."""
    return (
        Commendation.objects.published()
        .select_related("person", "person__home_unit", "issuing_unit")
        .order_by("-decision_date", "-pk")
    )
