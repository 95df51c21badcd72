"""The evaluation list's filters: stage, unit subtree, level (proposed, or final among the decided), name."""

import django_filters
from django import forms

from organizations.filters import NameSearchFilter, ScopedFilterSet, SubtreeFilter
from organizations.models import Unit

from .models import Commendation, Evaluation, Stage


class WholeNumberFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class EvaluationListFilter(ScopedFilterSet):
    stage = django_filters.ChoiceFilter(choices=Stage.choices)
    unit = SubtreeFilter("registration__unit")
    level = WholeNumberFilter(method="filter_level")
    q = NameSearchFilter("registration__person__search_text")

    class Meta:
        model = Evaluation
        fields = ["stage", "unit", "level", "q"]

    def filter_level(self, queryset, name, value):
        if value is None:
            return queryset
        # Among the decided the office's level counts; before that, the unit's proposal.
        if self.form.cleaned_data.get("stage") == Stage.DECIDED:
            return queryset.filter(final_level=value)
        return queryset.filter(proposed_level=value)


class StoryFilter(django_filters.FilterSet):
    """The public column: stories of cadres under a unit, of a year. Any unit may be picked (only published,
    consented stories are listed whatever the filter); an unknown one is ignored."""

    unit = django_filters.ModelChoiceFilter(queryset=Unit.objects.all(), method="filter_unit")
    year = WholeNumberFilter(field_name="decision_date", lookup_expr="year")

    class Meta:
        model = Commendation
        fields = ["unit", "year"]

    def filter_unit(self, queryset, name, value):
        return queryset.filter(person__home_unit__path__startswith=value.path)
