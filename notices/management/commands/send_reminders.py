from django.core.management.base import BaseCommand
from django.utils import timezone

from notices.reminders import THRESHOLDS, send_reminders


class Command(BaseCommand):
    help = (
        "Remind people before a window closes (registration, year-end self-assessment, check-in) at 7, 3 and 1 "
        "days: in-app, and by e-mail or Zalo as each person chose. Each reminder goes once however often this runs "
        "(run it daily, e.g. from cron or the task worker). --days widens the first reminder (e.g. 30)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=THRESHOLDS[0], help="days before closing of the first reminder")

    def handle(self, *args, days, **options):
        thresholds = tuple(sorted({days, *[t for t in THRESHOLDS if t < days]}, reverse=True))
        sent = send_reminders(timezone.localdate(), thresholds)
        self.stdout.write("Reminders sent: " + ", ".join(f"{name} {n}" for name, n in sent.items()))
