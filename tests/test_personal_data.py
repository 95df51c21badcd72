"""Personal data as the law asks: who opened or exported whose record, "my data" (everything, in JSON and Excel,
and a correction asked of the unit's office), anonymising people who left long ago, and when consent was given."""

import io
import json
from datetime import date, timedelta

import openpyxl
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from api import services as api_services
from evaluations.models import Commendation, CommendationForm
from organizations import access
from organizations.models import AccessKind, AccessRecord, Membership, MembershipEnd, Person
from privacy.models import CorrectionRequest
from privacy.retention import PSEUDONYM, anonymise_departed
from registrations.models import Registration, Status

from .conftest import filled


def test_opening_a_record_reading_it_through_the_api_and_exporting_it_are_recorded(world, campaign, client_for):
    office = client_for(world.office1)
    office.get(reverse("organizations:person_detail", args=[world.cadre_person.pk]))
    opened = AccessRecord.objects.get(kind=AccessKind.VIEW)
    assert opened.user == world.office1 and list(opened.people.all()) == [world.cadre_person]

    client_for(world.cadre).get(reverse("organizations:person_detail", args=[world.cadre_person.pk]))
    assert AccessRecord.objects.count() == 1  # one's own record is not logged

    sheet = filled(world, campaign)
    sheet.status = Status.SUBMITTED
    sheet.save()
    token = api_services.token_issue(
        by=world.office1, unit=world.D1, purpose="Bảng số liệu", expires_on=date.today() + timedelta(1)
    )
    Client(HTTP_AUTHORIZATION=f"Bearer {token.raw}").get("/api/v1/registrations")
    read = AccessRecord.objects.get(kind=AccessKind.API)
    assert read.user is None and read.client.startswith("dtn_") and read.count == 1

    access.record(world.office1, AccessKind.EXPORT, "Danh sách cán bộ đăng ký", unit=world.D1, count=12)
    mine = list(access.of_person(world.cadre_person).values_list("kind", flat=True))
    assert sorted(mine) == sorted([AccessKind.VIEW, AccessKind.API, AccessKind.EXPORT])
    assert world.b3_person not in Person.objects.filter(accesses__isnull=False)  # District Two's: untouched

    # The office above reads them in the admin; the other district's office does not.
    assert client_for(world.office1).get("/admin/organizations/accessrecord/").context["cl"].result_count == 3
    assert client_for(world.office2).get("/admin/organizations/accessrecord/").context["cl"].result_count == 0

    AccessRecord.objects.update(at=timezone.now() - timedelta(days=731))
    assert access.remove_old() == 3


def test_my_data_downloads_everything_and_a_correction_reaches_the_office(world, campaign, client_for):
    filled(world, campaign)
    cadre = Client()
    cadre.force_login(world.cadre, backend="django.contrib.auth.backends.ModelBackend")
    page = cadre.get(reverse("privacy:my_data"))
    assert page.status_code == 200
    sections = json.loads(cadre.get(reverse("privacy:my_data_json")).content)
    assert sections["person"][0]["full_name"] == world.cadre_person.full_name
    assert sections["commitments"] and sections["account"][0]["username"] == world.cadre.username
    book = openpyxl.load_workbook(io.BytesIO(cadre.get(reverse("privacy:my_data_xlsx")).content))
    assert {"Hồ sơ", "Phiếu đăng ký", "Cam kết", "Lượt truy cập"} <= set(book.sheetnames)

    assert cadre.post(reverse("privacy:my_data"), {"text": "  "}).status_code == 400
    assert not CorrectionRequest.objects.exists()
    cadre.post(reverse("privacy:my_data"), {"text": "Ngày sinh của tôi là 12/05/1998."})
    asked = CorrectionRequest.objects.get()
    office = Client()
    office.force_login(world.office1, backend="django.contrib.auth.backends.ModelBackend")
    home = office.get(reverse("organizations:home")).content.decode()
    assert reverse("admin:privacy_correctionrequest_changelist") in home
    other = Client()
    other.force_login(world.office2, backend="django.contrib.auth.backends.ModelBackend")
    assert other.get(f"/admin/privacy/correctionrequest/{asked.pk}/change/").status_code == 404
    office.post(f"/admin/privacy/correctionrequest/{asked.pk}/change/", {"answer": "Đã sửa ngày sinh."})
    asked.refresh_from_db()
    assert asked.handled_by == world.office1 and asked.answer == "Đã sửa ngày sinh."
    assert "Đã sửa ngày sinh." in cadre.get(reverse("privacy:my_data")).content.decode()

    # An account without a member's record has no "my data" (and the addresses name no one: only one's own).
    administrator = client_for(world.superuser)
    assert "không gắn với hồ sơ" in administrator.get(reverse("privacy:my_data")).content.decode()
    assert administrator.get(reverse("privacy:my_data_json")).status_code == 404


