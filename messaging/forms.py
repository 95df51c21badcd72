from django import forms
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign
from campaigns.policies import CAMPAIGNS
from common.forms import CleanForm
from organizations.models import LEAF_KINDS, Unit
from organizations.policies import UNITS
from organizations.scope import scope_roots

from .models import Cohort


class CohortMessageForm(CleanForm):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    cohort = forms.ChoiceField(label=_("To"), choices=Cohort.choices)
    campaign = forms.ModelChoiceField(
        label=_("Campaign"),
        queryset=Campaign.objects.none(),
        required=False,
        help_text=_("For the cadres of a campaign: whose sheet was returned, who has not reported."),
    )
    title = forms.CharField(label=_("Message title"), max_length=150)
    body = forms.CharField(label=_("Message"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # The sender's own units, and the units under them that have units of their own (a branch's members are
        # reached through the branch's secretary's grant or through the unit above).
        roots = list(scope_roots(user, "review").values_list("pk", flat=True))
        visible = UNITS.visible(user, Unit.objects, "review").active()
        self.fields["unit"].queryset = visible.exclude(kind__in=LEAF_KINDS) | visible.filter(pk__in=roots)
        self.fields["campaign"].queryset = CAMPAIGNS.visible(user, Campaign.objects).order_by("-starts_on", "title")
