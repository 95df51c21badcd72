"""One channel layer: in-app notifications with the menu's unread count, e-mail, and Zalo ZNS against a local fake
of its HTTP API (127.0.0.1 only); who hears each workflow step; reminders at 7, 3 and 1 days, once; the home
page's "Việc cần làm" for each role."""

import io
import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from checkins import services as checkin_services
from evaluations import services as evaluation_services
from notices.channels import Message, notify, phone_for_zalo
from notices.models import Delivery, Notification, Preference
from registrations import services

from .conftest import filled


class FakeZns(BaseHTTPRequestHandler):
    """Answers as Zalo's ZNS endpoint does; a number ending in 0 is refused with Zalo's error shape."""

    received: list = []

    def do_POST(self):  # noqa: N802 (http.server's name)
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        FakeZns.received.append({"token": self.headers.get("access_token"), **body})
        refused = body["phone"].endswith("0")
        answer = (
            {"error": -124, "message": "Phone number invalid"}
            if refused
            else {
                "error": 0,
                "message": "Success",
                "data": {"msg_id": f"m{len(FakeZns.received)}", "sent_time": "1700000000000"},
            }
        )
        payload = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture
def zalo(settings):
    FakeZns.received = []
    server = HTTPServer(("127.0.0.1", 0), FakeZns)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.NOTIFY_PHONE_BACKEND = "zalo_zns"
    settings.ZALO_ZNS_URL = f"http://127.0.0.1:{server.server_port}/message/template"
    settings.ZALO_ZNS_ACCESS_TOKEN = "token-thu"
    settings.ZALO_ZNS_TEMPLATE_ID = "7895417"
    yield FakeZns.received
    server.shutdown()


def test_phone_numbers_go_to_zalo_as_84_and_the_subscriber_number():
    assert phone_for_zalo("0912 345 678") == "84912345678"
    assert phone_for_zalo("+84 912.345.678") == "84912345678"


def test_a_message_goes_in_app_by_e_mail_and_by_zalo_as_each_person_chose(world, zalo, mailoutbox, client_for):
    world.cadre.email = "an@example.vn"
    world.cadre.save()
    world.cadre_person.phone = "0912345678"
    world.cadre_person.save()
    world.secretary1.email = "dung@example.vn"
    world.secretary1.save()
    Preference.objects.create(user=world.cadre, by_email=False, by_phone=True)
    secretary_person = world.secretary1.person
    secretary_person.phone = "0912345670"  # Zalo refuses this one
    secretary_person.save()
    Preference.objects.create(user=world.secretary1, by_email=True, by_phone=True)
    message = Message("test.event", "Phiếu chờ duyệt", "Nguyễn Văn An", "/dang-ky/1/")
    with TestCase.captureOnCommitCallbacks(execute=True):  # the outside channels go once the step commits
        assert notify([world.cadre, world.secretary1, world.office1], message) == 3
    assert Notification.objects.filter(event="test.event").count() == 3
    assert [m.to for m in mailoutbox] == [["dung@example.vn"]]  # the cadre chose Zalo only; office1 has no address
    sent = {item["phone"]: item for item in zalo}
    assert set(sent) == {"84912345678", "84912345670"}
    first = sent["84912345678"]
    assert first["token"] == "token-thu" and first["template_id"] == "7895417"
    assert first["template_data"]["tieu_de"] == "Phiếu chờ duyệt"
    assert first["template_data"]["duong_dan"].endswith("/dang-ky/1/")
    deliveries = {d.address: d for d in Delivery.objects.all()}
    assert deliveries["0912345678"].ok and not deliveries["0912345670"].ok
    assert "-124" in deliveries["0912345670"].detail
    # The menu's badge, then reading the list sets it back.
    client = client_for(world.cadre)
    assert '<span class="badge text-bg-danger" data-unread-count>1</span>' in client.get("/").content.decode()
    notification = Notification.objects.get(user=world.cadre)
    opened = client.get(reverse("notices:notification_open", args=[notification.pk]))
    assert opened["Location"] == "/dang-ky/1/"
    assert "data-unread-count" not in client.get(reverse("notices:notification_list")).content.decode()


