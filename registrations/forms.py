from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import CleanForm, VersionField

from .services import Choice


class RegistrationForm(CleanForm):
    """The sheet: for each criterion of the campaign, a tick, the shortcomings and the actions."""

    # Required once the sheet exists (the view checks); a new sheet has no version yet.
    version = VersionField(required=False)
    strengths = forms.CharField(
        label=_("My strengths"), required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 2})
    )
    overall_commitment = forms.CharField(
        label=_("My overall commitment"), required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, campaign, registration=None, **kwargs):
        initial = kwargs.pop("initial", {}) or {}
        self.criteria = list(campaign.criteria.all())
        if registration is not None:
            initial.update(
                version=registration.version,
                strengths=registration.strengths,
                overall_commitment=registration.overall_commitment,
            )
            for choice in registration.choices.all():
                initial.update(
                    {
                        f"pick_{choice.criterion_id}": True,
                        f"short_{choice.criterion_id}": choice.shortcomings,
                        f"act_{choice.criterion_id}": choice.actions,
                    }
                )
        super().__init__(*args, initial=initial, **kwargs)
        for criterion in self.criteria:
            self.fields[f"pick_{criterion.pk}"] = forms.BooleanField(label=_("I choose this criterion"), required=False)
            self.fields[f"short_{criterion.pk}"] = forms.CharField(
                label=_("Shortcomings I see in myself"),
                required=False,
                max_length=3000,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            self.fields[f"act_{criterion.pk}"] = forms.CharField(
                label=_("Concrete actions I commit to"),
                required=False,
                max_length=3000,
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def criterion_rows(self):
        """(criterion, tick field, shortcomings field, actions field) for the template."""
        return [(c, self[f"pick_{c.pk}"], self[f"short_{c.pk}"], self[f"act_{c.pk}"]) for c in self.criteria]

    def choices(self) -> list[Choice]:
        data = self.cleaned_data
        return [
            Choice(c.pk, data.get(f"short_{c.pk}", ""), data.get(f"act_{c.pk}", ""))
            for c in self.criteria
            if data.get(f"pick_{c.pk}")
        ]


class ReviewForm(CleanForm):
    """Confirm or return a sheet: the version the reviewer saw, and for a return its reason."""

    version = VersionField()
    reason = forms.CharField(
        label=_("Reason for returning"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
