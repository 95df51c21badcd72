import os

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from accounts.models import User
from common.xlsx_reader import FileRejected, FormulaCells
from organizations import columns
from organizations import importers as imports
from reports.imports import read_mapped
from reports.profiles import profiles_for


class Command(BaseCommand):
    help = (
        "Import units or people (with positions) from an Excel (.xlsx) or CSV file, with the portal's columns or an "
        "office's own: every row or none. Its headers are paired with the portal's fields automatically (the "
        "pairing used is printed), by --map 'Header=field' (repeatable), or by a saved profile (--profile). "
        "--dry-run only shows what would change and every error."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--kind", required=True, choices=sorted(imports.PLANNERS))
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--user", help="import as this user (scope and history); default: the first superuser")
        parser.add_argument(
            "--map", action="append", default=[], metavar="HEADER=FIELD", help="pair a column of the file with a field"
        )
        parser.add_argument("--profile", help="the name of a saved pairing of columns")

    def handle(self, *args, file, kind, dry_run, user, map, profile, **options):  # noqa: A002 (the option)
        actor = (
            User.objects.filter(username=user).first()
            if user
            else User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
        )
        if actor is None:
            raise CommandError(_("No user to record the import under (use --user)."))
        if not os.path.exists(file):
            raise CommandError(_("No such file: %(path)s") % {"path": file})
        mapping = None
        if profile:
            saved = profiles_for(actor, kind).filter(name=profile).first()
            if saved is None:
                raise CommandError(_("No saved pairing is named %(name)s.") % {"name": profile})
            mapping = saved.mapping
        if map:
            mapping = self._pairs(kind, map)
        try:
            headers, rows, used = read_mapped(file, kind, mapping, is_csv=file.lower().endswith(".csv"))
            self.stdout.write(
                _("Columns: %(pairs)s")
                % {"pairs": "; ".join(f"{header} → {field or '–'}" for header, field in used.items() if header)}
            )
            if dry_run:
                plan = imports.PLANNERS[kind](headers, rows, actor)
            else:
                plan = imports.import_rows(kind, headers, rows, actor)
        except imports.ImportRefused as refused:
            plan = refused.plan
        except FormulaCells as error:
            raise CommandError("\n".join(str(e) for e in error.errors)) from error
        except FileRejected as error:
            raise CommandError(str(error)) from error
        for error in plan.errors:
            self.stderr.write(str(error))
        summary = _("%(rows)d rows: %(created)d to create, %(updated)d to update, %(unchanged)d unchanged") % {
            "rows": plan.rows,
            "created": plan.created,
            "updated": plan.updated,
            "unchanged": plan.unchanged,
        }
        if kind == "people":
            summary += _(", %(n)d positions to add") % {"n": plan.positions}
        if not plan.ok:
            raise CommandError(
                _("%(n)d errors; no row was imported. (%(summary)s)") % {"n": plan.error_count, "summary": summary}
            )
        if dry_run:
            self.stdout.write(_("Dry run, nothing written: %(summary)s") % {"summary": summary})
        else:
            self.stdout.write(_("Imported: %(summary)s") % {"summary": summary})

    @staticmethod
    def _pairs(kind: str, pairs: list[str]) -> dict[str, str]:
        """--map 'Họ tên=Full name' (the field by its Vietnamese or English name, diacritics and case ignored)."""
        mapping = {}
        for pair in pairs:
            header, _sep, field = pair.partition("=")
            found = columns.field_named(kind, field) if field.strip() else ""
            if found is None:
                raise CommandError(
                    _("Unknown field %(field)s; the fields are: %(fields)s.")
                    % {"field": field.strip(), "fields": ", ".join(columns.fields(kind))}
                )
            mapping[header.strip()] = found
        return mapping
