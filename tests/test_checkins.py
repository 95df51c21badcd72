"""Check-ins (sơ kết): the office's windows, the cadre's report on each committed action, who has not reported,
the figures, and the year-end self-assessment started from them. Refusals say why and change nothing."""

import io
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from checkins import selectors, services
from checkins.models import ActionUpdate, CheckIn, CheckInWindow
from registrations import services as registration_services

from .conftest import filled, make_cadre, make_user


@pytest.fixture
def window(world, campaign):
    today = timezone.localdate()
    return services.window_open(
        by=world.office1,
        campaign=campaign,
        title="Sơ kết quý",
        opens_on=today - timedelta(days=2),
        closes_on=today + timedelta(days=5),
    )


def updates_for(registration, status="doing", note="Đã tổ chức 2 buổi sinh hoạt chủ điểm"):
    return [services.Update(choice.pk, status, note) for choice in registration.choices.all()]


def jpeg(size=(320, 240)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, "JPEG")
    return SimpleUploadedFile("anh.jpg", buffer.getvalue(), content_type="image/jpeg")


def state():
    return (
        list(CheckIn.objects.values_list("pk", "version").order_by("pk")),
        list(ActionUpdate.objects.values_list("pk", "status", "note").order_by("pk")),
        list(CheckInWindow.objects.values_list("pk", "title", "opens_on", "closes_on").order_by("pk")),
    )


# --- The office opens windows ------------------------------------------------------------------


def test_the_office_opens_a_window_inside_the_campaign_and_never_two_at_once(world, campaign, window):
    assert window.history.first().history_user == world.office1
    today = timezone.localdate()
    before = state()
    refusals = [
        (world.secretary1, today + timedelta(days=30), today + timedelta(days=40), PermissionDenied, "văn phòng"),
        (world.office2, today + timedelta(days=30), today + timedelta(days=40), PermissionDenied, "văn phòng"),
        (world.office1, today + timedelta(days=3), today + timedelta(days=20), ValidationError, "trùng"),
        (world.office1, today + timedelta(days=40), today + timedelta(days=30), ValidationError, "trước ngày mở"),
        (world.office1, campaign.ends_on, campaign.ends_on + timedelta(days=5), ValidationError, "trong thời gian"),
    ]
    for user, opens_on, closes_on, error, words in refusals:
        with pytest.raises(error) as refused:
            services.window_open(
                by=user, campaign=campaign, title="Sơ kết 6 tháng", opens_on=opens_on, closes_on=closes_on
            )
        assert words in " ".join(getattr(refused.value, "messages", [str(refused.value)])).lower()
    assert state() == before
    later = services.window_open(
        by=world.office1,
        campaign=campaign,
        title="  Sơ kết 6 tháng ",
        opens_on=today + timedelta(days=30),
        closes_on=today + timedelta(days=40),
    )
    assert later.title == "Sơ kết 6 tháng"
    assert selectors.open_window(campaign) == window
    assert selectors.open_window(campaign, today + timedelta(days=35)) == later


def test_the_admin_form_opens_a_window_and_refuses_an_overlap_in_vietnamese(world, campaign, window, client_for):
    client = client_for(world.office1)
    today = timezone.localdate()
    add = reverse("admin:checkins_checkinwindow_add")
    data = {
        "campaign": campaign.pk,
        "title": "Sơ kết 6 tháng",
        "opens_on": f"{today + timedelta(days=1):%d/%m/%Y}",
        "closes_on": f"{today + timedelta(days=9):%d/%m/%Y}",
    }
    refused = client.post(add, data)
    assert refused.status_code == 200 and "trùng" in refused.content.decode()
    assert CheckInWindow.objects.count() == 1
    backwards = client.post(
        add, data | {"opens_on": data["closes_on"], "closes_on": f"{today + timedelta(days=2):%d/%m/%Y}"}
    ).content.decode()
    assert backwards.count("Ngày đóng đợt sơ kết không được trước ngày mở.") == 1 and "Constraint" not in backwards
    assert CheckInWindow.objects.count() == 1
    data |= {
        "opens_on": f"{today + timedelta(days=10):%d/%m/%Y}",
        "closes_on": f"{today + timedelta(days=20):%d/%m/%Y}",
    }
    assert client.post(add, data).status_code == 302
    opened = CheckInWindow.objects.get(title="Sơ kết 6 tháng")
    assert opened.history.first().history_user == world.office1


