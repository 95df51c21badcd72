from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "organizations"
    verbose_name = _("Units and people")

    def ready(self):
        from django.db.models.signals import post_save
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("policies")  # every app's policies registered (organizations.policies.policy_for)

        from common import private_files

        from .membership import follow_the_record
        from .models import Person
        from .policies import PEOPLE

        # A person's photo: to whoever may see the person.
        private_files.register("people/", lambda user, name: PEOPLE.visible(user, Person.objects).filter(photo=name))
        # Every person on record is a member of their home unit, dated (organizations.membership).
        post_save.connect(follow_the_record, sender=Person, dispatch_uid="membership-follows-the-record")

        from common import periodic, versions

        from .access import remove_old

        periodic.register("access_log.remove_old", every=86400, run=remove_old)

        from .models import LineageEvent, Membership, Position, Role, Unit, UnitSpan

        versions.track(Unit, UnitSpan, LineageEvent, Person, Membership, Position, Role, name=versions.TREE)
