"""Publishing a unit's activity on the public "Hoạt động" page beside Gương sáng, with RSS/Atom feeds and a list to
embed in the unit's website or fan page.

Like the stories: what the public reads is written for it (`public_summary`, not the minutes), and a photo is
shown only with the recorded consent of the people in it; the uploaded photo stays private and a resized public
copy is made of each consented one. Withdrawn, the activity leaves the page and its public copies are removed.
"""

from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common import page_cache
from common.images import resized_jpeg
from common.text import clean_text
from organizations.policies import user_can

from .models import Activity, ActivityPhoto

PUBLIC_PAGES = "hoat-dong"  # the public pages' name in the page cache (common.page_cache)
PUBLIC_SIDE = 1000


def published_activities():
    return (
        Activity.objects.filter(published_at__isnull=False)
        .select_related("unit", "campaign")
        .order_by("-held_on", "-published_at", "-pk")
    )


def _public_copy(photo: ActivityPhoto, shown: bool) -> None:
    """Store (or remove) the photo's public copy; its consent and the copy's name are saved together."""
    if photo.public_image:
        photo.public_image.delete(save=False)
    if shown:
        photo.image.open("rb")
        data = photo.image.read()
        photo.image.close()
        photo.public_image.save(
            f"{Path(photo.image.name).stem}-{PUBLIC_SIDE}.jpg", ContentFile(resized_jpeg(data, PUBLIC_SIDE)), save=False
        )
    ActivityPhoto.objects.filter(pk=photo.pk).update(
        consent_given=photo.consent_given, public_image=photo.public_image.name or ""
    )


@transaction.atomic
def activity_publish(*, by, activity: Activity, summary: str, consented_photo_ids=()) -> Activity:
    """Show the activity on the public page with `summary` and the photos whose people agreed."""
    if not user_can(by, "review", activity.unit):
        raise PermissionDenied(_("This unit is outside the units you review."))
    summary = clean_text(summary, multiline=True)
    if not summary:
        raise ValidationError({"summary": _("Write what the public will read about the activity.")})
    consented = set(consented_photo_ids)
    photos = list(activity.photos.all())
    if not consented <= {photo.pk for photo in photos}:
        raise ValidationError(_("A photo ticked is not one of this activity's."))
    for photo in photos:
        photo.consent_given = photo.pk in consented
        _public_copy(photo, photo.consent_given)
    activity.public_summary = summary
    activity.published_at = activity.published_at or timezone.now()
    activity._history_user = by
    activity._change_reason = _("Published on the public page")
    activity.save(update_fields=["public_summary", "published_at", "recorded_at"])
    page_cache.forget(PUBLIC_PAGES)
    return activity


@transaction.atomic
def activity_withdraw(*, by, activity: Activity) -> Activity:
    if not user_can(by, "review", activity.unit):
        raise PermissionDenied(_("This unit is outside the units you review."))
    for photo in activity.photos.all():
        _public_copy(photo, shown=False)
    activity.published_at = None
    activity._history_user = by
    activity._change_reason = _("Withdrawn from the public page")
    activity.save(update_fields=["published_at", "recorded_at"])
    page_cache.forget(PUBLIC_PAGES)
    return activity