# --- The cadre reports ------------------------------------------------------------------------


def test_the_cadre_reports_on_each_action_then_changes_it_with_the_version_seen(world, approved, window):
    checkin = services.checkin_report(
        by=world.cadre, registration=approved, window=window, updates=updates_for(approved), expected_version=None
    )
    assert checkin.version == 1 and checkin.updates.count() == 2
    assert set(checkin.updates.values_list("status", flat=True)) == {"doing"}
    changed = services.checkin_report(
        by=world.cadre,
        registration=approved,
        window=window,
        updates=updates_for(approved, "done", "Hoàn thành"),
        expected_version=1,
    )
    assert changed.pk == checkin.pk and changed.version == 2
    assert set(changed.updates.values_list("status", "note")) == {("done", "Hoàn thành")}
    assert [h.history_change_reason for h in changed.history.order_by("history_date")] == [
        "Đã gửi sơ kết",
        "Đã cập nhật sơ kết",
    ]
    before = state()
    with pytest.raises(ValidationError, match="Tải lại trang"):  # a second tab still holding version 1
        services.checkin_report(
            by=world.cadre, registration=approved, window=window, updates=updates_for(approved), expected_version=1
        )
    with pytest.raises(ValidationError, match="Tải lại trang"):  # a page read before the first report
        services.checkin_report(
            by=world.cadre, registration=approved, window=window, updates=updates_for(approved), expected_version=None
        )
    assert state() == before


def test_a_report_outside_the_rules_is_refused_and_changes_nothing(world, campaign, approved, window):
    today = timezone.localdate()
    other_sheet = registration_services.registration_submit(
        by=world.secretary1, registration=filled(world, campaign, world.secretary1), expected_version=None
    )
    stranger = make_user("stranger", person=make_cadre(world.B2, "Phạm Văn Giàu"))
    one_missing = updates_for(approved)[:1]
    foreign = [services.Update(other_sheet.choices.first().pk, "done"), *updates_for(approved)[1:]]
    bad_status = [services.Update(u.choice_id, "maybe") for u in updates_for(approved)]
    before = state()
    cases = [
        (dict(by=stranger), PermissionDenied, "chính cán bộ"),
        (dict(by=world.secretary1), PermissionDenied, "chính cán bộ"),
        (dict(updates=one_missing), ValidationError, "từng phần việc"),
        (dict(updates=foreign), ValidationError, "không phải"),
        (dict(updates=bad_status), ValidationError, "chưa làm"),
        (dict(today=window.opens_on - timedelta(days=1)), ValidationError, "mở từ ngày"),
        (dict(today=window.closes_on + timedelta(days=1)), ValidationError, "đã đóng"),
        (dict(registration=other_sheet, by=world.secretary1), ValidationError, "được duyệt"),
    ]
    for overrides, error, words in cases:
        arguments = dict(
            by=world.cadre, registration=approved, window=window, updates=updates_for(approved), expected_version=None
        )
        arguments |= overrides
        if "registration" in overrides and "updates" not in overrides:
            arguments["updates"] = updates_for(overrides["registration"])
        with pytest.raises(error) as refused:
            services.checkin_report(**arguments)
        assert words in " ".join(getattr(refused.value, "messages", [str(refused.value)])).lower(), overrides
    elsewhere = CheckInWindow.objects.create(
        campaign=type(campaign).objects.create(
            slug="khac",
            title="Khác",
            plan=campaign.plan,
            organizer=world.D1,
            starts_on=today,
            ends_on=today,
            registration_opens=today,
            registration_closes=today,
        ),
        title="Sơ kết",
        opens_on=today,
        closes_on=today,
    )
    with pytest.raises(ValidationError, match="chiến dịch khác"):
        services.checkin_report(
            by=world.cadre,
            registration=approved,
            window=elsewhere,
            updates=updates_for(approved),
            expected_version=None,
        )
    assert state()[:2] == before[:2]


# --- The pages ---------------------------------------------------------------------------------


def form_data(registration, status="doing", note="Đã làm được một phần"):
    data = {}
    for choice in registration.choices.all():
        data[f"status_{choice.pk}"] = status
        data[f"note_{choice.pk}"] = note
    return data


