"""Who may read a campaign's reports, and from which unit down (organizations.policies).

A report is read by office holders only (a grant of any kind) for a campaign they see; it starts where the
campaign and the user's grants overlap: the unit asked for when the user sees it, else the campaign's organiser
when a grant covers it, else the user's top unit inside the campaign."""

from django.http import Http404

from campaigns.models import Campaign
from campaigns.policies import CAMPAIGNS
from organizations.models import Unit
from organizations.policies import UNITS
from organizations.scope import EVERYTHING, granted_paths, has_any_grant


class ReportPolicy:
    def campaigns(self, user):
        """The campaigns whose reports this user may read."""
        if not has_any_grant(user):
            return Campaign.objects.none()
        return CAMPAIGNS.visible(user, Campaign.objects)

    def root(self, user, campaign: Campaign, unit_pk=None) -> Unit:
        """The unit a report starts from (Http404 for a unit the user may not see)."""
        scope = UNITS.visible(user, Unit.objects).filter(path__startswith=campaign.organizer.path)
        if unit_pk:
            unit = scope.filter(pk=unit_pk).first() if str(unit_pk).isdigit() else None
            if unit is None:
                raise Http404
            return unit
        paths = granted_paths(user, "view")
        if paths is EVERYTHING or any(campaign.organizer.path.startswith(p) for p in paths):
            return campaign.organizer
        inside = [p for p in paths if p.startswith(campaign.organizer.path)]
        if not inside:
            raise Http404
        return Unit.objects.get(path=inside[0])


REPORT_SCOPE = ReportPolicy()
