import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from campaigns.models import Campaign
from organizations.models import Unit
from reports.xlsx import REPORTS


class Command(BaseCommand):
    help = (
        "Write a campaign report to an Excel file: coverage (one row per unit), registrations or evaluations "
        "(year-end ratings)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--campaign", required=True, help="the campaign's short name (slug)")
        parser.add_argument("--report", required=True, choices=sorted(REPORTS))
        parser.add_argument("-o", "--output", required=True, help="the .xlsx file to write")
        parser.add_argument("--unit", help="code of the unit whose subtree the report covers (default: the organiser)")

    def handle(self, *args, campaign, report, output, unit, **options):
        found = Campaign.objects.filter(slug=campaign).select_related("organizer").first()
        if found is None:
            raise CommandError(_("No campaign has the short name %(slug)s.") % {"slug": campaign})
        root = found.organizer
        if unit:
            root = Unit.objects.filter(code=unit.upper(), path__startswith=found.organizer.path).first()
            if root is None:
                raise CommandError(_("No unit with the code %(code)s is in the campaign's scope.") % {"code": unit})
        started = time.perf_counter()
        rows = REPORTS[report](found, root, output)
        self.stdout.write(
            _("%(file)s: %(rows)d rows (%(seconds).1f s)")
            % {"file": output, "rows": rows, "seconds": time.perf_counter() - started}
        )
