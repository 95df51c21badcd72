from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from common.errors import error_text
from organizations.policies import user_can
from organizations.scope import has_any_grant
from reports.policies import REPORT_SCOPE

from . import services
from .models import UnitRound
from .policies import UNIT_RATINGS


def _decisions(post, rows) -> list[services.UnitDecision]:
    """The ticked units with the points typed for each (a number the office did not change: the suggestion)."""
    by_pk = {str(row.unit.pk): row for row in rows}
    chosen = []
    for value in post.getlist("unit"):
        row = by_pk.get(value)
        if row is None:
            raise ValidationError(_("A unit chosen is not rated in this campaign."))
        raw = (post.get(f"points_{value}") or "").strip()
        if not raw.isdigit():
            raise ValidationError(_("%(unit)s: give points from 0 to 100.") % {"unit": row.unit.name})
        version = post.get(f"version_{value}") or ""
        chosen.append(services.UnitDecision(row.unit.pk, int(raw), int(version) if version.isdigit() else None))
    return chosen


@login_required
def unit_ratings(request, slug):
    """The units of the campaign with their suggested and decided ratings; the organising office decides here."""
    campaign = get_object_or_404(REPORT_SCOPE.campaigns(request.user).select_related("organizer"), slug=slug)
    round_ = get_object_or_404(UnitRound.objects.select_related("scheme"), campaign=campaign)
    if not has_any_grant(request.user):
        raise PermissionDenied
    may_decide = user_can(request.user, "manage", campaign.organizer)
    rows = services.suggestions(round_)
    if not may_decide:  # a secretary reads the units of their subtree
        rows = [row for row in rows if UNIT_RATINGS.can(request.user, "view", row)]
    error, warnings = "", []
    if request.method == "POST":
        if not may_decide:
            raise PermissionDenied
        try:
            on = datetime.strptime(request.POST.get("decision_date", "").strip(), "%d/%m/%Y").date()
        except ValueError:
            on = None
        try:
            warnings = services.unit_ratings_decide(
                by=request.user,
                round_=round_,
                decisions=_decisions(request.POST, rows),
                number=request.POST.get("decision_number", ""),
                on=on,
            )
        except (ValidationError, PermissionDenied) as refused:
            error = error_text(refused)
        else:
            for warning in warnings:
                messages.warning(request, warning)
            messages.success(request, _("The units' ratings were decided."))
            return redirect("unitratings:unit_ratings", slug=campaign.slug)
    for row in rows:  # what the page offers: after a refused decision, what was ticked and typed
        pk = str(row.unit.pk)
        if request.method == "POST":
            row.ticked = pk in request.POST.getlist("unit")
            row.typed_points = request.POST.get(f"points_{pk}", "")
        else:
            row.ticked = row.rating is None
            row.typed_points = row.rating.points if row.rating else row.points
    context = {
        "campaign": campaign,
        "round": round_,
        "rows": rows,
        "criteria": list(round_.criteria.all()),
        "may_decide": may_decide and round_.is_open() and not campaign.closed_on(),
        "error": error,
        "posted": request.POST if request.method == "POST" else None,
    }
    return render(request, "unitratings/unit_ratings.html", context)
