from django import forms
from django.contrib.auth.forms import UsernameField
from django.utils.translation import gettext_lazy as _

from common.forms import CleanForm


class ActivationForm(CleanForm):
    code = forms.CharField(
        label=_("Activation code"),
        max_length=20,
        help_text=_("The code on the paper your unit's office gave you, e.g. ABCD-EFGH-JK."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "characters"}),
    )
    username = UsernameField(
        label=_("Login name"),
        max_length=150,
        help_text=_("Letters, digits and @ . + - _ only; you will log in with it."),
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    email = forms.EmailField(label=_("E-mail (to reset a forgotten password)"), required=False)
    password1 = forms.CharField(
        label=_("Password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label=_("Password again"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean_username(self):
        from accounts.models import User

        username = self.cleaned_data["username"]
        User.username_validator(username)
        return username

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password2") and data["password1"] != data["password2"]:
            self.add_error("password2", _("The two passwords do not match."))
        return data


class SecondStepForm(CleanForm):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_("The 6 digits the authenticator app shows now, or one of your 8-character recovery codes."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autocapitalize": "none", "autofocus": True}
        ),
    )
    remember = forms.BooleanField(label=_("Do not ask again on this phone for 30 days"), required=False)
