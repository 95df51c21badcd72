"""Excel import pages for the office: upload, preview (dry run) with every error, confirm."""

import io
import time
import uuid
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.forms import CleanForm
from common.xlsx_reader import FileRejected, FormulaCells, read_rows
from organizations import importers as imports
from organizations.scope import is_manager

from .xlsx import ReportWriter

KINDS = {"units": gettext_lazy("Units"), "people": gettext_lazy("People and positions")}


class UploadForm(CleanForm):
    kind = forms.ChoiceField(label=gettext_lazy("What the file holds"), choices=list(KINDS.items()))
    file = forms.FileField(label=gettext_lazy("Excel file (.xlsx)"))


def _require_manager(user):
    if not is_manager(user):
        raise PermissionDenied


def _plan(kind: str, path: Path, size: int, user):
    headers, rows = read_rows(path, size=size, expected_headers=imports.columns(kind))
    return imports.PLANNERS[kind](headers, rows, user)


PREVIEW_SECONDS = 3600


def _forget_stale_previews() -> None:
    """Previews nobody confirmed within the hour: their files go (the upload they came from is personal data)."""
    cutoff = time.time() - PREVIEW_SECONDS
    for stale in settings.IMPORT_TMP_DIR.glob("*.xlsx"):
        if stale.stat().st_mtime < cutoff:
            stale.unlink(missing_ok=True)


def _preview_lists(plan) -> list[tuple]:
    """(title, rows, how many in all, table id) of what confirming would create and update."""
    if not plan.ok:
        return []
    creates, updates = imports.preview_rows(plan)
    return [
        (_("To create"), creates, len(plan.creates), "import-creates"),
        (_("To update"), updates, len(plan.updates), "import-updates"),
    ]


@login_required
def upload(request):
    _require_manager(request.user)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        kind, uploaded = form.cleaned_data["kind"], form.cleaned_data["file"]
        if uploaded.size > settings.IMPORT_MAX_BYTES:
            form.add_error("file", _("The file is too large."))
        else:
            settings.IMPORT_TMP_DIR.mkdir(parents=True, exist_ok=True)
            _forget_stale_previews()
            token = uuid.uuid4().hex
            path = settings.IMPORT_TMP_DIR / f"{token}.xlsx"
            keep = False  # the file stays only while a good preview waits for confirmation
            try:
                with path.open("wb") as out:
                    for chunk in uploaded.chunks():
                        out.write(chunk)
                plan = _plan(kind, path, uploaded.size, request.user)
            except FormulaCells as error:
                return render(request, "reports/import_preview.html", {"kind": kind, "errors": error.errors})
            except FileRejected as error:
                form.add_error("file", str(error))
            else:
                if plan.ok:
                    request.session[f"import-{token}"] = kind
                    keep = True
                return render(
                    request,
                    "reports/import_preview.html",
                    {
                        "kind": kind,
                        "kind_label": KINDS[kind],
                        "plan": plan,
                        "preview_lists": _preview_lists(plan),
                        "preview_limit": imports.PREVIEW_LIMIT,
                        "errors": plan.errors,
                        "token": token if plan.ok else None,
                    },
                )
            finally:
                if not keep:
                    path.unlink(missing_ok=True)
    return render(request, "reports/import_upload.html", {"form": form, "kinds": KINDS})


@login_required
def confirm(request, token):
    """Apply a previewed file: read and checked again, then written in one transaction."""
    _require_manager(request.user)
    if request.method != "POST":
        return redirect("reports:import_upload")
    kind = request.session.pop(f"import-{token}", None)
    path = settings.IMPORT_TMP_DIR / f"{token}.xlsx"
    if kind is None or not path.exists():
        messages.error(request, _("This preview has expired; upload the file again."))
        return redirect("reports:import_upload")
    try:
        plan = _plan(kind, path, path.stat().st_size, request.user)
        if not plan.ok:
            messages.error(request, _("The data changed since the preview; upload the file again."))
            return redirect("reports:import_upload")
        imports.apply_plan(plan, request.user)
    except FileRejected as error:
        messages.error(request, str(error))
        return redirect("reports:import_upload")
    finally:
        path.unlink(missing_ok=True)
    messages.success(
        request,
        _("Imported: %(created)d created, %(updated)d updated, %(unchanged)d unchanged.")
        % {"created": len(plan.creates), "updated": len(plan.updates), "unchanged": plan.unchanged},
    )
    return redirect("reports:import_upload")


@login_required
def template(request, kind):
    """A file with the expected columns and no rows; the example row and the notes sit on a second sheet, which the
    import never reads, so a template sent back unchanged imports nothing."""
    _require_manager(request.user)
    if kind not in KINDS:
        raise Http404
    buffer = io.BytesIO()
    writer = ReportWriter(
        buffer,
        sheet_name=str(KINDS[kind]),
        title="",
        subtitle="",
        columns=[(c, 22) for c in imports.columns(kind)],
        header_row=0,
    )
    example = writer.book.add_worksheet(_("Example (not imported)")[:31])
    example.write_string(0, 0, _("An example row, to copy the format from. Only the first sheet is imported."))
    for column, (label, value) in enumerate(
        zip(
            imports.columns(kind),
            imports.UNIT_EXAMPLE if kind == "units" else imports.PEOPLE_EXAMPLE,
            strict=True,
        )
    ):
        example.set_column(column, column, 22)
        example.write_string(2, column, label)
        example.write_string(3, column, value)
    writer.close()
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="mau-nhap-{kind}.xlsx"'
    return response
