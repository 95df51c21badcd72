from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from . import checks  # noqa: F401  (the deploy check of the second step)
        from .second_factor import note_at_sign_in

        user_logged_in.connect(note_at_sign_in, dispatch_uid="second_factor_note_at_sign_in")
