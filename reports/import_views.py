"""Excel import pages for the office: upload, the check's preview (a dry run, by a task worker) with every error,
confirm (applied by a task worker, all rows or none)."""

import io

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.forms import CleanForm
from organizations import importers as imports
from organizations.scope import is_manager

from .imports import confirm_import, start_import
from .models import ImportJob, ImportStatus
from .xlsx import ReportWriter

KINDS = {"units": gettext_lazy("Units"), "people": gettext_lazy("People and positions")}


class UploadForm(CleanForm):
    kind = forms.ChoiceField(label=gettext_lazy("What the file holds"), choices=list(KINDS.items()))
    file = forms.FileField(label=gettext_lazy("Excel file (.xlsx)"))


def _require_manager(user):
    if not is_manager(user):
        raise PermissionDenied


@login_required
def upload(request):
    """The form; a good file is kept and checked in the background, and its page follows the check."""
    _require_manager(request.user)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        if uploaded.size > settings.IMPORT_MAX_BYTES:
            form.add_error("file", _("The file is too large."))
        else:
            job = start_import(user=request.user, kind=form.cleaned_data["kind"], uploaded=uploaded)
            return redirect("reports:import_job", job_id=job.pk)
    return render(request, "reports/import_upload.html", {"form": form, "kinds": KINDS})


@login_required
def job(request, job_id):
    """Where an upload stands: being checked (the page reloads itself), refused with every error, checked with the
    preview and the button that imports it, being imported, imported."""
    _require_manager(request.user)
    found = get_object_or_404(ImportJob, pk=job_id, requested_by=request.user)
    preview_lists = [
        (_("To create"), found.preview.get("creates", []), found.summary.get("creates", 0), "import-creates"),
        (_("To update"), found.preview.get("updates", []), found.summary.get("updates", 0), "import-updates"),
    ]
    context = {
        "job": found,
        "kind": found.kind,
        "kind_label": KINDS.get(found.kind, found.kind),
        "errors": found.errors,
        "preview_lists": preview_lists if found.status == ImportStatus.CHECKED else [],
        "preview_limit": imports.PREVIEW_LIMIT,
        "done_message": _("Imported: %(created)d created, %(updated)d updated, %(unchanged)d unchanged.")
        % {
            key: found.summary.get(name, 0)
            for key, name in (("created", "creates"), ("updated", "updates"), ("unchanged", "unchanged"))
        },
    }
    return render(request, "reports/import_preview.html", context)


@login_required
def confirm(request, job_id):
    """Import a checked file: queued, then the job's page follows it."""
    _require_manager(request.user)
    if request.method != "POST":
        return redirect("reports:import_upload")
    found = get_object_or_404(ImportJob, pk=job_id, requested_by=request.user)
    if not confirm_import(found):
        messages.error(request, _("This preview has expired; upload the file again."))
        return redirect("reports:import_upload")
    return redirect("reports:import_job", job_id=found.pk)


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
    name = {"units": "don-vi", "people": "can-bo-doan-vien"}.get(kind, kind)
    response["Content-Disposition"] = f'attachment; filename="mau-nhap-{name}.xlsx"'
    return response
