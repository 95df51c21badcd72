from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("Data access (API)")

    def ready(self):
        from . import policies  # noqa: F401  (registers the tokens' policy)
