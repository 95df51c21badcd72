"""The public "Hoạt động" page beside Gương sáng: published activities (no login), one activity, and a short list to
embed in a unit's website or fan page (an iframe; the only page of the portal that may be framed)."""

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.views.decorators.clickjacking import xframe_options_exempt

from common import page_cache
from organizations.models import Unit

from .publishing import PUBLIC_PAGES, published_activities

PER_PAGE = 12
EMBEDDED = 5


def _of_unit(request):
    unit_pk = request.GET.get("don-vi", "")
    unit = Unit.objects.filter(pk=unit_pk).first() if unit_pk.isdigit() else None
    found = published_activities().prefetch_related("photos")
    if unit is not None:
        found = found.filter(unit__path__startswith=unit.path)
    return unit, found


@page_cache.for_visitors(PUBLIC_PAGES)
def public_activities(request):
    unit, found = _of_unit(request)
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "campaigns/public_activities.html",
        {"page": page, "unit": unit, "site_url": settings.SITE_URL},
    )


@page_cache.for_visitors(PUBLIC_PAGES)
def public_activity(request, pk):
    activity = get_object_or_404(published_activities().prefetch_related("photos"), pk=pk)
    photos = [photo for photo in activity.photos.all() if photo.consent_given and photo.public_image]
    return render(
        request,
        "campaigns/public_activity.html",
        {"activity": activity, "photos": photos, "site_url": settings.SITE_URL},
    )


@xframe_options_exempt
@page_cache.for_visitors(PUBLIC_PAGES)
def embedded_activities(request):
    unit, found = _of_unit(request)
    response = render(
        request,
        "campaigns/embedded_activities.html",
        {"activities": found[:EMBEDDED], "unit": unit, "site_url": settings.SITE_URL},
    )
    # Framed by the unit's own site: the portal's policy forbids framing everywhere else.
    response.headers["Content-Security-Policy"] = settings.CONTENT_SECURITY_POLICY.replace(
        "frame-ancestors 'none'", "frame-ancestors *"
    )
    return response
