"""Who may read a campaign's reports, and from which unit down (organizations.policies).

A report is read by office holders only (a grant of any kind) for a campaign they see. It is drawn on the unit
tree of the report's date (organizations.timeline.DatedTree) and starts where the campaign and the user's grants
overlap: the unit asked for when it was in the campaign that day and the user sees it now (a merged unit is kept
under its successor, so the successor's office sees its past); else the organiser when a grant covers it; else
the user's highest units inside the campaign that day."""

from django.http import Http404

from campaigns.models import Campaign
from campaigns.policies import CAMPAIGNS
from organizations.models import Unit
from organizations.policies import UNITS, SubtreePolicy, register
from organizations.scope import EVERYTHING, granted_paths, has_any_grant
from organizations.timeline import DatedTree

from .models import ColumnProfile


class ReportPolicy:
    def campaigns(self, user):
        """The campaigns whose reports this user may read."""
        if not has_any_grant(user):
            return Campaign.objects.none()
        return CAMPAIGNS.visible(user, Campaign.objects)

    def roots(self, user, campaign: Campaign, tree: DatedTree) -> list[Unit]:
        """The user's highest units inside the campaign on the tree's date, in tree order."""
        paths = granted_paths(user, "view")
        if paths is EVERYTHING or any(campaign.organizer.path.startswith(p) for p in paths):
            return [campaign.organizer]
        inside = tree.subtree(campaign.organizer_id)
        seen = set(UNITS.visible(user, Unit.objects.filter(pk__in=inside)).values_list("pk", flat=True))
        tops = [pk for pk in inside if pk in seen and not any(a in seen for a in tree.ancestors(pk))]
        units = {unit.pk: unit for unit in Unit.objects.filter(pk__in=tops)}
        return [units[pk] for pk in tops]

    def root(self, user, campaign: Campaign, tree: DatedTree, unit_pk=None) -> Unit:
        """The unit a report starts from (Http404 for a unit the user may not see or not in the campaign then)."""
        if unit_pk:
            unit = None
            if str(unit_pk).isdigit() and tree.is_under(int(unit_pk), campaign.organizer_id):
                unit = UNITS.visible(user, Unit.objects.filter(pk=unit_pk)).first()
            if unit is None:
                raise Http404
            return unit
        roots = self.roots(user, campaign, tree)
        if not roots:
            raise Http404
        return roots[0]


REPORT_SCOPE = ReportPolicy()
# A column profile is the office's that keeps it (reports.profiles offers it to the offices below too).
COLUMN_PROFILES = register(ColumnProfile, SubtreePolicy("unit__path"))
