from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import CleanForm


class CorrectionForm(CleanForm):
    text = forms.CharField(
        label=_("What is wrong, and what should it be?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E.g. “My date of birth is 12/05/1998, not 21/05/1998.” Your unit's office answers."),
    )
