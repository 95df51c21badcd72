from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from common import page_cache, panels

from . import selectors
from .filters import PeopleFilter
from .models import GRASSROOTS_KINDS, Person, Position, Unit, UnitKind
from .scope import person_of, scope_roots, user_can

PEOPLE_PER_PAGE = 50


@page_cache.for_session
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
        units = list(Unit.objects.visible_to(request.user).search(query).order_by("-is_active", "sort_key")[:100])
    context = {"query": query, "units": units, "roots": scope_roots(request.user, "view")}
    return render(request, "organizations/unit_list.html", context)


@login_required
def unit_detail(request, pk):
    unit = get_object_or_404(Unit.objects.visible_to(request.user), pk=pk)
    by_kind = selectors.units_by_kind_below(unit)
    children, totals = selectors.unit_overview(unit)
    context = {
        "unit": unit,
        "breadcrumbs": selectors.breadcrumbs(unit, request.user),
        "children": children,
        "totals": totals,
        "grassroots_count": sum(by_kind.get(kind, 0) for kind in GRASSROOTS_KINDS),
        "branch_count": by_kind.get(UnitKind.BRANCH, 0),
        "can_manage": user_can(request.user, "manage", unit),
    }
    return render(request, "organizations/unit_detail.html", context)


@login_required
def unit_people(request, pk):
    unit = get_object_or_404(Unit.objects.visible_to(request.user), pk=pk)
    people = Person.objects.in_subtree(unit).select_related("home_unit").vietnamese_order()
    filters = PeopleFilter(request.GET, queryset=people)
    page = Paginator(filters.qs, PEOPLE_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "unit": unit,
        "page": page,
        "query": filters.form.cleaned_data.get("q", ""),
        "cadres_only": filters.cadres_only(),
        "breadcrumbs": selectors.breadcrumbs(unit, request.user),
    }
    return render(request, "organizations/unit_people.html", context)


@login_required
def person_detail(request, pk):
    person = get_object_or_404(Person.objects.visible_to(request.user).select_related("home_unit", "user"), pk=pk)
    context = {
        "person": person,
        "positions": Position.objects.filter(person=person).select_related("unit").order_by("-started_on"),
        "breadcrumbs": selectors.breadcrumbs(person.home_unit, request.user),
        "can_manage": user_can(request.user, "manage", person),
    }
    return render(request, "organizations/person_detail.html", context)
