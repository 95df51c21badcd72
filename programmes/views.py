"""The movements and drives a user's units take part in, and one programme's page: its criteria template, the
campaigns under it with their roll-up (for those who review units), and, for an office with a campaign of its
own under the owner, starting that campaign from the template."""

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from common.errors import error_text
from organizations.scope import has_any_grant, is_manager

from .forms import AdoptForm
from .models import Programme
from .policies import PROGRAMMES
from .rollup import rollup
from .services import programme_adopt


@login_required
def programme_list(request):
    programmes = PROGRAMMES.visible(request.user, Programme.objects).select_related("owner")
    return render(request, "programmes/programme_list.html", {"programmes": programmes})


@login_required
def programme_detail(request, slug):
    programme = get_object_or_404(
        PROGRAMMES.visible(request.user, Programme.objects).select_related("owner", "document"), slug=slug
    )
    form = None
    if is_manager(request.user):
        form = AdoptForm(request.POST if request.method == "POST" else None, user=request.user, programme=programme)
        if request.method == "POST" and form.is_valid():
            campaign = form.cleaned_data["campaign"]
            try:
                adoption = programme_adopt(
                    by=request.user,
                    programme=programme,
                    campaign=campaign,
                    copy_criteria=form.cleaned_data["copy_criteria"],
                )
            except (ValidationError, PermissionDenied) as error:
                form.add_error(None, error_text(error))
            else:
                copied = adoption.campaign.criteria.count()
                messages.success(
                    request,
                    _("“%(campaign)s” now starts from this movement's criteria (%(n)d criteria in the campaign).")
                    % {"campaign": campaign.title, "n": copied},
                )
                return redirect("programmes:programme_detail", slug=programme.slug)
    elif request.method == "POST":
        raise PermissionDenied
    criteria = list(programme.criteria.all())
    groups = [(name, list(items)) for name, items in groupby(criteria, key=lambda item: item.grouping)]
    context = {
        "programme": programme,
        "groups": groups,
        "criteria_count": len(criteria),
        "rollup": rollup(programme, request.user, criteria) if has_any_grant(request.user) else None,
        # Shown to an office with a campaign to start from it (and with its errors, after a refused start).
        "form": form if form is not None and (form.errors or form.fields["campaign"].queryset.exists()) else None,
    }
    return render(request, "programmes/programme_detail.html", context, status=400 if form and form.errors else 200)
