from django.utils.translation import gettext_lazy as _

from common.forms import CleanModelForm

from .models import Preference


class PreferenceForm(CleanModelForm):
    class Meta:
        model = Preference
        fields = ["by_email", "by_phone"]

    def __init__(self, *args, phone_available: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not phone_available:
            self.fields["by_phone"].disabled = True
            self.fields["by_phone"].help_text = _("The office has not set up Zalo messages yet.")
        else:
            self.fields["by_phone"].help_text = _("To the phone number in your cadre record.")
