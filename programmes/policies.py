"""Who sees programmes (organizations.policies): everyone under the owner (its cadres, whose campaigns start from
it) and every grant whose subtree overlaps the owner's (the province office over a district's drive, a district
office under the province's movement). Managing one, or starting a campaign from it, belongs to the owner's
offices and, for the campaign, to the campaign's own office (programmes.services)."""

from django.db.models import Q

from organizations.models import Unit
from organizations.policies import SubtreePolicy, register
from organizations.scope import EVERYTHING, granted_paths, person_of

from .models import Adoption, Programme, TemplateCriterion


class ProgrammePolicy(SubtreePolicy):
    def q(self, user, action: str = "view") -> Q:
        if action != "view":
            return super().q(user, action)
        paths = granted_paths(user, "view")
        if paths is EVERYTHING:
            return Q()
        person = person_of(user)
        above = self.path_field.replace("__path", "__path__in")
        q = Q(pk__in=[])
        if person:
            q |= Q(**{above: Unit.path_and_above(person.home_unit.path)})
        for path in paths:
            q |= Q(**{f"{self.path_field}__startswith": path}) | Q(**{above: Unit.path_and_above(path)})
        return q

    def can(self, user, action: str, obj) -> bool:
        if action != "view":
            return super().can(user, action, obj)
        return Programme.objects.filter(pk=obj.pk).filter(self.q(user)).exists()


PROGRAMMES = register(Programme, ProgrammePolicy("owner__path"))
TEMPLATE_CRITERIA = register(TemplateCriterion, SubtreePolicy("programme__owner__path"))
ADOPTIONS = register(Adoption, SubtreePolicy("campaign__organizer__path"))
