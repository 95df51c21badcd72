"""Changes to campaigns: deployment reports, branch commitments, cloning for the next year."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.text import clean_text
from organizations.models import SIGNING_KINDS, Unit
from organizations.policies import user_can

from .models import Activity, ActivityKind, BranchCommitment, Campaign, Deployment, DeploymentPhoto

MAX_DEPLOYMENT_PHOTOS = 4


def require_unit_in_campaign(by, campaign: Campaign, unit: Unit) -> None:
    if not unit.path.startswith(campaign.organizer.path):
        raise ValidationError(_("“%(unit)s” is not in the scope of this campaign.") % {"unit": unit})
    if not user_can(by, "review", unit):
        raise PermissionDenied(_("This unit is outside the units you review."))
    campaign.require_not_closed()


def check_day(day: date, campaign: Campaign) -> None:
    if day > timezone.localdate():
        raise ValidationError(_("The date cannot be in the future."))
    if day < campaign.plan.issued_on:
        raise ValidationError(
            _("The date cannot be before the plan was issued (%(day)s).")
            % {"day": f"{campaign.plan.issued_on:%d/%m/%Y}"}
        )


@transaction.atomic
def deployment_report(
    *, by, campaign: Campaign, unit: Unit, deployed_on: date, attendance: int, notes: str = "", photos=()
) -> Deployment:
    """Record (or correct) that `unit` launched the campaign; photos are already checked images."""
    require_unit_in_campaign(by, campaign, unit)
    check_day(deployed_on, campaign)
    if attendance is None or attendance < 0:
        raise ValidationError(_("The number of people attending cannot be negative."))
    deployment, _created = Deployment.objects.select_for_update().get_or_create(
        campaign=campaign, unit=unit, defaults={"deployed_on": deployed_on, "reported_by": by}
    )
    photos = list(photos)
    if deployment.photos.count() + len(photos) > MAX_DEPLOYMENT_PHOTOS:
        raise ValidationError(_("At most %(n)d photos per deployment.") % {"n": MAX_DEPLOYMENT_PHOTOS})
    deployment.deployed_on, deployment.attendance, deployment.notes = (
        deployed_on,
        attendance,
        clean_text(notes, multiline=True),
    )
    deployment.reported_by = by
    deployment._history_user = by
    deployment.save()
    for photo in photos:
        DeploymentPhoto.objects.create(deployment=deployment, image=photo)
    _log_activity(by, ActivityKind.LAUNCH, deployment=deployment, held_on=deployed_on, attendance=attendance)
    return deployment


def _log_activity(by, kind: str, *, held_on: date, attendance: int, deployment=None, commitment=None) -> Activity:
    """The unit's activity log holds every deployment (its launch conference) and every signed commitment (its
    signing ceremony): the linked activity is created with them and follows their date and attendance."""
    fact = deployment or commitment
    link = {"deployment": deployment} if deployment else {"commitment": commitment}
    activity = Activity.objects.filter(**link).first() or Activity(
        campaign=fact.campaign, unit=fact.unit, kind=kind, **link
    )
    activity.held_on, activity.attendance, activity.recorded_by = held_on, attendance, by
    activity._history_user = by
    activity.save()
    return activity


@transaction.atomic
def commitment_record(
    *, by, campaign: Campaign, unit: Unit, signed_on: date, text: str, signers: int, photo=None
) -> BranchCommitment:
    require_unit_in_campaign(by, campaign, unit)
    if unit.kind not in SIGNING_KINDS:
        raise ValidationError(_("Only a branch (Chi đoàn) signs a collective commitment."))
    check_day(signed_on, campaign)
    if not text.strip():
        raise ValidationError(_("Write the text of the commitment."))
    members = unit.members.count()
    if signers is None or signers < 1 or (members and signers > members):
        raise ValidationError(
            _("The number of signers must be between 1 and the branch's %(n)d members.") % {"n": members}
        )
    commitment, _created = BranchCommitment.objects.update_or_create(
        campaign=campaign,
        unit=unit,
        defaults={"signed_on": signed_on, "text": clean_text(text, multiline=True), "signers": signers},
    )
    if photo is not None:
        commitment.photo = photo
        commitment.save(update_fields=["photo"])
    _log_activity(by, ActivityKind.SIGNING, commitment=commitment, held_on=signed_on, attendance=signers)
    return commitment


@transaction.atomic
def campaign_clone(
    *, by, campaign: Campaign, slug: str, title: str, years: int = 1, organizer: Unit | None = None
) -> Campaign:
    """The same campaign for a later year: criteria, eligibility and bases copied, dates moved by `years`.
    `organizer`: the unit that runs it now, when the tree changed since (the district level is gone)."""
    runs_it = organizer or campaign.organizer
    if not user_can(by, "manage", runs_it):
        raise PermissionDenied(
            _("This unit is outside the units you manage.")
            if organizer
            else _("Only the organising office can copy this campaign.")
        )
    if not runs_it.is_active:
        raise ValidationError(
            _("%(unit)s no longer exists: choose the unit that organises the campaign now.") % {"unit": runs_it}
        )
    if Campaign.objects.filter(slug=slug).exists():
        raise ValidationError(_("The short name %(slug)s is already used.") % {"slug": slug})

    def shift(day: date) -> date:
        try:
            return day.replace(year=day.year + years)
        except ValueError:  # 29 February
            return day.replace(year=day.year + years, day=28)

    copy = Campaign.objects.create(
        slug=slug,
        title=title,
        summary=campaign.summary,
        plan=campaign.plan,
        organizer=organizer or campaign.organizer,
        predecessor=campaign,
        starts_on=shift(campaign.starts_on),
        ends_on=shift(campaign.ends_on),
        registration_opens=shift(campaign.registration_opens),
        registration_closes=shift(campaign.registration_closes),
        members_register=campaign.members_register,
        min_criteria=campaign.min_criteria,
        max_criteria=campaign.max_criteria,
    )
    copy.legal_bases.set(campaign.legal_bases.all())
    for criterion in campaign.criteria.all():
        criterion.pk = None
        criterion.campaign = copy
        criterion.save()
    for rule in campaign.eligibility_rules.all():
        rule.pk = None
        rule.campaign = copy
        rule.save()
    return copy