def test_a_zalo_server_that_does_not_answer_changes_nothing_and_is_recorded(world, settings):
    settings.NOTIFY_PHONE_BACKEND = "zalo_zns"
    settings.ZALO_ZNS_URL = "http://127.0.0.1:9/message/template"  # nothing listens there
    settings.ZALO_ZNS_ACCESS_TOKEN, settings.ZALO_ZNS_TEMPLATE_ID = "t", "1"
    world.cadre_person.phone = "0912345678"
    world.cadre_person.save()
    Preference.objects.create(user=world.cadre, by_email=False, by_phone=True)
    with TestCase.captureOnCommitCallbacks(execute=True):
        notify([world.cadre], Message("test.down", "Thử"))
    assert Notification.objects.filter(user=world.cadre).count() == 1
    assert not Delivery.objects.get().ok


def recipients(event):
    return sorted(Notification.objects.filter(event=event).values_list("user__username", flat=True))


def test_who_hears_each_step(world, campaign, round_, django_capture_on_commit_callbacks):
    """The notification matrix (in-app; e-mail and Zalo follow each person's choice)."""
    with django_capture_on_commit_callbacks(execute=True):
        sheet = services.registration_submit(
            by=world.cadre, registration=filled(world, campaign), expected_version=None
        )
    assert recipients("registration.submitted") == ["branchsec", "secretary1"]
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_confirm(by=world.secretary1, registration=sheet)
    assert recipients("registration.confirmed") == ["cadre"]
    assert recipients("registration.confirmed.office") == ["office1"]
    with django_capture_on_commit_callbacks(execute=True):
        sheet = services.registration_approve(by=world.office1, registration=sheet)
    assert recipients("registration.approved") == ["cadre"]
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        window = checkin_services.window_open(
            by=world.office1, campaign=campaign, title="Sơ kết", opens_on=today, closes_on=today + timedelta(days=5)
        )
    assert recipients("checkin.opened") == ["cadre"]
    evaluation = evaluation_services.evaluation_start(by=world.cadre, registration=sheet)
    results = [evaluation_services.Result(r.choice_id, "Đã làm", "") for r in evaluation.results.all()]
    level = round_.scheme.levels.get(rank=2)
    with django_capture_on_commit_callbacks(execute=True):
        evaluation = evaluation_services.self_assessment_save(
            by=world.cadre,
            evaluation=evaluation,
            summary="Hoàn thành",
            results=results,
            level_id=level.pk,
            submit=True,
            expected_version=evaluation.version,
        )
    assert recipients("evaluation.submitted") == ["branchsec", "secretary1"]
    with django_capture_on_commit_callbacks(execute=True):
        evaluation = evaluation_services.unit_propose(
            by=world.secretary1, evaluation=evaluation, comment="Tốt", level_id=level.pk, expected_version=None
        )
    assert recipients("evaluation.proposed") == ["office1"]
    with django_capture_on_commit_callbacks(execute=True):
        evaluation_services.evaluations_decide(
            by=world.office1,
            decisions=[(evaluation, evaluation_services.rating_from(round_.scheme, level_id=level.pk))],
            number="1-QĐ",
            on=today,
        )
    assert recipients("evaluation.decided") == ["cadre"]
    assert window.pk


def test_reminders_before_a_check_in_and_a_self_assessment_close_go_once_at_each_threshold(
    world, campaign, approved, round_
):
    today = timezone.localdate()
    window = checkin_services.window_open(
        by=world.office1, campaign=campaign, title="Sơ kết quý", opens_on=today, closes_on=today + timedelta(days=6)
    )
    round_.closes_on = today + timedelta(days=3)
    round_.save()
    for _run in range(2):
        call_command("send_reminders", stdout=io.StringIO())
    assert recipients("reminder.checkin") == ["cadre"] and recipients("reminder.self_assessment") == ["cadre"]
    checkin_services.checkin_report(
        by=world.cadre,
        registration=approved,
        window=window,
        updates=[checkin_services.Update(c.pk, "doing") for c in approved.choices.all()],
        expected_version=None,
    )
    window.closes_on = today + timedelta(days=1)
    window.save()
    call_command("send_reminders", stdout=io.StringIO())
    assert recipients("reminder.checkin") == ["cadre"]  # reported since: no 1-day reminder


