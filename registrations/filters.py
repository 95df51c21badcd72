"""The review queue's filters: status (submitted by default, "all" for every status), unit subtree, name."""

import django_filters
from django.utils.translation import gettext_lazy as _

from organizations.filters import NameSearchFilter, ScopedFilterSet, SubtreeFilter

from .models import Registration, Status

ALL = "all"


class ReviewQueueFilter(ScopedFilterSet):
    status = django_filters.ChoiceFilter(choices=[*Status.choices, (ALL, _("All"))], method="filter_status")
    unit = SubtreeFilter("unit")
    q = NameSearchFilter("person__search_text")

    class Meta:
        model = Registration
        fields = ["status", "unit", "q"]

    def __init__(self, data, *args, **kwargs):
        # The queue opens on what waits for a decision; an unknown status shows them all.
        data = data.copy()
        data.setdefault("status", Status.SUBMITTED)
        super().__init__(data, *args, **kwargs)

    def filter_status(self, queryset, name, value):
        return queryset if value in ("", ALL) else queryset.filter(status=value)

    def shown_status(self) -> str:
        """The status shown ("" = all)."""
        self.errors  # noqa: B018 - validates the form, so cleaned_data exists
        value = self.form.cleaned_data.get("status", "")
        return "" if value == ALL else value
