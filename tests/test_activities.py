"""Activities of a unit in a campaign: branch meetings with the roster, launch conferences that are the unit's
deployment, signing ceremonies that are the branch's commitment; refusals change nothing; pages scoped and flat."""

import io
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from campaigns import services
from campaigns.activities import ActivityData, activity_record
from campaigns.models import Activity, ActivityKind, BranchCommitment, Deployment
from reports.closing import campaign_close
from reports.coverage import coverage

from .conftest import make_cadre, make_person


def meeting(**fields):
    values = dict(kind=ActivityKind.BRANCH_MEETING, held_on=timezone.localdate(), title="Sinh hoạt chủ điểm")
    return ActivityData(**(values | fields))


def state():
    return (
        list(Activity.objects.values_list("pk", "kind", "attendance").order_by("pk")),
        Deployment.objects.count(),
        BranchCommitment.objects.count(),
    )


def test_a_branch_meeting_records_who_attended_from_the_roster(world, campaign):
    extra = make_person(world.B1, "Phan Thị Hoa")
    present = [world.cadre_person.pk, extra.pk]
    activity = activity_record(
        by=world.branch_secretary,
        campaign=campaign,
        unit=world.B1,
        data=meeting(chair="Võ Minh Em", place="Nhà văn hóa ấp 1", attendee_ids=present, minutes="Phê bình"),
    )
    assert activity.attendance == 2 and set(activity.attendees.values_list("pk", flat=True)) == set(present)
    assert activity.history.first().history_user == world.branch_secretary
    totals, _rows = coverage(campaign, campaign.organizer)
    assert totals.activities[ActivityKind.BRANCH_MEETING] == 1 and totals.grassroots_deployed == 0


def test_an_activity_outside_the_rules_is_refused_and_changes_nothing(world, campaign):
    stranger = make_cadre(world.B2, "Lý Văn Tư")
    members = world.B1.members.count()
    before = state()
    cases = [
        (dict(by=world.office2), {}, PermissionDenied, "không thuộc phạm vi"),
        (dict(), dict(attendee_ids=[stranger.pk]), ValidationError, "không phải đoàn viên"),
        (dict(), dict(attendance=members + 1), ValidationError, "nhiều hơn"),
        (
            dict(),
            dict(attendance=1, attendee_ids=[world.cadre_person.pk, world.branch_secretary.person.pk]),
            ValidationError,
            "không được ít hơn",
        ),
        (dict(), dict(held_on=timezone.localdate() + timedelta(days=1)), ValidationError, "tương lai"),
        (dict(unit=world.G1), dict(kind=ActivityKind.SIGNING, attendance=1), ValidationError, "chi đoàn"),
        (dict(), dict(kind="party"), ValidationError, "loại hoạt động"),
    ]
    for call, data, error, words in cases:
        arguments = dict(
            by=world.secretary1, campaign=campaign, unit=world.B1, data=meeting(**({"attendance": 2} | data))
        )
        with pytest.raises(error) as refused:
            activity_record(**(arguments | call))
        assert words in " ".join(getattr(refused.value, "messages", [str(refused.value)])).lower(), (call, data)
    campaign_close(by=world.office1, campaign=campaign, closed_on=timezone.localdate(), narrative="Tổng kết")
    with pytest.raises(ValidationError, match="đã tổng kết"):
        activity_record(by=world.secretary1, campaign=campaign, unit=world.B1, data=meeting(attendance=1))
    assert state() == before


def test_a_launch_is_the_deployment_and_a_signing_the_commitment_one_fact_each(world, campaign):
    launch = activity_record(
        by=world.secretary1,
        campaign=campaign,
        unit=world.G1,
        data=ActivityData(kind=ActivityKind.LAUNCH, held_on=timezone.localdate(), attendance=3, place="Hội trường xã"),
    )
    assert launch.deployment == Deployment.objects.get(campaign=campaign, unit=world.G1)
    # Reported again through the quick deployment form: the same fact, the same activity.
    services.deployment_report(
        by=world.secretary1, campaign=campaign, unit=world.G1, deployed_on=timezone.localdate(), attendance=4
    )
    assert Activity.objects.filter(unit=world.G1, kind=ActivityKind.LAUNCH).get().attendance == 4
    signing = activity_record(
        by=world.secretary1,
        campaign=campaign,
        unit=world.B1,
        data=ActivityData(
            kind=ActivityKind.SIGNING,
            held_on=timezone.localdate(),
            attendee_ids=[world.cadre_person.pk],
            minutes="Cam kết 100% đoàn viên đăng ký",
        ),
    )
    assert signing.commitment.signers == 1 and signing.commitment.text == "Cam kết 100% đoàn viên đăng ký"
    totals, _rows = coverage(campaign, campaign.organizer)
    assert (totals.grassroots_deployed, totals.branches_signed) == (1, 1)
    assert (totals.activities[ActivityKind.LAUNCH], totals.activities[ActivityKind.SIGNING]) == (1, 1)


def jpeg() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (300, 200), (20, 90, 200)).save(buffer, "JPEG")
    return SimpleUploadedFile("hop.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_the_pages_record_list_and_show_an_activity_in_scope(
    world, campaign, client_for, django_assert_max_num_queries
):
    secretary = client_for(world.branch_secretary)
    url = reverse("campaigns:activity_record", args=[campaign.slug, world.B1.pk])
    form = secretary.get(url).content.decode()
    assert "Nguyễn Văn An" in form  # the branch's roster, to tick
    empty = secretary.post(url, {"kind": "meeting", "held_on": timezone.localdate().strftime("%d/%m/%Y")})
    assert "Nhập số người tham dự" in empty.content.decode() and not Activity.objects.exists()
    sent = secretary.post(
        url,
        {
            "kind": "meeting",
            "held_on": timezone.localdate().strftime("%d/%m/%Y"),
            "title": "Sinh hoạt chủ điểm tháng 9",
            "attendees": [world.cadre_person.pk],
            "photo": jpeg(),
        },
    )
    activity = Activity.objects.get()
    assert sent.status_code == 302 and activity.attendance == 1 and activity.photos.count() == 1
    detail = secretary.get(reverse("campaigns:activity_detail", args=[campaign.slug, activity.pk])).content.decode()
    assert "Sinh hoạt chủ điểm tháng 9" in detail and "Nguyễn Văn An" in detail
    photo = activity.photos.get().image
    assert secretary.get(photo.url).status_code == 200
    assert client_for(world.office2).get(photo.url).status_code == 404
    for n in range(12):
        activity_record(
            by=world.secretary1, campaign=campaign, unit=world.B2, data=meeting(attendance=1, title=f"Buổi {n}")
        )
    office = client_for(world.office1)
    with django_assert_max_num_queries(12):
        listing = office.get(reverse("campaigns:activity_list", args=[campaign.slug]))
    assert 'data-kind="meeting">Sinh hoạt chi đoàn, chủ điểm <span class="badge text-bg-light">13<' in (
        listing.content.decode()
    )
    jump = office.get(reverse("campaigns:activity_list", args=[campaign.slug]), {"ghi_nhan": world.G1.pk})
    assert jump["Location"] == reverse("campaigns:activity_record", args=[campaign.slug, world.G1.pk])
    assert office.get(reverse("campaigns:activity_list", args=[campaign.slug]), {"ghi_nhan": "x"}).status_code == 404
