"""The public "Gương sáng cán bộ Đoàn" column: no login, only published stories with consent."""

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from common import page_cache
from organizations.models import Unit

from .filters import StoryFilter
from .stories import PUBLIC_PAGES, published_stories

PER_PAGE = 12


def _filter_units(paths: list[str]):
    """The district-level and grassroots units above the stories' cadres, to filter by."""
    prefixes = {path[: depth * Unit.steplen] for path in paths for depth in (2, 3) if len(path) >= depth * Unit.steplen}
    return Unit.objects.filter(path__in=prefixes).order_by("path").only("pk", "name", "depth", "path")


@page_cache.for_visitors(PUBLIC_PAGES)
def story_list(request):
    filters = StoryFilter(request.GET, queryset=published_stories())
    everything = published_stories()
    paths = list(everything.values_list("person__home_unit__path", flat=True))
    years = sorted({d.year for d in everything.values_list("decision_date", flat=True)}, reverse=True)
    page = Paginator(filters.qs, PER_PAGE).get_page(request.GET.get("page"))
    chosen = filters.form.cleaned_data
    year = chosen.get("year")
    return render(
        request,
        "evaluations/story_list.html",
        {
            "page": page,
            "unit": chosen.get("unit"),
            "year": year,
            "years": years,
            "units": _filter_units(paths),
            "site_url": settings.SITE_URL,
        },
    )


@page_cache.for_visitors(PUBLIC_PAGES)
def story_detail(request, pk):
    story = get_object_or_404(published_stories(), pk=pk)
    others = published_stories().exclude(pk=story.pk)[:3]
    return render(
        request,
        "evaluations/story_detail.html",
        {
            "story": story,
            "others": others,
            "site_url": settings.SITE_URL,
            "share_url": settings.SITE_URL + request.path,
        },
    )
