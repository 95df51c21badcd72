"""Requests to correct personal data: asked by the person, answered by an office over their unit."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.text import nfc
from organizations.models import Person
from organizations.scope import can_reach_unit

from .models import CorrectionRequest

OPEN_AT_ONCE = 5  # a person's unanswered requests at a time: enough for real corrections, not a flood


def correction_ask(*, person: Person, text: str) -> CorrectionRequest:
    text = nfc(text).strip()
    if not text:
        raise ValidationError(_("Say what is wrong and what it should be."))
    if CorrectionRequest.objects.filter(person=person, handled_at__isnull=True).count() >= OPEN_AT_ONCE:
        raise ValidationError(
            _("You have %(n)d requests waiting already: wait for the office's answer.") % {"n": OPEN_AT_ONCE}
        )
    return CorrectionRequest.objects.create(person=person, text=text)


@transaction.atomic
def correction_answer(*, by, request: CorrectionRequest, answer: str) -> CorrectionRequest:
    request = CorrectionRequest.objects.select_for_update().select_related("person__home_unit").get(pk=request.pk)
    if not can_reach_unit(by, "manage", request.person.home_unit):
        raise PermissionDenied(_("This person is outside the units you manage."))
    request.answer = nfc(answer).strip()
    request.handled_at, request.handled_by = timezone.now(), by
    request.save(update_fields=["answer", "handled_at", "handled_by"])
    return request
