import os

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from accounts.models import User
from common.xlsx_reader import FileRejected, FormulaCells, read_rows
from organizations import importers as imports


class Command(BaseCommand):
    help = (
        "Import units or people (with positions) from an Excel file: every row or none. "
        "--dry-run only shows what would change and every error."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--kind", required=True, choices=sorted(imports.PLANNERS))
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--user", help="import as this user (scope and history); default: the first superuser")

    def handle(self, *args, file, kind, dry_run, user, **options):
        actor = (
            User.objects.filter(username=user).first()
            if user
            else User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
        )
        if actor is None:
            raise CommandError(_("No user to record the import under (use --user)."))
        if not os.path.exists(file):
            raise CommandError(_("No such file: %(path)s") % {"path": file})
        try:
            headers, rows = read_rows(file, size=os.path.getsize(file), expected_headers=imports.columns(kind))
        except FormulaCells as error:
            raise CommandError("\n".join(str(e) for e in error.errors)) from error
        except FileRejected as error:
            raise CommandError(str(error)) from error
        plan = imports.PLANNERS[kind](headers, rows, actor)
        for error in plan.errors:
            self.stderr.write(str(error))
        summary = _("%(rows)d rows: %(created)d to create, %(updated)d to update, %(unchanged)d unchanged") % {
            "rows": plan.rows,
            "created": len(plan.creates),
            "updated": len(plan.updates),
            "unchanged": plan.unchanged,
        }
        if kind == "people":
            summary += _(", %(n)d positions to add") % {"n": len(plan.positions)}
        if not plan.ok:
            raise CommandError(
                _("%(n)d errors; no row was imported. (%(summary)s)") % {"n": len(plan.errors), "summary": summary}
            )
        if dry_run:
            self.stdout.write(_("Dry run, nothing written: %(summary)s") % {"summary": summary})
            return
        imports.apply_plan(plan, actor)
        self.stdout.write(_("Imported: %(summary)s") % {"summary": summary})
