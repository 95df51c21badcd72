"""Meetings with invitations: a unit invites its members, they reply on the phone (an absence with its reason),
the roster taken at the meeting starts from the replies and records the campaign's activity, and the invitees
hear of it the day before."""

from datetime import time, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Activity
from meetings.models import Invitation, Meeting, Reply
from meetings.services import MeetingData, invitation_reply, meeting_call, meeting_roster
from notices.models import Notification
from notices.reminders import send_reminders


def details(**more):
    return {
        "kind": "meeting",
        "title": "Sinh hoạt chủ điểm: phê bình và tự phê bình",
        "day": (timezone.localdate() + timedelta(days=1)).strftime("%d/%m/%Y"),
        "starts_at": "19:30",
        "place": "Nhà văn hóa ấp 1",
        "agenda": "1. Kiểm điểm việc thực hiện cam kết\n2. Góp ý cán bộ",
        "cohort": "members",
        **more,
    }


def called(world, campaign, day=None) -> Meeting:
    data = MeetingData(
        kind="meeting", title="Sinh hoạt chi đoàn", day=day or timezone.localdate(), starts_at=time(19), place="Ấp 1"
    )
    return meeting_call(by=world.branch_secretary, campaign=campaign, unit=world.B1, data=data)


def test_a_branch_invites_its_members_who_reply_and_are_on_the_roster(world, campaign, client_for):
    secretary = client_for(world.branch_secretary)
    sent = secretary.post(reverse("meetings:meeting_new", args=[campaign.slug]), {**details(), "unit": world.B1.pk})
    meeting = Meeting.objects.get()
    assert sent["Location"] == reverse("meetings:meeting_detail", args=[meeting.pk])
    invited = set(meeting.invitations.values_list("person__full_name", flat=True))
    assert invited == {"Nguyễn Văn An", "Võ Minh Em"}
    notice = Notification.objects.get(user=world.cadre, event="meeting.invitation")
    assert "19:30" in notice.title and notice.url == sent["Location"]
    # The cadre finds it on the home page, replies "absent" without a reason (refused), then "will attend".
    cadre = client_for(world.cadre)
    assert sent["Location"] in cadre.get(reverse("organizations:home")).content.decode()
    refused = cadre.post(sent["Location"], {"attending": "0", "reason": ""})
    assert refused.status_code == 400 and "lý do" in refused.content.decode()
    assert Invitation.objects.get(person=world.cadre_person).reply == Reply.NONE
    assert cadre.post(sent["Location"], {"attending": "1"}).status_code == 302
    deputy = client_for(world.branch_secretary)
    deputy.post(sent["Location"], {"attending": "0", "reason": "Đi công tác huyện"})
    page = client_for(world.office1).get(reverse("meetings:meeting_list", args=[campaign.slug])).content.decode()
    assert "2/2 đã trả lời, 1 sẽ tham dự" in page
    # On the day, the roster starts from the replies: the cadre ticked, the deputy not.
    Meeting.objects.filter(pk=meeting.pk).update(day=timezone.localdate())
    roster_url = reverse("meetings:meeting_roster", args=[meeting.pk])
    form = secretary.get(roster_url).context["form"]
    assert form.initial["present"] == [str(world.cadre_person.pk)]
    assert secretary.post(roster_url, {"present": [], "chair": "Võ Minh Em"}).status_code == 400  # ticked no one
    saved = secretary.post(roster_url, {"present": [str(world.cadre_person.pk)], "minutes": "Đã góp ý 2 cán bộ."})
    assert saved.status_code == 302
    activity = Activity.objects.get()
    assert list(activity.attendees.all()) == [world.cadre_person] and activity.attendance == 1
    assert activity.kind == "meeting" and activity.minutes == "Đã góp ý 2 cán bộ."
    assert "1 có mặt" in client_for(world.office1).get(sent["Location"]).content.decode()
    # Replies are closed once the roster is taken.
    late = client_for(world.cadre).post(sent["Location"], {"attending": "0", "reason": "Ốm"})
    assert late.status_code == 400 and Invitation.objects.get(person=world.cadre_person).reply == Reply.ATTENDING


def test_refused_calls_replies_and_rosters_change_nothing(world, campaign, client_for):
    url = reverse("meetings:meeting_new", args=[campaign.slug])
    yesterday = (timezone.localdate() - timedelta(days=1)).strftime("%d/%m/%Y")
    secretary = client_for(world.branch_secretary)
    assert secretary.post(url, {**details(day=yesterday), "unit": world.B1.pk}).status_code == 400
    assert secretary.post(url, {**details(), "unit": world.B2.pk}).status_code == 400  # not a unit it reviews
    assert client_for(world.cadre).post(url, {**details(), "unit": world.B1.pk}).status_code == 403
    assert not Meeting.objects.exists()
    meeting = called(world, campaign)
    mine = Invitation.objects.get(person=world.cadre_person)
    # Someone else's invitation: the other district's office cannot open it, nor reply for the cadre.
    assert client_for(world.office2).get(reverse("meetings:meeting_detail", args=[meeting.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        invitation_reply(by=world.secretary1, invitation=mine, attending=True)
    with pytest.raises(ValidationError):
        meeting_roster(by=world.branch_secretary, meeting=meeting, present_ids=[world.b2_person.pk])
    with pytest.raises(PermissionDenied):
        meeting_roster(by=world.office2, meeting=meeting, present_ids=[world.cadre_person.pk])
    assert not Activity.objects.exists() and Invitation.objects.get(pk=mine.pk).reply == Reply.NONE


def test_invitees_are_reminded_the_day_before_unless_they_said_they_are_absent(world, campaign):
    meeting = called(world, campaign, day=timezone.localdate() + timedelta(days=1))
    invitation_reply(
        by=world.branch_secretary,
        invitation=meeting.invitations.get(person__user=world.branch_secretary),
        attending=False,
        reason="Đi công tác",
    )
    today = timezone.localdate()
    assert send_reminders(today)["meeting"] == 1
    assert send_reminders(today)["meeting"] == 0  # once
    reminder = Notification.objects.get(event="reminder.meeting")
    assert reminder.user == world.cadre and reminder.title.startswith("Ngày mai")
    assert send_reminders(today - timedelta(days=1))["meeting"] == 0  # two days before: not yet


@pytest.mark.parametrize("size", [3, 15])
def test_meeting_pages_do_not_grow_with_invitees(world, campaign, client_for, django_assert_max_num_queries, size):
    from .conftest import make_person

    for n in range(size):
        make_person(world.B1, f"Đoàn viên {n}")
    meeting = called(world, campaign)
    for invitation in meeting.invitations.all()[: size // 2]:
        Invitation.objects.filter(pk=invitation.pk).update(reply=Reply.ATTENDING)
    client = client_for(world.branch_secretary)
    for url in (
        reverse("meetings:meeting_list", args=[campaign.slug]),
        reverse("meetings:meeting_detail", args=[meeting.pk]),
        reverse("meetings:meeting_roster", args=[meeting.pk]),
    ):
        with django_assert_max_num_queries(9):
            assert client.get(url).status_code == 200
