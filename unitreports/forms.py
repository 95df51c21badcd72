from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import CleanForm, VersionField, upload_attrs, upload_help

from .models import ReportKind


class RequestForm(CleanForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=ReportKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    due_on = forms.DateField(label=_("Due on"), input_formats=["%d/%m/%Y"], help_text=_("dd/mm/yyyy"))
    note = forms.CharField(label=_("What to report"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class UnitReportForm(CleanForm):
    version = VersionField()
    narrative = forms.CharField(
        label=_("Report"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        max_length=20000,
        help_text=_("Results, strengths and shortcomings, lessons, what comes next."),
    )
    scan = forms.FileField(
        label=_("Signed scan (PDF or photo)"),
        required=False,
        widget=forms.ClearableFileInput(attrs=upload_attrs(accept="application/pdf,image/jpeg,image/png")),
        help_text=upload_help(_("A photo or a PDF")),
    )


class ReturnForm(CleanForm):
    version = VersionField()
    reason = forms.CharField(label=_("Why it is returned"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
