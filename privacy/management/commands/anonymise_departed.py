from django.core.management.base import BaseCommand

from privacy.retention import anonymise_departed, cutoff


class Command(BaseCommand):
    help = "Anonymise people who left the Youth Union more than PERSONAL_DATA_KEEP_YEARS ago (--dry-run: list them)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only list who would be anonymised.")
        parser.add_argument("--years", type=int, default=None, help="Instead of PERSONAL_DATA_KEEP_YEARS.")

    def handle(self, *args, dry_run=False, years=None, **options):
        outcome = anonymise_departed(dry_run=dry_run, keep_years=years)
        verb = "would be anonymised" if dry_run else "anonymised"
        self.stdout.write(f"Left before {cutoff(years):%d/%m/%Y}: {len(outcome.people)} people {verb}.")
        for person in outcome.people:
            self.stdout.write(f"  #{person.pk} {person.left_union_on:%d/%m/%Y} {person.home_unit.name}")
