from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import CleanForm
from organizations.models import Sector

from .coverage import Cut
from .models import ColumnProfile


class AsOfForm(CleanForm):
    """The day whose unit tree a report uses (dd/mm/yyyy; empty: the campaign's end, or today while it runs),
    and the seeds' cuts: one sector, one group of positions."""

    ngay = forms.DateField(label=_("Units as of"), required=False, input_formats=["%d/%m/%Y"])
    linh_vuc = forms.ChoiceField(label=_("Sector"), required=False, choices=[("", _("All sectors")), *Sector.choices])
    nhom = forms.ChoiceField(
        label=_("Positions"),
        required=False,
        choices=[
            ("", _("All positions")),
            (Cut.KEY, _("Key cadres (secretaries and deputies)")),
            (Cut.OTHERS, _("Other positions")),
        ],
    )

    def day(self, default):
        return (self.cleaned_data.get("ngay") if self.is_valid() else None) or default

    def cut(self) -> Cut:
        if not self.is_bound:
            return Cut()
        self.is_valid()
        data = self.cleaned_data
        return Cut(sector=data.get("linh_vuc") or "", group=data.get("nhom") or "")


class ClosingForm(CleanForm):
    closed_on = forms.DateField(label=_("Closing day (dd/mm/yyyy)"), input_formats=["%d/%m/%Y", "%Y-%m-%d"])
    report_number = forms.CharField(
        label=_("Report number"), max_length=60, required=False, help_text=_("E.g. 15-BC/HĐTN, as on the report.")
    )
    narrative = forms.CharField(
        label=_("Summary"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Results, strengths, shortcomings, lessons, next steps. The figures are added by the portal."),
        error_messages={"required": _("Write the summary: results, shortcomings, lessons.")},
    )
    still_open_understood = forms.BooleanField(
        label=_("I understand: closing locks what is still open above, and cannot be undone."), required=False
    )

    def __init__(self, *args, still_open=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.still_open = list(still_open)
        if not self.still_open:
            del self.fields["still_open_understood"]

    def clean(self):
        data = super().clean()
        if self.still_open and not data.get("still_open_understood"):
            self.add_error(
                "still_open_understood",
                _("Some windows are still open: confirm that you close the campaign all the same."),
            )
        return data


class ResultColumnsForm(CleanForm):
    """The columns the members' results are written in: the portal's own, or one of the office's profiles."""

    cot = forms.ModelChoiceField(
        queryset=ColumnProfile.objects.none(),
        required=False,
        label=_("Columns"),
        empty_label=_("The portal's own columns"),
        help_text=_("An office's columns (e.g. the national member software's template) are kept in the admin."),
    )

    def __init__(self, *args, profiles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cot"].queryset = profiles
