import logging
import time

from django.core.management.base import BaseCommand

from common.periodic import jobs, queue_due

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Queue the recurring jobs (reminders, the export watchdog, expired exports, the backup) as tasks when they "
        "are due; a task worker runs them. Loops until stopped, or once with --once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="queue what is due now, then exit")
        parser.add_argument("--interval", type=float, default=15.0, help="seconds between two looks (default 15)")

    def handle(self, *args, once, interval, **options):
        if options["verbosity"] > 1:
            for job in jobs():
                self.stdout.write(f"{job.name}: every {job.every} s")
        while True:
            try:
                for name in queue_due():
                    self.stdout.write(f"queued {name}")
            except Exception:  # the queue or the database is away: look again later, never exit for it
                if once:
                    raise
                logger.exception("Could not queue the recurring jobs; trying again in %s s", interval)
            if once:
                return
            time.sleep(interval)
