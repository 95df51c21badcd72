import json

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.errors import error_text

from . import push
from .channels import phone_backend
from .forms import PreferenceForm
from .models import Notification, Preference

PER_PAGE = 30


def _recount(user) -> None:
    unread = user.notifications.filter(read_at__isnull=True).count()
    if unread != user.unread_notifications:
        get_user_model().objects.filter(pk=user.pk).update(unread_notifications=unread)
        user.unread_notifications = unread


@login_required
def notification_list(request):
    page = Paginator(request.user.notifications.all(), PER_PAGE).get_page(request.GET.get("page"))
    _recount(request.user)
    return render(request, "notices/notification_list.html", {"page": page})


@login_required
def notification_open(request, pk):
    """Mark one notification read and go where it points (only inside the site)."""
    notification = get_object_or_404(Notification, pk=pk, user=request.user)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
        _recount(request.user)
    target = notification.url
    if not target or not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect("notices:notification_list")
    return redirect(target)


@login_required
@require_POST
def notification_read_all(request):
    request.user.notifications.filter(read_at__isnull=True).update(read_at=timezone.now())
    _recount(request.user)
    return redirect("notices:notification_list")


@login_required
def preferences(request):
    preference = Preference.objects.filter(user=request.user).first() or Preference(user=request.user)
    data = request.POST if request.method == "POST" else None  # an empty POST (both boxes unticked) is a choice
    form = PreferenceForm(data, instance=preference, phone_available=phone_backend() is not None)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your notification settings were saved."))
        return redirect("notices:preferences")
    return render(
        request,
        "notices/preferences.html",
        {
            "form": form,
            "push_key": push.public_key() if push.enabled() else "",
            "phones": request.user.push_subscriptions.count(),
        },
    )


@login_required
@require_POST
def push_subscribe(request):
    """This phone's Web Push subscription (sent by static/js/push.js): kept for the signed-in person."""
    try:
        data = json.loads(request.body or b"{}")
        push.subscribe(user=request.user, data=data)
    except (ValueError, ValidationError) as error:
        message = error_text(error) if isinstance(error, ValidationError) else _("The request cannot be read.")
        return JsonResponse({"detail": message}, status=400)
    return JsonResponse({"detail": _("Notifications will arrive on this phone.")}, status=201)


@login_required
@require_POST
def push_unsubscribe(request):
    try:
        endpoint = str(json.loads(request.body or b"{}").get("endpoint", ""))
    except (ValueError, AttributeError):
        return JsonResponse({"detail": _("The request cannot be read.")}, status=400)
    push.unsubscribe(user=request.user, endpoint=endpoint)
    return JsonResponse({"detail": _("Notifications will no longer arrive on this phone.")})