def test_the_cadre_sends_the_form_with_a_photo_and_a_bad_file_is_refused(world, approved, window, client_for):
    client = client_for(world.cadre)
    url = reverse("checkins:checkin_report", args=[approved.campaign.slug, window.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Đã xong" in page.content.decode()
    first = approved.choices.first()
    fake = SimpleUploadedFile("anh.jpg", b"<html>not a photo</html>", content_type="image/jpeg")
    refused = client.post(url, {**form_data(approved), f"photo_{first.pk}": fake})
    assert refused.status_code == 200 and "ảnh" in refused.content.decode().lower()
    assert not CheckIn.objects.exists()
    missing = form_data(approved)
    del missing[f"status_{first.pk}"]
    assert "Chọn mức độ thực hiện" in client.post(url, missing).content.decode()
    assert not CheckIn.objects.exists()
    sent = client.post(url, {**form_data(approved), f"photo_{first.pk}": jpeg((1200, 900))})
    assert sent.status_code == 302 and sent["Location"].endswith(
        reverse("checkins:window_list", args=[approved.campaign.slug])
    )
    update = ActionUpdate.objects.get(choice=first)
    assert update.photo.name.startswith("checkins/") and update.status == "doing"
    # The photo is the cadre's and their reviewers', nobody else's.
    photo = reverse("common:private_file", args=[update.photo.name])
    assert client.get(photo).status_code == 200
    assert client_for(world.secretary1).get(photo).status_code == 200
    assert client_for(world.office2).get(photo).status_code == 404
    # Sent again without a new photo: the photo stays.
    again = client_for(world.cadre).post(url, {**form_data(approved, "done"), "version": 1})
    assert again.status_code == 302
    update.refresh_from_db()
    assert update.status == "done" and update.photo.name.startswith("checkins/")
    # The form shows the small copy (the photo's full size only behind its link), under the same rule.
    from PIL import Image

    thumbnail = reverse("common:private_file", args=[update.thumbnail.name])
    form = client_for(world.cadre).get(url).content.decode()
    assert f'src="{update.thumbnail.url}"' in form and f'href="{update.photo.url}"' in form
    small = client_for(world.secretary1).get(thumbnail)
    assert small.status_code == 200 and client_for(world.office2).get(thumbnail).status_code == 404
    with Image.open(update.thumbnail.path) as picture:
        assert max(picture.size) <= 320
    assert update.thumbnail.size < update.photo.size


def test_the_secretary_sees_who_has_not_reported_and_the_cadre_may_not(world, campaign, approved, window, client_for):
    b2_user = make_user("b2", person=world.b2_person)
    other = registration_services.registration_submit(
        by=b2_user, registration=filled(world, campaign, b2_user), expected_version=None
    )
    registration_services.registration_confirm(by=world.secretary1, registration=other)
    registration_services.registration_approve(by=world.office1, registration=other)
    services.checkin_report(
        by=world.cadre, registration=approved, window=window, updates=updates_for(approved), expected_version=None
    )
    url = reverse("checkins:not_reported", args=[campaign.slug, window.pk])
    body = client_for(world.secretary1).get(url).content.decode()
    assert "Đặng Thị Bích" in body and "Nguyễn Văn An" not in body
    assert "Chi đoàn ấp 2 – Đoàn xã An Bình" in body  # a branch's name recurs across communes: said with its own
    assert "1/2 cán bộ" in body.replace(" trên ", "/") or "1 trên 2" in body
    assert client_for(world.cadre).get(url).status_code == 403
    assert client_for(world.office2).get(url).status_code == 404
    listing = client_for(world.secretary1).get(reverse("checkins:window_list", args=[campaign.slug])).content.decode()
    assert "Chưa cập nhật" in listing or "Ai chưa cập nhật" in listing
    progress = selectors.window_progress(window, world.secretary1)
    assert (progress.reported, progress.expected, progress.percent, progress.actions["doing"]) == (1, 2, 50, 2)


def test_the_check_in_pages_do_not_grow_with_the_number_of_cadres(
    world, campaign, approved, window, client_for, django_assert_max_num_queries
):
    services.checkin_report(
        by=world.cadre, registration=approved, window=window, updates=updates_for(approved), expected_version=None
    )
    for n in range(15):  # more approved cadres without a report
        person = make_cadre(world.B2, f"Đoàn viên {n}", number=f"TN1{n:03d}")
        user = make_user(f"dv{n}", person=person)
        sheet = registration_services.registration_submit(
            by=user, registration=filled(world, campaign, user), expected_version=None
        )
        registration_services.registration_confirm(by=world.secretary1, registration=sheet)
        registration_services.registration_approve(by=world.office1, registration=sheet)
    secretary = client_for(world.secretary1)
    for url in (
        reverse("checkins:not_reported", args=[campaign.slug, window.pk]),
        reverse("checkins:window_list", args=[campaign.slug]),
    ):
        with django_assert_max_num_queries(14):
            assert secretary.get(url).status_code == 200
    cadre = client_for(world.cadre)
    with django_assert_max_num_queries(16):
        assert cadre.get(reverse("checkins:checkin_report", args=[campaign.slug, window.pk])).status_code == 200


def test_the_campaign_page_offers_the_open_check_in(world, campaign, approved, window, client_for):
    body = client_for(world.cadre).get(reverse("campaigns:campaign_detail", args=[campaign.slug])).content.decode()
    assert 'id="checkin"' in body and "Sơ kết quý" in body and "Báo cáo tiến độ" in body


def test_the_self_assessment_starts_from_what_the_check_ins_said(world, approved, window, round_):
    from evaluations import services as evaluation_services

    services.checkin_report(
        by=world.cadre, registration=approved, window=window, updates=updates_for(approved), expected_version=None
    )
    evaluation = evaluation_services.evaluation_start(by=world.cadre, registration=approved)
    achieved = list(evaluation.results.values_list("achieved", flat=True))
    assert achieved == ["Sơ kết quý (Đang làm): Đã tổ chức 2 buổi sinh hoạt chủ điểm"] * 2


def test_reminders_reach_cadres_without_an_account_by_the_phone_on_record(
    world, campaign, approved, window, client_for, settings
):
    """A cadre with no login (or no e-mail and no phone chosen) still hears of the check-in: by a Zalo message
    to the phone on their record, from the scheduled reminders and from the secretary's "Nhắc" — once a day."""
    from django.test import TestCase

    from notices.models import Outgoing
    from notices.reminders import send_reminders

    settings.NOTIFY_PHONE_BACKEND = "zalo_zns"
    settings.ZALO_ZNS_ACCESS_TOKEN, settings.ZALO_ZNS_TEMPLATE_ID = "token", "123"
    # A second approved cadre without an account, only a phone on the record.
    b2 = world.b2_person
    b2.phone = "0912345678"
    b2.save()
    from registrations.models import Registration, Status

    sheet = Registration.objects.create(
        campaign=campaign, person=b2, unit=world.B2, status=Status.APPROVED, overall_commitment="x"
    )
    sheet.choices.create(criterion=campaign.criteria.first(), shortcomings="a", actions="b")
    world.cadre.email = ""
    world.cadre.save()
    world.cadre_person.phone = "0987654321"
    world.cadre_person.save()

    def phones_sent():
        return sorted(s["address"] for o in Outgoing.objects.all() for s in o.sends if s["channel"] == "zalo_zns")

    with TestCase.captureOnCommitCallbacks(execute=False):
        send_reminders(window.closes_on - timedelta(days=1))
    assert phones_sent() == ["0912345678", "0987654321"]

    Outgoing.objects.all().delete()
    secretary = client_for(world.secretary1)
    url = reverse("checkins:not_reported", args=[campaign.slug, window.pk])
    page = secretary.get(url).content.decode()
    assert "Nhắc" in page
    with TestCase.captureOnCommitCallbacks(execute=False):
        done = secretary.post(reverse("checkins:remind_not_reported", args=[campaign.slug, window.pk]), follow=True)
    assert "Đã gửi lời nhắc tới 2 cán bộ" in done.content.decode()
    assert phones_sent() == ["0912345678", "0987654321"]
    with TestCase.captureOnCommitCallbacks(execute=False):
        again = secretary.post(reverse("checkins:remind_not_reported", args=[campaign.slug, window.pk]), follow=True)
    assert "đã được nhắc hôm nay" in again.content.decode() and len(phones_sent()) == 2
