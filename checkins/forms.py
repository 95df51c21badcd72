from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import CleanForm, PhotoField, VersionField

from .models import ActionStatus
from .services import Update


class CheckInForm(CleanForm):
    """One block per committed action: how far it has come, a note, a photo."""

    version = VersionField(required=False)

    def __init__(self, *args, choices, checkin=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.choices = list(choices)
        kept = {u.choice_id: u for u in checkin.updates.all()} if checkin else {}
        self.fields["version"].initial = checkin.version if checkin else None
        for choice in self.choices:
            update = kept.get(choice.pk)
            self.fields[f"status_{choice.pk}"] = forms.ChoiceField(
                label=_("Progress"),
                choices=ActionStatus.choices,
                widget=forms.RadioSelect,
                initial=update.status if update else None,
                error_messages={"required": _("Choose how far this action has come.")},
            )
            self.fields[f"note_{choice.pk}"] = forms.CharField(
                label=_("What was done"),
                required=False,
                max_length=3000,
                initial=update.note if update else "",
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=_("What you did, when, with whom; what is still left."),
            )
            self.fields[f"photo_{choice.pk}"] = PhotoField(label=_("Photo (optional)"), required=False)
        self.kept = kept

    def blocks(self):
        """(choice, kept update, status field, note field, photo field) for the template."""
        return [
            (c, self.kept.get(c.pk), self[f"status_{c.pk}"], self[f"note_{c.pk}"], self[f"photo_{c.pk}"])
            for c in self.choices
        ]

    def updates(self) -> list[Update]:
        data = self.cleaned_data
        return [
            Update(c.pk, data[f"status_{c.pk}"], data[f"note_{c.pk}"] or "", data.get(f"photo_{c.pk}"))
            for c in self.choices
        ]
