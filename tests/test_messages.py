"""Messages to a group: who is in each group (inside the sender's subtree only), a preview before sending, the
log of who it went to, throttling, and who may read the message."""

from datetime import date, timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from checkins.models import CheckIn, CheckInWindow
from messaging.models import Cohort, CohortMessage
from notices.models import Notification
from organizations.models import Person
from registrations.models import Registration, Status

from .conftest import filled, make_cadre


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def form(unit, cohort=Cohort.MEMBERS, campaign=None, **more):
    return {
        "unit": unit.pk,
        "cohort": cohort,
        "campaign": campaign.pk if campaign else "",
        "title": "Họp chi đoàn tháng 12",
        "body": "Mời các đồng chí dự họp lúc 19 giờ thứ Sáu.",
        **more,
    }


def test_an_office_previews_then_writes_to_every_member_of_a_unit(world):
    office = signed_in(world.office1)
    url = reverse("messaging:message_compose")
    preview = office.post(url, {**form(world.G1), "preview": "1"})
    members = Person.objects.filter(home_unit__path__startswith=world.G1.path)
    assert preview.context["preview"]["count"] == members.count() > 0 and not CohortMessage.objects.exists()
    sent = office.post(url, {**form(world.G1), "send": "1"})
    message = CohortMessage.objects.get()
    assert sent["Location"] == reverse("messaging:message_detail", args=[message.pk])
    assert set(message.recipients.all()) == set(members) and message.count == members.count()
    assert Notification.objects.filter(user=world.cadre, event="message.cohort").exists()
    # The cadre opens it from the notification; the other district's office cannot.
    assert signed_in(world.cadre).get(sent["Location"]).status_code == 200
    assert signed_in(world.office2).get(sent["Location"]).status_code == 404
    assert "Nguyễn Văn An" in office.get(sent["Location"]).content.decode()  # the sender sees to whom


def test_a_unit_outside_the_senders_subtree_cannot_be_chosen(world):
    refused = signed_in(world.office2).post(reverse("messaging:message_compose"), {**form(world.G1), "send": "1"})
    assert refused.status_code == 400 and not CohortMessage.objects.exists()
    assert signed_in(world.cadre).get(reverse("messaging:message_compose")).status_code == 403


def test_the_cadres_whose_sheet_was_returned_and_those_who_have_not_reported(world, campaign):
    returned = filled(world, campaign)
    Registration.objects.filter(pk=returned.pk).update(
        status=Status.RETURNED, return_reason="Bổ sung", returned_stage="unit"
    )
    other = make_cadre(world.B2, "Trần Thị Hoa")
    approved = Registration.objects.create(
        campaign=campaign, person=other, unit=world.B2, status=Status.APPROVED, overall_commitment="Cam kết"
    )
    office = signed_in(world.office1)
    url = reverse("messaging:message_compose")
    office.post(url, {**form(world.D1, Cohort.RETURNED, campaign), "send": "1"})
    assert list(CohortMessage.objects.get().recipients.all()) == [world.cadre_person]

    no_window = office.post(url, {**form(world.D1, Cohort.NOT_REPORTED, campaign), "preview": "1"})
    assert no_window.status_code == 400
    today = date.today()
    window = CheckInWindow.objects.create(
        campaign=campaign, title="Sơ kết", opens_on=today - timedelta(1), closes_on=today + timedelta(5)
    )
    preview = office.post(url, {**form(world.D1, Cohort.NOT_REPORTED, campaign), "preview": "1"})
    assert preview.context["preview"]["names"] == ["Trần Thị Hoa"]
    CheckIn.objects.create(window=window, registration=approved, reported_at=timezone.now())
    nobody = office.post(url, {**form(world.D1, Cohort.NOT_REPORTED, campaign), "send": "1"})
    assert nobody.status_code == 400 and CohortMessage.objects.count() == 1  # no one left: nothing sent


def test_one_sender_cannot_flood(world, settings):
    settings.COHORT_MESSAGES_PER_DAY = 1
    office = signed_in(world.office1)
    url = reverse("messaging:message_compose")
    office.post(url, {**form(world.G1), "send": "1"})
    again = office.post(url, {**form(world.G1), "send": "1"})
    assert again.status_code == 400 and CohortMessage.objects.count() == 1
    settings.COHORT_MESSAGES_PER_DAY, settings.COHORT_MAX_RECIPIENTS = 10, 1
    too_many = office.post(url, {**form(world.D1), "send": "1"})
    assert too_many.status_code == 400 and CohortMessage.objects.count() == 1
