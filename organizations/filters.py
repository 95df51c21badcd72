"""List filters shared by the campaign lists (django-filter): a unit of the user's subtree, a person's name."""

import django_filters

from common.text import search_key

from .models import BRANCH_KINDS, Person, Unit
from .policies import UNITS
from .selectors import tell_apart


def _visible_units(request):
    return UNITS.visible(request.user, Unit.objects)


def unit_options(user, root: Unit):
    """The units offered in a list's unit picker: the user's units under root, branches left out (a list per branch
    is one tap away from the unit page); capped so the picker stays usable on a phone."""
    units = (
        UNITS.visible(user, Unit.objects)
        .filter(path__startswith=root.path)
        .exclude(kind__in=BRANCH_KINDS)
        .only("pk", "name", "code", "depth", "path")[:300]
    )
    return tell_apart(list(units))  # two "Đoàn xã Phú Tân" after a merger: each with its former parent


class SubtreeFilter(django_filters.ModelChoiceFilter):
    """Rows whose unit lies in the subtree of the unit picked; only units the user may see are accepted
    (the lists' own scope still applies: picking a unit never widens what is shown)."""

    def __init__(self, field_name, **kwargs):
        super().__init__(field_name=field_name, queryset=_visible_units, **kwargs)

    def filter(self, qs, value):
        if value is None:
            return qs
        return qs.filter(**{f"{self.field_name}__path__startswith": value.path})


class NameSearchFilter(django_filters.CharFilter):
    """A person's name typed with or without diacritics (the person's stored search text)."""

    def filter(self, qs, value):
        key = search_key(value or "")
        if not key:
            return qs
        return qs.filter(**{f"{self.field_name}__contains": key})


class ScopedFilterSet(django_filters.FilterSet):
    """A unit the user may not see answers as missing, like any other URL pointing at another unit's data."""

    def unit_refused(self) -> bool:
        return self.is_bound and "unit" in self.errors


class PeopleFilter(django_filters.FilterSet):
    """A unit's people: by name, member number or phone; "cadres=1" keeps those holding a position today."""

    q = django_filters.CharFilter(method="filter_search")
    cadres = django_filters.CharFilter(method="filter_cadres")

    class Meta:
        model = Person
        fields = ["q", "cadres"]

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def filter_cadres(self, queryset, name, value):
        return queryset.cadres() if value == "1" else queryset

    def cadres_only(self) -> bool:
        return self.form.cleaned_data.get("cadres") == "1"
