"""One permission policy per model family (in the spirit of Wagtail's permission_policies).

Every family's rows hang off a unit (a row's unit path: `path_field`), and a grant on a unit covers its
subtree (organizations.scope). To view, a user also sees their own rows (`own_user_field`: the path from
a row to its user). Views, admin, exports, imports and notifications ask a policy:

    PEOPLE.visible(user, Person.objects)          # the rows this user may see
    PEOPLE.can(user, "manage", person)            # one row
    UNITS.holders("review", unit)                 # who may act on this unit (to notify them)
    policy_for(Person)                            # the same policy, found by its model (the admin asks so)

Families of the apps above define and register theirs the same way (registrations.policies,
evaluations.policies…); each app's policies module is imported when the apps are ready (organizations.apps).
"""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from .models import AccessRecord, Person, Position, Role, Unit
from .scope import EVERYTHING, ROLE_KINDS_FOR_ACTION, granted_paths, subtree_or_q, subtree_q


@dataclass(frozen=True)
class SubtreePolicy:
    path_field: str  # the row's unit path: "path", "home_unit__path", "unit__path", …
    own_user_field: str | None = None  # the row's own user ("user", "person__user"); None: rows have no owner

    def q(self, user, action: str = "view") -> Q:
        if action == "view" and self.own_user_field and getattr(user, "is_authenticated", False):
            return subtree_or_q(user, action, self.path_field, Q(**{self.own_user_field: user.pk}))
        return subtree_q(user, action, self.path_field)

    def visible(self, user, queryset: QuerySet, action: str = "view") -> QuerySet:
        """The rows of `queryset` this user may `action` ("view", "review", "manage")."""
        return queryset.filter(self.q(user, action))

    def path_of(self, obj) -> str:
        value = obj
        for part in self.path_field.split("__"):
            value = getattr(value, part)
        return value

    def _owner_id(self, obj):
        value = obj
        for part in self.own_user_field.split("__"):
            value = getattr(value, part, None)
            if value is None:
                return None
        return getattr(value, "pk", value)

    def can(self, user, action: str, obj) -> bool:
        """Whether `user` may `action` this one row."""
        if action == "view" and self.own_user_field and self._owner_id(obj) == getattr(user, "pk", None):
            return True
        paths = granted_paths(user, action)
        path = self.path_of(obj)
        return paths is EVERYTHING or any(path.startswith(top) for top in paths)

    def holders(self, action: str, unit: Unit, *, kinds=None) -> QuerySet:
        """Active users with a grant for `action` on `unit` or a unit above it (optionally only `kinds` of role)."""
        from django.contrib.auth import get_user_model

        kinds = set(kinds or ROLE_KINDS_FOR_ACTION[action]) & ROLE_KINDS_FOR_ACTION[action]
        above = Unit.path_and_above(unit.path)
        user_ids = Role.objects.filter(kind__in=kinds, unit__path__in=above).values("user_id")
        return get_user_model().objects.filter(pk__in=user_ids, is_active=True)


_POLICIES: dict[type, SubtreePolicy] = {}


def register(model: type, policy: SubtreePolicy) -> SubtreePolicy:
    """Make `policy` the one that answers for `model`'s rows."""
    _POLICIES[model] = policy
    return policy


def policy_for(model) -> SubtreePolicy:
    """The policy of a model (the class, or one of its rows)."""
    model = model if isinstance(model, type) else type(model)
    return _POLICIES[model._meta.concrete_model]


class AccessRecordPolicy(SubtreePolicy):
    """The office above reads the accesses to the people of its subtree and the exports of its subtree's units."""

    def q(self, user, action: str = "view") -> Q:
        people = subtree_q(user, action, "people__home_unit__path")
        if not people:  # a superuser: everything
            return people
        return Q(pk__in=AccessRecord.objects.filter(people | subtree_q(user, action, "unit__path")).values("pk"))

    def can(self, user, action: str, obj) -> bool:
        return self.visible(user, AccessRecord.objects.filter(pk=obj.pk), action).exists()


UNITS = register(Unit, SubtreePolicy("path"))
PEOPLE = register(Person, SubtreePolicy("home_unit__path", own_user_field="user"))
POSITIONS = register(Position, SubtreePolicy("unit__path", own_user_field="person__user"))
ROLES = register(Role, SubtreePolicy("unit__path"))
ACCESS_RECORDS = register(AccessRecord, AccessRecordPolicy("unit__path"))


def user_can(user, action: str, obj) -> bool:
    """Whether `user` may perform `action` on one object (a unit, person or position): asks its family's
    policy (organizations.policies). A position is also visible to whoever may see its person."""
    if isinstance(obj, Unit):
        return UNITS.can(user, action, obj)
    if isinstance(obj, Person):
        return PEOPLE.can(user, action, obj)
    if isinstance(obj, Position):
        return (action == "view" and PEOPLE.can(user, "view", obj.person)) or POSITIONS.can(user, action, obj)
    raise TypeError(f"No scope rule for {type(obj).__name__}")
