from django.core.management.base import BaseCommand

from registrations.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "E-mail everyone who must register and has not sent a sheet, for campaigns whose registration "
        "closes within --days days. Each person is reminded once per campaign, however often this runs."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7)

    def handle(self, *args, days, **options):
        result = send_reminders(days)
        self.stdout.write(f"Reminders sent: {result['sent']}; without an e-mail address: {result['no_address']}")
