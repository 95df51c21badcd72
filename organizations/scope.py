"""What may this user see and change: the one module that answers it.

A grant (organizations.Role) on a unit covers that unit's whole subtree, while the unit is active. A merged
unit is kept under its successor in today's tree (organizations.services.unit_merge), so the successor's
office sees the predecessors' history too. Every list view, admin
`get_queryset`, foreign-key choice, export and import starts from these filters; a filter
chosen by the user only narrows them. An object outside the user's scope is looked up
through them and so answers 404, exactly like a missing one.

Actions:
  view    see units and people          (office and secretaries)
  review  review what cadres submitted  (office and secretaries)
  manage  create and change units, people, positions, activation codes (office only)
A plain cadre holds no grant: they see themself (their Person and positions) and nothing else.
"""

from django.db.models import Q

from .models import Person, Role, RoleKind, Unit

ROLE_KINDS_FOR_ACTION = {
    "view": {RoleKind.MANAGER, RoleKind.REVIEWER},
    "review": {RoleKind.MANAGER, RoleKind.REVIEWER},
    "manage": {RoleKind.MANAGER},
}
EVERYTHING = None  # what granted_paths answers for a superuser


def _grants(user) -> list[tuple[str, str]]:
    """(role kind, unit path) of the user's grants, read once per request and kept on the user."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_scope_grants", None)
    if cached is None:
        # A grant lapses when its unit is dissolved or merged (the office is gone); the row stays as history.
        cached = list(Role.objects.filter(user=user, unit__is_active=True).values_list("kind", "unit__path"))
        user._scope_grants = cached
    return cached


def person_of(user):
    """The user's own cadre record, its home unit with it (None: not linked), read once per request and kept on
    the user like the grants: the policy, the view and its panels all ask."""
    if not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, "_scope_person"):
        user._scope_person = Person.objects.select_related("home_unit").filter(user=user).first()
    return user._scope_person


def forget_grants(user) -> None:
    """Drop the per-request cache after the user's roles or cadre record changed."""
    for kept in ("_scope_grants", "_scope_person"):
        if hasattr(user, kept):
            delattr(user, kept)


def granted_paths(user, action: str) -> list[str] | None:
    """Paths of the top units the user may act on; EVERYTHING for a superuser."""
    if action not in ROLE_KINDS_FOR_ACTION:
        raise ValueError(f"Unknown scope action: {action!r}")
    if getattr(user, "is_superuser", False) and user.is_active:
        return EVERYTHING
    if not getattr(user, "is_active", False):
        return []
    kinds = ROLE_KINDS_FOR_ACTION[action]
    paths = sorted({path for kind, path in _grants(user) if kind in kinds})
    # A grant inside another grant's subtree adds nothing; keep the outermost ones.
    outermost: list[str] = []
    for path in paths:
        if not any(path.startswith(top) for top in outermost):
            outermost.append(path)
    return outermost


def subtree_q(user, action: str, path_field: str = "path") -> Q:
    """A filter on `path_field` (a unit path) that keeps only the user's subtrees."""
    paths = granted_paths(user, action)
    if paths is EVERYTHING:
        return Q()
    if not paths:
        return Q(pk__in=[])
    q = Q()
    for path in paths:
        q |= Q(**{f"{path_field}__startswith": path})
    return q


def subtree_or_q(user, action: str, path_field: str, also: Q) -> Q:
    """The user's subtrees, or rows matching `also` (their own record, a shared document…).

    Beware writing `subtree_q(...) | also` by hand: for a superuser subtree_q is the empty Q(),
    and Django drops an empty Q from an OR, which would leave only `also`.
    """
    if granted_paths(user, action) is EVERYTHING:
        return Q()
    return subtree_q(user, action, path_field) | also


def can_reach_unit(user, action: str, unit) -> bool:
    paths = granted_paths(user, action)
    return paths is EVERYTHING or any(unit.path.startswith(p) for p in paths)


def is_manager(user) -> bool:
    """Whether the user holds any office grant (or is a superuser)."""
    return granted_paths(user, "manage") != []


def has_any_grant(user) -> bool:
    return granted_paths(user, "view") != []


def scope_roots(user, action: str):
    """The units at the top of the user's subtrees, in tree order."""
    paths = granted_paths(user, action)
    if paths is EVERYTHING:
        return Unit.objects.get_root_nodes()
    return Unit.objects.filter(path__in=paths)
