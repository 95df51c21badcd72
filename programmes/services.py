"""Starting a campaign from a programme's template: the criteria are copied into the campaign (after those it
has), and the adoption remembers what it took."""

import unicodedata

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from campaigns.models import Campaign, Criterion
from campaigns.policies import CAMPAIGNS

from .models import Adoption, Programme


def _same_title(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(text.split())).casefold()


def adoptable_campaigns(user, programme: Programme):
    """The campaigns this user may start from `programme`: managed by them, organised under its owner, running
    within its period, not closed and not yet under a programme."""
    return (
        CAMPAIGNS.visible(user, Campaign.objects, "manage")
        .filter(
            organizer__path__startswith=programme.owner.path,
            starts_on__lte=programme.ends_on,
            ends_on__gte=programme.starts_on,
            closing__isnull=True,
            adoption__isnull=True,
        )
        .order_by("-starts_on", "title")
    )


@transaction.atomic
def programme_adopt(*, by, programme: Programme, campaign: Campaign, copy_criteria: bool = True) -> Adoption:
    """Put `campaign` under `programme` and copy the template's criteria into it. Criteria the campaign already
    has (the same title) are kept as they are; the others follow them in the template's order. Without
    `copy_criteria` the campaign keeps only its own: they put the movement's into its own words (Phú Tân's four
    "phong cách" criteria "cụ thể hóa 04 tiêu chí giá trị hình mẫu")."""
    campaign = Campaign.objects.select_for_update().select_related("organizer").get(pk=campaign.pk)
    if not CAMPAIGNS.can(by, "manage", campaign):
        raise PermissionDenied
    campaign.require_not_closed()
    if not campaign.organizer.path.startswith(programme.owner.path):
        raise ValidationError(
            _("“%(campaign)s” is not organised under %(owner)s, which launched this movement.")
            % {"campaign": campaign.title, "owner": programme.owner.name}
        )
    if campaign.starts_on > programme.ends_on or campaign.ends_on < programme.starts_on:
        raise ValidationError(
            _("“%(campaign)s” runs outside the movement's period (%(start)s – %(end)s).")
            % {
                "campaign": campaign.title,
                "start": programme.starts_on.strftime("%d/%m/%Y"),
                "end": programme.ends_on.strftime("%d/%m/%Y"),
            }
        )
    existing = Adoption.objects.filter(campaign=campaign).select_related("programme").first()
    if existing:
        raise ValidationError(
            _("“%(campaign)s” already started from “%(programme)s”.")
            % {"campaign": campaign.title, "programme": existing.programme.title}
        )
    template = list(programme.criteria.order_by("order", "pk"))
    if not template:
        raise ValidationError(_("This movement has no criteria to hand down yet."))
    has = {_same_title(title) for title in campaign.criteria.values_list("title", flat=True)}
    order = campaign.criteria.aggregate(last=Max("order"))["last"] or 0
    for item in template if copy_criteria else []:
        if _same_title(item.title) in has:
            continue
        order += 1
        criterion = Criterion(campaign=campaign, order=order, **item.taken())
        criterion._history_user = by
        criterion.save()
    adoption = Adoption(programme=programme, campaign=campaign, adopted_by=by, copied=copy_criteria)
    adoption.criteria_taken = [item.taken() for item in template]
    adoption._history_user = by
    adoption.save()
    return adoption


def template_changed_since(adoption: Adoption, template: list[dict]) -> bool:
    """Whether the programme's template differs from what this campaign copied (it keeps its copy)."""
    return adoption.criteria_taken != template
