from django import forms
from django.utils.translation import gettext_lazy as _

from campaigns.models import Activity
from common.forms import CleanForm
from organizations.models import Unit

from .models import CommentKind


class RoundForm(CleanForm):
    unit = forms.ModelChoiceField(label=_("Unit whose cadres are commented on"), queryset=Unit.objects.none())
    closes_on = forms.DateField(label=_("Open until (dd/mm/yyyy)"))
    names_hidden = forms.BooleanField(
        label=_("Hide the writers' names from the cadre (the office still sees them)"), required=False
    )
    activity = forms.ModelChoiceField(
        label=_("Given at the meeting (optional)"),
        queryset=Activity.objects.none(),
        required=False,
        help_text=_("A branch meeting already recorded, whose minutes the comments complete."),
    )

    def __init__(self, *args, units, activities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["activity"].queryset = activities


class CommentForm(CleanForm):
    kind = forms.ChoiceField(
        label=_("Kind of comment"),
        choices=CommentKind.choices,
        initial=CommentKind.SUGGESTION,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    text = forms.CharField(label=_("Your comment"), max_length=3000, widget=forms.Textarea(attrs={"rows": 4}))


class OpinionForm(CleanForm):
    opinion = forms.CharField(
        label=_("Opinion of the branch's collective"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("It goes into the unit's year-end proposal and the printed evaluation sheet."),
    )
