from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import CleanForm, PhotoField


class DeploymentForm(CleanForm):
    deployed_on = forms.DateField(label=_("Deployed on (dd/mm/yyyy)"))
    attendance = forms.IntegerField(label=_("People attending"), min_value=0, max_value=100000)
    notes = forms.CharField(label=_("Notes"), required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 3}))
    photo = PhotoField(label=_("Photo (optional)"), required=False)


class CommitmentForm(CleanForm):
    signed_on = forms.DateField(label=_("Signed on (dd/mm/yyyy)"))
    signers = forms.IntegerField(label=_("Members who signed"), min_value=1, max_value=10000)
    text = forms.CharField(label=_("Text of the commitment"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))
    photo = PhotoField(label=_("Photo of the signed sheet (optional)"), required=False)