def test_people_who_left_long_ago_are_anonymised_and_their_stories_come_down(world, campaign, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    sheet = filled(world, campaign)
    person = world.cadre_person
    person.phone, person.birth_date = "0912345678", date(1990, 1, 2)
    person.save()
    left = date.today().replace(year=date.today().year - 6)
    Membership.objects.filter(person=person, ended_on__isnull=True).update(ended_on=left, end=MembershipEnd.AGED_OUT)
    Person.objects.filter(pk=person.pk).update(left_union_on=left)
    story = Commendation.objects.create(
        decision_number="1-QĐ/HĐTN",
        decision_date=date(2020, 1, 1),
        issuing_unit=world.D1,
        person=person,
        form=CommendationForm.values[0],
        reason="Gương mẫu",
        consent_given=True,
        consent_note="Phiếu đồng ý ngày 02/01/2020",
        headline="Một câu chuyện",
        story="Nguyễn Văn An đã …",
    )
    assert story.consent_given_at is not None and story.consent_withdrawn_at is None

    out = io.StringIO()
    call_command("anonymise_departed", "--dry-run", stdout=out)
    assert f"#{person.pk}" in out.getvalue() and "Nguyễn" not in out.getvalue()
    assert Person.objects.get(pk=person.pk).full_name == "Nguyễn Văn An"  # a dry run changes nothing

    anonymise_departed()
    person.refresh_from_db()
    assert person.full_name == PSEUDONYM.format(pk=person.pk) and not person.phone and person.birth_date is None
    assert not Person.history.filter(id=person.pk, full_name="Nguyễn Văn An").exists()
    sheet.refresh_from_db()
    assert sheet.overall_commitment == "" and sheet.status  # the row, and what the figures count, stay
    assert not sheet.choices.exclude(actions="").exists()
    story.refresh_from_db()
    assert not story.is_published and story.story == "" and story.consent_withdrawn_at is not None
    world.cadre.refresh_from_db()
    assert not world.cadre.is_active and not world.cadre.has_usable_password()
    assert Registration.objects.filter(pk=sheet.pk).exists()


def test_comments_and_invitations_are_in_my_data_without_writers_and_go_when_anonymised(world, campaign, client_for):
    from datetime import time

    from feedback.models import CollectiveOpinion, Comment
    from feedback.services import comment_save, opinion_save, round_open
    from meetings.models import Invitation
    from meetings.services import MeetingData, invitation_reply, meeting_call
    from privacy.retention import anonymise
    from registrations import services as registration_services

    sheet = registration_services.registration_submit(
        by=world.cadre, registration=filled(world, campaign), expected_version=None
    )
    feedback_round = round_open(
        by=world.branch_secretary, campaign=campaign, unit=world.B1, closes_on=timezone.localdate(), names_hidden=True
    )
    comment_save(
        by=world.branch_secretary, feedback_round=feedback_round, registration=sheet, kind="criticism", text="Đến muộn."
    )
    opinion_save(by=world.secretary1, feedback_round=feedback_round, registration=sheet, text="Cần đúng giờ.")
    meeting = meeting_call(
        by=world.branch_secretary,
        campaign=campaign,
        unit=world.B1,
        data=MeetingData(kind="meeting", title="Sinh hoạt", day=timezone.localdate(), starts_at=time(19), place="Ấp 1"),
    )
    invitation_reply(
        by=world.cadre, invitation=meeting.invitations.get(person=world.cadre_person), attending=False, reason="Ốm"
    )
    sections = json.loads(client_for(world.cadre).get(reverse("privacy:my_data_json")).content)
    (about,) = sections["comments_about_me"]
    assert about["text"] == "Đến muộn." and "Võ Minh Em" not in json.dumps(sections["comments_about_me"])
    assert sections["collective_opinions"][0]["text"] == "Cần đúng giờ."
    assert sections["invitations"][0]["reason"] == "Ốm"
    written = json.loads(client_for(world.branch_secretary).get(reverse("privacy:my_data_json")).content)
    assert written["comments_written"][0]["registration__person__full_name"] == "Nguyễn Văn An"
    anonymise(world.cadre_person)
    assert Comment.objects.get().text == "" and CollectiveOpinion.objects.get().text == ""
    assert Invitation.objects.get(person=world.cadre_person).reason == ""
