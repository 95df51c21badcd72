from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from common.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into the configured database and MEDIA_ROOT, then "
        "check every table's row count and every file against the backup's manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--force", action="store_true", help="replace a database that already holds data")

    def handle(self, *args, archive, force, **options):
        if not Path(archive).exists():
            raise CommandError(_("No such file: %(path)s") % {"path": archive})
        try:
            manifest = restore(Path(archive), force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            _("Restored and checked: %(rows)d rows in %(tables)d tables, %(files)d files.")
            % {"rows": rows, "tables": len(manifest["tables"]), "files": len(manifest["media"])}
        )
