import time
from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from campaigns.models import Campaign
from organizations.models import Unit
from organizations.timeline import DatedTree
from reports.member_results import write_member_results_csv
from reports.models import ColumnProfile, ProfileKind
from reports.xlsx import REPORTS


class Command(BaseCommand):
    help = (
        "Write a campaign report to an Excel file: coverage (one row per unit), registrations, checkins (each "
        "approved cadre's check-ins), evaluations (year-end ratings), compare (years side by side) or closing (the "
        "closing report's frozen figures; before closing, the figures so far) or member_results (one row per member, "
        "also as CSV)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--campaign", required=True, help="the campaign's short name (slug)")
        parser.add_argument("--report", required=True, choices=sorted(REPORTS))
        parser.add_argument("-o", "--output", required=True, help="the .xlsx (or .csv) file to write")
        parser.add_argument(
            "--format",
            choices=["xlsx", "csv"],
            default="xlsx",
            help="csv: member_results only (UTF-8, for the national member software)",
        )
        parser.add_argument(
            "--profile", help="member_results: the name of an office's column profile (default: the portal's columns)"
        )
        parser.add_argument("--unit", help="code of the unit whose subtree the report covers (default: the organiser)")
        parser.add_argument(
            "--as-of",
            dest="as_of",
            help="DD/MM/YYYY: group by the units as they stood that day (default: the campaign's end, or today)",
        )

    def handle(self, *args, campaign, report, output, unit, as_of, format, profile, **options):  # noqa: A002
        if format == "csv" and report != "member_results":
            raise CommandError(_("Only member_results is written as CSV."))
        if profile and report != "member_results":
            raise CommandError(_("Only member_results is written in an office's columns."))
        found = Campaign.objects.filter(slug=campaign).select_related("organizer").first()
        if found is None:
            raise CommandError(_("No campaign has the short name %(slug)s.") % {"slug": campaign})
        on = found.report_date()
        if as_of:
            try:
                on = datetime.strptime(as_of.strip(), "%d/%m/%Y").date()
            except ValueError:
                raise CommandError(_("Enter the day as dd/mm/yyyy.")) from None
        root = found.organizer
        if unit:
            root = Unit.objects.filter(code=unit.upper()).first()
            if root is None or not DatedTree.as_of(on).is_under(root.pk, found.organizer_id):
                raise CommandError(_("No unit with the code %(code)s is in the campaign's scope.") % {"code": unit})
        extra = {"profile": self._profile(profile, root)} if profile else {}
        started = time.perf_counter()
        rows = (write_member_results_csv if format == "csv" else REPORTS[report])(found, root, output, on, **extra)
        self.stdout.write(
            _("%(file)s: %(rows)d rows (%(seconds).1f s)")
            % {"file": output, "rows": rows, "seconds": time.perf_counter() - started}
        )

    @staticmethod
    def _profile(name: str, root: Unit) -> ColumnProfile:
        """The results profile of that name kept by the report's unit or an office above it."""
        found = list(
            ColumnProfile.objects.filter(
                kind=ProfileKind.RESULTS, name=name.strip(), unit__path__in=Unit.path_and_above(root.path)
            )
        )
        if len(found) != 1:
            raise CommandError(
                _("No column profile of the members' results is named %(name)s for this unit.") % {"name": name}
            )
        return found[0]
