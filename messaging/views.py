"""Messages to groups: the list an office or secretary sent (and those of their subtree), writing one with a preview
of who it goes to, and the message itself, which its recipients open from their notification."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from common.errors import error_text
from organizations.scope import has_any_grant

from .forms import CohortMessageForm
from .models import CohortMessage
from .policies import COHORT_MESSAGES
from .services import cohort_people, message_send

PREVIEW_NAMES = 12


def _require_grant(request):
    if not has_any_grant(request.user):
        raise PermissionDenied


@login_required
def message_list(request):
    _require_grant(request)
    sent = COHORT_MESSAGES.visible(request.user, CohortMessage.objects, "review").select_related("unit", "sender")
    page = Paginator(sent, 20).get_page(request.GET.get("page"))
    return render(request, "messaging/message_list.html", {"page": page})


@login_required
def message_compose(request):
    _require_grant(request)
    form = CohortMessageForm(request.POST if request.method == "POST" else None, user=request.user)
    preview = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        choice = {"cohort": data["cohort"], "unit": data["unit"], "campaign": data["campaign"]}
        try:
            if "send" in request.POST:
                message = message_send(by=request.user, title=data["title"], body=data["body"], **choice)
                messages.success(request, _("Sent to %(n)d people.") % {"n": message.count})
                return redirect("messaging:message_detail", pk=message.pk)
            people = cohort_people(by=request.user, **choice)
            preview = {"count": people.count(), "names": [p.full_name for p in people[:PREVIEW_NAMES]]}
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, error_text(error))
    return render(
        request,
        "messaging/message_compose.html",
        {"form": form, "preview": preview},
        status=400 if form.errors else 200,
    )


@login_required
def message_detail(request, pk):
    """For the offices and secretaries over its unit, and for whom it was sent to."""
    visible = COHORT_MESSAGES.visible(request.user, CohortMessage.objects, "review")
    message = get_object_or_404(
        CohortMessage.objects.filter(Q(pk__in=visible.values("pk")) | Q(recipients__user=request.user))
        .select_related("unit", "sender", "campaign")
        .distinct(),
        pk=pk,
    )
    sees_recipients = visible.filter(pk=message.pk).exists()
    recipients = message.recipients.order_by("sort_key", "pk")[:500] if sees_recipients else None
    return render(request, "messaging/message_detail.html", {"message": message, "recipients": recipients})
