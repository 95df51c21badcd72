from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import PHOTO_TYPES, CleanForm, VersionField, upload_attrs, upload_help
from feedback.selectors import collective_opinion

from .models import RatingScheme

DATE_INPUT = ["%d/%m/%Y", "%Y-%m-%d"]


def add_rating_field(
    form: forms.Form, scheme: RatingScheme, *, label, required: bool, initial_level=None, initial_points=None
) -> None:
    """A level to choose, or points 0–100 when the scheme scores in points."""
    if scheme.uses_points:
        form.fields["points"] = forms.IntegerField(
            label=label,
            min_value=0,
            max_value=100,
            required=required,
            initial=initial_points,
            help_text=", ".join(f"{lv.name} ≥ {lv.min_points}" for lv in scheme.levels.all()),
        )
    else:
        form.fields["level"] = forms.TypedChoiceField(
            label=label,
            required=required,
            coerce=int,
            empty_value=None,
            initial=initial_level,
            choices=[(lv.pk, lv.name) for lv in scheme.levels.all()],
            widget=forms.RadioSelect,
        )


class SelfAssessmentForm(CleanForm):
    version = VersionField()
    summary = forms.CharField(
        label=_("Overall self-assessment"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Strengths, what is still lacking, and how you will go on."),
    )

    def __init__(self, *args, evaluation, results, **kwargs):
        super().__init__(*args, **kwargs)
        self.results = results
        self.fields["version"].initial = evaluation.version
        self.fields["summary"].initial = evaluation.self_summary
        for result in results:
            self.fields[f"achieved_{result.choice_id}"] = forms.CharField(
                label=_("What I did"),
                required=False,
                max_length=5000,
                initial=result.achieved,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            self.fields[f"evidence_{result.choice_id}"] = forms.CharField(
                label=_("Evidence"),
                required=False,
                max_length=2000,
                initial=result.evidence,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        add_rating_field(
            self,
            evaluation.round.scheme,
            label=_("The rating I propose for myself"),
            required=False,
            initial_level=evaluation.self_level_id,
            initial_points=evaluation.self_points,
        )

    def bound_results(self):
        """(result, achieved field, evidence field) for the template."""
        return [(r, self[f"achieved_{r.choice_id}"], self[f"evidence_{r.choice_id}"]) for r in self.results]

    def result_values(self):
        from .services import Result

        return [
            Result(
                r.choice_id,
                self.cleaned_data[f"achieved_{r.choice_id}"] or "",
                self.cleaned_data[f"evidence_{r.choice_id}"] or "",
            )
            for r in self.results
        ]


class AttachmentForm(CleanForm):
    file = forms.FileField(
        label=_("Evidence file"),
        help_text=upload_help(_("A photo or a PDF")),
        widget=forms.ClearableFileInput(attrs=upload_attrs(accept=PHOTO_TYPES + ",application/pdf")),
    )
    caption = forms.CharField(label=_("What it shows"), required=False, max_length=200)


class ProposalForm(CleanForm):
    version = VersionField()
    comment = forms.CharField(label=_("The unit's comment"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, evaluation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = evaluation.version
        # A unit that heard its branch (feedback) starts its comment from the collective's opinion.
        opinion = collective_opinion(evaluation.registration) if not evaluation.unit_comment else None
        self.fields["comment"].initial = evaluation.unit_comment or (opinion.text if opinion else "")
        add_rating_field(
            self,
            evaluation.round.scheme,
            label=_("Rating proposed by the unit"),
            required=True,
            initial_level=evaluation.proposed_level_id or evaluation.self_level_id,
            initial_points=evaluation.proposed_points or evaluation.self_points,
        )


class DecisionFields(CleanForm):
    number = forms.CharField(label=_("Decision number"), max_length=60, required=False, help_text=_("E.g. 125-QĐ/HĐTN"))
    on = forms.DateField(
        label=_("Decision date"),
        required=False,
        input_formats=DATE_INPUT,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": _("dd/mm/yyyy")}),
    )


class DecisionForm(DecisionFields):
    def __init__(self, *args, evaluation, **kwargs):
        super().__init__(*args, **kwargs)
        add_rating_field(
            self,
            evaluation.round.scheme,
            label=_("Final rating"),
            required=True,
            initial_level=evaluation.proposed_level_id,
            initial_points=evaluation.proposed_points,
        )


class ReasonForm(CleanForm):
    version = VersionField()
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    # Needed only for a return after the round closed (the service says so when it is missing).
    resubmit_by = forms.DateField(
        label=_("New deadline for the cadre"),
        required=False,
        input_formats=DATE_INPUT,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": _("dd/mm/yyyy")}),
    )
