"""What meetings add to other pages (common.panels): the invitations a person has not answered on the home page's
"Việc cần làm", and the campaign page's link to its meetings for those who review units."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from common import todo
from organizations.scope import has_any_grant, person_of

from .models import Invitation, Reply


def invitation_todo(request, context: dict) -> dict:
    person = person_of(request.user)
    if person is None:
        return {}
    waiting = (
        Invitation.objects.filter(
            person=person, reply=Reply.NONE, meeting__day__gte=timezone.localdate(), meeting__activity__isnull=True
        )
        .select_related("meeting")
        .order_by("meeting__day")[:5]
    )
    items = [
        todo.Todo(
            _("Reply to the invitation: %(title)s") % {"title": meeting.title},
            reverse("meetings:meeting_detail", args=[meeting.pk]),
            deadline=meeting.day,
            detail=f"{meeting.starts_at:%H:%M} {meeting.day:%d/%m/%Y} · {meeting.place}",
        )
        for meeting in (invitation.meeting for invitation in waiting)
    ]
    return todo.add(context, items)


def meetings_link(request, context: dict) -> dict:
    return {"meetings_link": has_any_grant(request.user)}
