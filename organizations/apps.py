from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "organizations"
    verbose_name = _("Units and people")

    def ready(self):
        from django.db.models.signals import post_save

        from common import private_files

        from .membership import follow_the_record
        from .models import Person

        # A person's photo: to whoever may see the person.
        private_files.register("people/", lambda user, name: Person.objects.visible_to(user).filter(photo=name))
        # Every person on record is a member of their home unit, dated (organizations.membership).
        post_save.connect(follow_the_record, sender=Person, dispatch_uid="membership-follows-the-record")
