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

    def __init__(self, *args, campaign, registration=None, criteria=None, **kwargs):
        initial = kwargs.pop("initial", {}) or {}
        # The criteria of the cadre's sector (services.criteria_for); all of the campaign's by default.
        self.criteria = list(criteria if criteria is not None else campaign.criteria.all())
        if registration is not None:
            initial.update(
                version=registration.version,
                strengths=registration.strengths,
                overall_commitment=registration.overall_commitment,
                excellent_member=registration.excellent_member,
            )
            for choice in registration.choices.all():
                initial.update(
                    {
                        f"pick_{choice.criterion_id}": True,
                        f"short_{choice.criterion_id}": choice.shortcomings,
                        f"act_{choice.criterion_id}": choice.actions,
                        f"target_{choice.criterion_id}": choice.target,
                    }
                )
        super().__init__(*args, initial=initial, **kwargs)
        if campaign.members_register:
            self.fields["excellent_member"] = forms.BooleanField(
                label=_("I also register to strive to be an excellent member (đoàn viên ưu tú)"), required=False
            )
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
            self.fields[f"target_{criterion.pk}"] = forms.CharField(
                label=_("Target (optional)"),
                required=False,
                max_length=300,
                help_text=_("Something you can count at the year's end, e.g. 12 buổi sinh hoạt, 3 lần xuống ấp."),
            )

    def field_for(self, error) -> str | None:
        """The box a refused step is about (the services say which, by code), so that it is marked and shown."""
        first = error.error_list[0] if hasattr(error, "error_list") else None
        if first is None:
            return None
        if first.code == "missing_commitment":
            return "overall_commitment"
        if first.code == "incomplete_choice":
            prefix = "short" if first.params["missing"] == "shortcomings" else "act"
            name = f"{prefix}_{first.params['criterion']}"
            return name if name in self.fields else None
        return None

    def criterion_rows(self):
        """(criterion, tick field, shortcomings field, actions field, target field) for the template."""
        return [
            (c, self[f"pick_{c.pk}"], self[f"short_{c.pk}"], self[f"act_{c.pk}"], self[f"target_{c.pk}"])
            for c in self.criteria
        ]

    def choices(self) -> list[Choice]:
        data = self.cleaned_data
        return [
            Choice(c.pk, data.get(f"short_{c.pk}", ""), data.get(f"act_{c.pk}", ""), data.get(f"target_{c.pk}", ""))
            for c in self.criteria
            if data.get(f"pick_{c.pk}")
        ]

    def excellent_member(self) -> bool | None:
        return self.cleaned_data.get("excellent_member") if "excellent_member" in self.fields else None


class ReviewForm(CleanForm):
    """Confirm or return a sheet: the version the reviewer saw, and for a return its reason."""

    version = VersionField()
    reason = forms.CharField(
        label=_("Reason for returning"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
