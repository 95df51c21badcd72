from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from common.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database and the uploaded files into one .tar.gz (SQLite online backup or pg_dump)."

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output-dir", default=str(settings.BACKUP_DIR), help="default: BACKUP_DIR")

    def handle(self, *args, output_dir, **options):
        try:
            archive = backup(Path(output_dir))
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(_("Backup written: %(path)s") % {"path": archive})
