"""Excel import pages for the office: upload, the check's preview (a dry run, by a task worker) with every error,
confirm (applied by a task worker, all rows or none)."""

import io

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.errors import error_text
from common.forms import CleanForm
from organizations import columns
from organizations import importers as imports
from organizations.scope import is_manager

from .imports import confirm_import, match_import, start_import
from .models import ColumnProfile, ImportJob, ImportStatus
from .profiles import profiles_for
from .xlsx import ReportWriter

KINDS = {"units": gettext_lazy("Units"), "people": gettext_lazy("People and positions")}


class UploadForm(CleanForm):
    kind = forms.ChoiceField(label=gettext_lazy("What the file holds"), choices=list(KINDS.items()))
    file = forms.FileField(
        label=gettext_lazy("Excel file (.xlsx) or CSV"),
        help_text=gettext_lazy("The portal's template, or the office's own list: its columns are paired next."),
    )
    profile = forms.ModelChoiceField(
        queryset=ColumnProfile.objects.none(),
        required=False,
        label=gettext_lazy("Saved pairing of columns"),
        empty_label=gettext_lazy("— pair them automatically —"),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["profile"].queryset = profiles_for(user, *KINDS)
        if not self.fields["profile"].queryset.exists():
            del self.fields["profile"]

    def clean(self):
        data = super().clean()
        profile = data.get("profile")
        if profile is not None and profile.kind != data.get("kind"):
            self.add_error("profile", _("This pairing is for files of another kind."))
        return data


class MatchForm(CleanForm):
    """One choice per column of the file: the field it fills, or none."""

    profile_name = forms.CharField(
        label=gettext_lazy("Save this pairing as (optional)"),
        max_length=100,
        required=False,
        help_text=gettext_lazy("E.g. “Danh sách từ phần mềm quản lý đoàn viên”: offered at the next upload."),
    )

    def __init__(self, *args, job: ImportJob, **kwargs):
        super().__init__(*args, **kwargs)
        self.job = job
        choices = [("", _("— not imported —")), *[(field, field) for field in columns.fields(job.kind)]]
        for index, header in enumerate(job.headers):
            if header:
                self.fields[f"col_{index}"] = forms.ChoiceField(
                    label=header,
                    choices=choices,
                    required=False,
                    initial=job.mapping.get(header, ""),
                    widget=forms.Select(attrs={"class": "form-select"}),
                )
        self.order_fields([*[f"col_{i}" for i in range(len(job.headers))], "profile_name"])

    def mapping(self) -> dict[str, str]:
        return {
            header: self.cleaned_data.get(f"col_{index}", "") for index, header in enumerate(self.job.headers) if header
        }


def _require_manager(user):
    if not is_manager(user):
        raise PermissionDenied


@login_required
def upload(request):
    """The form; a good file is kept and checked in the background, and its page follows the check."""
    _require_manager(request.user)
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        if uploaded.size > settings.IMPORT_MAX_BYTES:
            form.add_error("file", _("The file is too large."))
        else:
            job = start_import(
                user=request.user,
                kind=form.cleaned_data["kind"],
                uploaded=uploaded,
                profile=form.cleaned_data.get("profile"),
            )
            return redirect("reports:import_job", job_id=job.pk)
    return render(request, "reports/import_upload.html", {"form": form, "kinds": KINDS})


@login_required
def job(request, job_id):
    """Where an upload stands: being checked (the page reloads itself), refused with every error, checked with the
    preview and the button that imports it, being imported, imported."""
    _require_manager(request.user)
    found = get_object_or_404(ImportJob, pk=job_id, requested_by=request.user)
    return render(request, "reports/import_preview.html", _job_context(found))


def _job_context(found: ImportJob, match_form: "MatchForm | None" = None) -> dict:
    if match_form is None and found.status == ImportStatus.MATCHING:
        match_form = MatchForm(job=found)
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
        "match_form": match_form,
    }
    return context


@login_required
def match(request, job_id):
    """The office's pairing of the file's columns: kept (and saved under a name, if given), then the check."""
    _require_manager(request.user)
    found = get_object_or_404(ImportJob, pk=job_id, requested_by=request.user)
    if request.method != "POST" or found.status != ImportStatus.MATCHING:
        return redirect("reports:import_job", job_id=found.pk)
    form = MatchForm(request.POST, job=found)
    if form.is_valid():
        try:
            match_import(
                by=request.user, job=found, mapping=form.mapping(), profile_name=form.cleaned_data["profile_name"]
            )
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, error_text(error))
        else:
            return redirect("reports:import_job", job_id=found.pk)
    return render(request, "reports/import_preview.html", _job_context(found, form), status=400)


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
