from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import CleanForm, PhotoField
from organizations.models import Person

from .activities import ActivityData, roster
from .models import ActivityKind


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


class ActivityForm(CleanForm):
    """An activity of one unit; the people attending are picked from its roster when it is small enough to list."""

    ROSTER_LIMIT = 150  # beyond this a list of checkboxes is unusable on a phone: the number is typed instead

    kind = forms.ChoiceField(label=_("Kind of activity"), choices=[("", "—"), *ActivityKind.choices])
    held_on = forms.DateField(label=_("Held on (dd/mm/yyyy)"))
    title = forms.CharField(
        label=_("Title"),
        required=False,
        max_length=200,
        help_text=_("E.g. Sinh hoạt chủ điểm: phê bình và tự phê bình."),
    )
    chair = forms.CharField(label=_("Chaired by"), required=False, max_length=200)
    place = forms.CharField(label=_("Place"), required=False, max_length=200)
    attendance = forms.IntegerField(
        label=_("People attending"),
        required=False,
        min_value=0,
        max_value=100000,
        help_text=_("Empty: the number of people ticked below."),
    )
    attendees = forms.ModelMultipleChoiceField(
        label=_("Who attended"), queryset=Person.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    minutes = forms.CharField(
        label=_("Minutes"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What was discussed and decided; for a signing, the text of the commitment."),
    )
    photo = PhotoField(label=_("Photo (optional)"), required=False)

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        people = roster(unit)
        self.roster_size = people.count()
        if self.roster_size <= self.ROSTER_LIMIT:
            self.fields["attendees"].queryset = people.order_by("sort_key", "pk")
        else:
            del self.fields["attendees"]

    def clean(self):
        data = super().clean()
        if data.get("attendance") is None and not data.get("attendees"):
            self.add_error("attendance", _("Enter how many people attended, or tick them in the list."))
        return data

    def activity_data(self) -> ActivityData:
        data = self.cleaned_data
        return ActivityData(
            kind=data["kind"],
            held_on=data["held_on"],
            title=data["title"],
            chair=data["chair"],
            place=data["place"],
            attendance=data["attendance"],
            attendee_ids=[person.pk for person in data.get("attendees") or []],
            minutes=data["minutes"],
        )


class PublicationForm(CleanForm):
    summary = forms.CharField(
        label=_("What the public reads"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Written for the public page: not the minutes, no personal details."),
    )
    photos = forms.MultipleChoiceField(
        label=_("Photos whose people agreed to be shown"),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, photos, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["photos"].choices = [(str(photo.pk), str(number)) for number, photo in enumerate(photos, start=1)]
