from django import forms
from django.utils.translation import gettext_lazy as _

from campaigns.models import ActivityKind
from common.forms import CleanForm
from messaging.models import Cohort
from organizations.models import Unit

from .services import INVITABLE


class MeetingForm(CleanForm):
    unit = forms.ModelChoiceField(label=_("Unit calling the meeting"), queryset=Unit.objects.none())
    kind = forms.ChoiceField(label=_("Kind of activity"), choices=[("", "—"), *ActivityKind.choices])
    title = forms.CharField(label=_("Title"), max_length=200, help_text=_("E.g. Sinh hoạt chủ điểm tháng 12."))
    day = forms.DateField(label=_("Day (dd/mm/yyyy)"))
    starts_at = forms.TimeField(label=_("Time (hh:mm)"), widget=forms.TimeInput(attrs={"type": "time"}))
    place = forms.CharField(label=_("Place"), max_length=200)
    agenda = forms.CharField(
        label=_("Agenda"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    cohort = forms.ChoiceField(
        label=_("Invite"),
        choices=[(value, label) for value, label in Cohort.choices if value in INVITABLE],
        initial=Cohort.MEMBERS,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class ReplyForm(CleanForm):
    attending = forms.TypedChoiceField(
        label=_("Will you attend?"),
        choices=[("1", _("I will attend")), ("0", _("I cannot attend (give the reason)"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    reason = forms.CharField(label=_("Reason"), required=False, max_length=300)

    def clean(self):
        data = super().clean()
        if data.get("attending") is False and not data.get("reason"):
            self.add_error("reason", _("Write the reason you cannot attend."))
        return data


class RosterForm(CleanForm):
    present = forms.MultipleChoiceField(
        label=_("Present"), required=False, widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"})
    )
    chair = forms.CharField(label=_("Chaired by"), required=False, max_length=200)
    minutes = forms.CharField(
        label=_("Minutes"), required=False, max_length=10000, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args, invitations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [(str(i.person_id), i.person.full_name) for i in invitations]

    def clean_present(self):
        if not self.cleaned_data["present"]:
            raise forms.ValidationError(_("Tick who was present."))
        return self.cleaned_data["present"]
