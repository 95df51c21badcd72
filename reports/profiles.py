"""Column profiles: the named sets of columns an office keeps for the programs it exchanges files with (the
pairing of its own import files' headers; the columns of the members' results for the national member software),
offered to the office that saved them and to the offices below it."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from common.text import clean_text
from organizations.models import Unit
from organizations.scope import EVERYTHING, granted_paths, scope_roots

from .models import ColumnProfile


def profiles_for(user, *kinds: str):
    """The profiles of `kinds` saved by the user's offices and the offices above them."""
    paths = granted_paths(user, "manage")
    found = ColumnProfile.objects.filter(kind__in=kinds).select_related("unit")
    if paths is EVERYTHING:
        return found
    above = {above for path in paths for above in Unit.path_and_above(path)}
    return found.filter(unit__path__in=above)


def save_profile(*, by, kind: str, name: str, mapping: dict) -> ColumnProfile:
    """Keep `mapping` under `name` for the office's next file of `kind` (replacing a profile of that name)."""
    name = clean_text(name)[:100]
    if not name:
        raise ValidationError(_("Give the pairing a name to find it next time."))
    unit = scope_roots(by, "manage").first()
    if unit is None:
        raise PermissionDenied
    profile, _created = ColumnProfile.objects.update_or_create(
        unit=unit, kind=kind, name=name, defaults={"mapping": mapping, "created_by": by}
    )
    return profile
