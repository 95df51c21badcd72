from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo data from the source articles (Phú Tân 2022, Lạng Sơn 2023): `manage.py load_demo`.

    It sits above every other app (it builds units, people, campaigns, registrations and evaluations
    through their services), so nothing below may import it.
    """

    name = "demo"
    verbose_name = _("Demo data")
