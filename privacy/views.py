"""'Dữ liệu của tôi': a signed-in person sees what the portal holds about them and who opened it, downloads it all
(JSON, Excel) and asks their unit's office for a correction."""

import io
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from organizations import access
from organizations.scope import person_of

from . import subject, workbook
from .forms import CorrectionForm
from .models import CorrectionRequest
from .services import correction_ask


def _me(request):
    person = person_of(request.user)
    if person is None:
        raise Http404(_("This account is not linked to a member's record."))
    return person


@never_cache
@login_required
def my_data(request):
    person = person_of(request.user)
    if person is None:  # an account of an office or an administrator, linked to no member's record
        return render(request, "privacy/my_data.html", {"person": None})
    form = CorrectionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            correction_ask(person=person, text=form.cleaned_data["text"])
        except ValidationError as error:
            form.add_error("text", error)
        else:
            messages.success(request, _("Your request was sent to your unit's office."))
            return redirect("privacy:my_data")
    return render(
        request,
        "privacy/my_data.html",
        {
            "person": person,
            "form": form,
            "accesses": access.of_person(person)[:50],
            "requests": CorrectionRequest.objects.filter(person=person).order_by("-asked_at")[:10],
        },
        status=400 if form.errors else 200,
    )


def _download(request, content: bytes, content_type: str, extension: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    name = f"du-lieu-cua-toi-{timezone.localdate():%Y%m%d}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@never_cache
@login_required
def my_data_json(request):
    sections = subject.everything_about(_me(request))
    content = json.dumps(sections, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1).encode()
    return _download(request, content, "application/json; charset=utf-8", "json")


@never_cache
@login_required
def my_data_xlsx(request):
    target = io.BytesIO()
    workbook.write(subject.everything_about(_me(request)), target)
    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return _download(request, target.getvalue(), content_type, "xlsx")
