from django.urls import reverse
from django.utils.translation import gettext as _

from common import todo
from organizations.scope import is_manager

from .models import CorrectionRequest
from .policies import CORRECTION_REQUESTS


def correction_todo(request, context):
    """For an office: the requests to correct personal data of its people that wait for an answer."""
    if not is_manager(request.user):
        return {}
    waiting = CORRECTION_REQUESTS.visible(request.user, CorrectionRequest.objects, "manage")
    count = waiting.filter(handled_at__isnull=True).count()
    if not count:
        return {}
    url = reverse("admin:privacy_correctionrequest_changelist") + "?handled_at__isnull=True"
    return todo.add(context, [todo.Todo(_("Answer requests to correct personal data"), url, count=count)])
