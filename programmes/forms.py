from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import CleanForm

from .services import adoptable_campaigns


class AdoptForm(CleanForm):
    campaign = forms.ModelChoiceField(
        label=_("Campaign of your unit"),
        queryset=None,
        empty_label=_("– choose a campaign –"),
        error_messages={"invalid_choice": _("Choose one of your unit's running campaigns.")},
    )

    copy_criteria = forms.TypedChoiceField(
        label=_("The movement's criteria"),
        choices=[
            ("1", _("Copy them into the campaign (it may add its own)")),
            ("0", _("Do not copy: the campaign's own criteria put them into its own words")),
        ],
        coerce=lambda value: value == "1",
        initial="1",
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, user, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = adoptable_campaigns(user, programme).select_related("organizer")