def test_each_roles_home_lists_what_waits_for_them(world, campaign, client_for):
    sheet = services.registration_submit(by=world.cadre, registration=filled(world, campaign), expected_version=None)
    filled(world, campaign, world.secretary1)  # the commune secretary's own draft
    secretary = client_for(world.secretary1).get("/").content.decode()
    assert "Hoàn thành và gửi phiếu đăng ký" in secretary  # their own draft, with its deadline
    assert f"hạn {campaign.registration_closes:%d/%m/%Y}" in secretary
    assert (
        "Phiếu chờ đơn vị xác nhận" in secretary
        and reverse("registrations:review_queue", args=[campaign.slug]) in secretary
    )
    services.registration_confirm(by=world.secretary1, registration=sheet)
    office = client_for(world.office1).get("/").content.decode()
    assert "Phiếu chờ văn phòng duyệt" in office and "Đơn vị chưa triển khai" in office
    services.registration_return(by=world.office1, registration=sheet, reason="Ghi rõ thời gian thực hiện")
    cadre = client_for(world.cadre).get("/").content.decode()
    assert "Sửa và gửi lại phiếu" in cadre and "Ghi rõ thời gian thực hiện" in cadre


def test_a_committed_step_notifies_even_if_its_server_dies_right_after(world, campaign, mailoutbox):
    """The in-app message, the unread count and the e-mail (as an outbox row) are written with the step: the app
    server dying between the commit and its after-commit work loses nothing; the drain sends it, once."""
    from datetime import timedelta as td

    from django.db import transaction

    from accounts.models import User
    from notices.channels import drain_outgoing
    from notices.models import Outgoing

    world.secretary1.email = "dung@example.vn"
    world.secretary1.save()
    registration = filled(world, campaign)
    with TestCase.captureOnCommitCallbacks(execute=False):  # the process dies: nothing after the commit runs
        services.registration_submit(by=world.cadre, registration=registration, expected_version=None)
    assert Notification.objects.filter(user=world.secretary1, event="registration.submitted").count() == 1
    assert User.objects.get(pk=world.secretary1.pk).unread_notifications == 1
    waiting = Outgoing.objects.get()
    assert waiting.taken_at is None and not mailoutbox

    assert drain_outgoing() == 0  # not yet: its own task may still come
    assert drain_outgoing(timezone.now() + td(minutes=2)) == 1
    assert [m.to for m in mailoutbox] == [["dung@example.vn"]]
    assert drain_outgoing(timezone.now() + td(minutes=2)) == 0 and len(mailoutbox) == 1  # sent once

    # A step refused half-way (rolled back) tells no one.
    before = (Notification.objects.count(), Outgoing.objects.count())
    with pytest.raises(RuntimeError), transaction.atomic():
        services.registration_return(by=world.secretary1, registration=registration, reason="Bổ sung hành động cụ thể")
        raise RuntimeError("the server fails before the commit")
    assert (Notification.objects.count(), Outgoing.objects.count()) == before


def test_a_message_to_many_is_queued_in_batches_each_sent_once(db, mailoutbox):
    from notices.channels import OUTBOX_BATCH, send_outgoing
    from notices.models import Outgoing

    addresses = [f"doanvien{i}@example.vn" for i in range(OUTBOX_BATCH * 2 + 17)]
    told = notify([], Message("message.cohort", "Họp toàn tỉnh", "Mời dự họp.", "/"), also_email=addresses)
    rows = list(Outgoing.objects.order_by("pk"))
    assert told == len(addresses) and [len(row.sends) for row in rows] == [OUTBOX_BATCH, OUTBOX_BATCH, 17]
    assert sum(send_outgoing.call(row.pk) for row in rows) == len(addresses)
    assert sum(send_outgoing.call(row.pk) for row in rows) == 0  # each batch once
    assert sorted(message.to[0] for message in mailoutbox) == sorted(addresses)
