from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from common import panels

from . import access, selectors
from .filters import PeopleFilter
from .models import BRANCH_KINDS, GRASSROOTS_KINDS, AccessKind, Membership, Person, Position, Unit
from .policies import PEOPLE, UNITS, user_can
from .scope import person_of, scope_roots

PEOPLE_PER_PAGE = 50


@login_required
def home(request):
    person = person_of(request.user)
    context = {
        "person": person,
        "positions": selectors.current_positions_of(person) if person else [],
        "home_path": selectors.breadcrumbs(person.home_unit, request.user) if person else [],
        "my_units": [selectors.subtree_totals(unit) for unit in scope_roots(request.user, "view")[:20]],
    }
    if not context["my_units"]:
        context["lapsed_grants"] = selectors.lapsed_grants(request.user)
    # "Việc cần làm": contributed by the apps above (common.todo), soonest deadline first.
    context |= panels.context_for("home", request, context)
    context["todo"] = sorted(context.get("todo", []), key=lambda item: item.sort_key)
    return render(request, "organizations/home.html", context)


@login_required
def unit_list(request):
    query = request.GET.get("q", "").strip()
    units = None
    if query:
        units = list(UNITS.visible(request.user, Unit.objects).search(query).order_by("-is_active", "sort_key")[:100])
    context = {"query": query, "units": units, "roots": scope_roots(request.user, "view")}
    return render(request, "organizations/unit_list.html", context)


@login_required
def unit_detail(request, pk):
    unit = get_object_or_404(UNITS.visible(request.user, Unit.objects), pk=pk)
    by_kind = selectors.units_by_kind_below(unit)
    children, totals = selectors.unit_overview(unit)
    context = {
        "unit": unit,
        "breadcrumbs": selectors.breadcrumbs(unit, request.user),
        "children": children,
        "totals": totals,
        "grassroots_count": sum(by_kind.get(kind, 0) for kind in GRASSROOTS_KINDS),
        "branch_count": sum(by_kind.get(kind, 0) for kind in BRANCH_KINDS),
        "can_manage": user_can(request.user, "manage", unit),
    }
    return render(request, "organizations/unit_detail.html", context)


def _day_asked(request):
    """?ngay=dd/mm/yyyy, a past day (None: now, or a day that is not one, said in a message)."""
    raw = (request.GET.get("ngay") or "").strip()
    if not raw:
        return None
    try:
        day = datetime.strptime(raw, "%d/%m/%Y").date()
    except ValueError:
        messages.error(request, _("Write the day as dd/mm/yyyy."))
        return None
    return day if day < timezone.localdate() else None


@login_required
def unit_people(request, pk):
    """The unit's people now; with ?ngay=dd/mm/yyyy, the members who belonged to it (or to the units merged into it)
    that day, wherever they are now — a name links to the record only where the user may still see it."""
    unit = get_object_or_404(UNITS.visible(request.user, Unit.objects), pk=pk)
    day = _day_asked(request)
    if day is None:  # members now: those who left the Youth Union are found by the day they still belonged
        people = Person.objects.in_subtree(unit).filter(left_union_on__isnull=True)
    else:
        belonged = Membership.objects.as_of(day).filter(unit__path__startswith=unit.path).values("person_id")
        people = Person.objects.filter(pk__in=belonged)
    filters = PeopleFilter(request.GET, queryset=people.select_related("home_unit").vietnamese_order())
    page = Paginator(filters.qs, PEOPLE_PER_PAGE).get_page(request.GET.get("page"))
    seen = set(
        PEOPLE.visible(request.user, Person.objects).filter(pk__in=[p.pk for p in page]).values_list("pk", flat=True)
    )
    for person in page:
        person.may_open = person.pk in seen
    context = {
        "unit": unit,
        "page": page,
        "day": day,
        "query": filters.form.cleaned_data.get("q", ""),
        "cadres_only": filters.cadres_only(),
        "breadcrumbs": selectors.breadcrumbs(unit, request.user),
    }
    return render(request, "organizations/unit_people.html", context)


@login_required
def person_detail(request, pk):
    person = get_object_or_404(PEOPLE.visible(request.user, Person.objects).select_related("home_unit", "user"), pk=pk)
    access.record(request.user, AccessKind.VIEW, request.path, people=[person.pk])
    context = {
        "person": person,
        "positions": Position.objects.filter(person=person).select_related("unit").order_by("-started_on"),
        "breadcrumbs": selectors.breadcrumbs(person.home_unit, request.user),
        "can_manage": user_can(request.user, "manage", person),
    }
    return render(request, "organizations/person_detail.html", context)
