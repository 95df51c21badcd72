from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import CleanForm


class AsOfForm(CleanForm):
    """The day whose unit tree a report uses (dd/mm/yyyy); empty: the campaign's end, or today while it runs."""

    ngay = forms.DateField(label=_("Units as of"), required=False, input_formats=["%d/%m/%Y"])

    def day(self, default):
        return (self.cleaned_data.get("ngay") if self.is_valid() else None) or default
