from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "organizations"
    verbose_name = _("Units and people")

    def ready(self):
        from common import private_files

        from .models import Person

        # A person's photo: to whoever may see the person.
        private_files.register("people/", lambda user, name: Person.objects.visible_to(user).filter(photo=name))
