"""The registration's state machine and every guard on it."""

import io
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase
from django.utils import timezone

from campaigns.models import Campaign, Criterion
from organizations.models import Person
from registrations import services
from registrations.models import Registration, Status
from registrations.services import Choice

from .conftest import choices, filled, make_cadre, make_user


def test_the_whole_journey_with_history_and_mail(world, campaign, mailoutbox, django_capture_on_commit_callbacks):
    world.secretary1.email = "bithu@example.vn"
    world.secretary1.save()
    world.cadre.email = "an@example.vn"
    world.cadre.save()
    registration = filled(world, campaign)
    assert registration.status == Status.DRAFT and registration.unit == world.B1
    assert registration.position_title == "secretary" and registration.choices.count() == 2

    with django_capture_on_commit_callbacks(execute=True):
        registration = services.registration_submit(
            by=world.cadre, registration=registration, expected_version=registration.version
        )
    assert registration.status == Status.SUBMITTED
    assert [m.to for m in mailoutbox] == [["bithu@example.vn"]]
    assert "Nguyễn Văn An" in mailoutbox[0].subject and mailoutbox[0].alternatives  # HTML part too

    with django_capture_on_commit_callbacks(execute=True):
        registration = services.registration_confirm(by=world.secretary1, registration=registration)
    assert registration.status == Status.CONFIRMED and registration.confirmed_by == world.secretary1
    with django_capture_on_commit_callbacks(execute=True):
        registration = services.registration_approve(by=world.office1, registration=registration)
    assert registration.status == Status.APPROVED
    assert "an@example.vn" in mailoutbox[-1].to

    steps = list(registration.history.order_by("history_date").values_list("status", flat=True))
    assert steps == ["draft", "draft", "submitted", "confirmed", "approved"]
    assert registration.history.latest().history_user == world.office1


def test_returned_at_either_step_then_resubmitted(world, campaign):
    registration = filled(world, campaign)
    registration = services.registration_submit(by=world.cadre, registration=registration, expected_version=None)
    with pytest.raises(ValidationError, match="lý do"):
        services.registration_return(by=world.secretary1, registration=registration, reason="  ")
    registration = services.registration_return(
        by=world.secretary1, registration=registration, reason="Hành động chưa cụ thể"
    )
    assert registration.status == Status.RETURNED and registration.returned_stage == "unit"
    registration = services.registration_save(
        by=world.cadre,
        registration=registration,
        choices=choices(campaign, 3),
        overall_commitment="Cam kết",
        expected_version=registration.version,
    )
    registration = services.registration_submit(by=world.cadre, registration=registration, expected_version=None)
    registration = services.registration_confirm(by=world.secretary1, registration=registration)
    registration = services.registration_return(by=world.office1, registration=registration, reason="Thiếu ngày")
    assert registration.returned_stage == "office" and registration.confirmed_by is None
    registration = services.registration_submit(by=world.cadre, registration=registration, expected_version=None)
    assert registration.status == Status.SUBMITTED


def test_unit_cannot_approve_and_office_cannot_skip_the_unit(world, campaign):
    registration = services.registration_submit(
        by=world.cadre, registration=filled(world, campaign), expected_version=None
    )
    with pytest.raises(ValidationError, match="xác nhận"):
        services.registration_approve(by=world.office1, registration=registration)
    registration = services.registration_confirm(by=world.secretary1, registration=registration)
    with pytest.raises(PermissionDenied):
        services.registration_approve(by=world.secretary1, registration=registration)
    assert Registration.objects.get(pk=registration.pk).status == Status.CONFIRMED


@pytest.mark.parametrize(
    "picked, text, message",
    [
        (1, "Còn ngại phát biểu", "ít nhất 2"),
        (4, "Còn ngại phát biểu", "nhiều nhất 3"),
        (2, "   ", "khuyết điểm"),
    ],
)
def test_bad_sheets_are_refused(world, campaign, picked, text, message):
    registration = services.registration_start(by=world.cadre, campaign=campaign)
    if picked > campaign.max_criteria:
        with pytest.raises(ValidationError, match=message):
            services.registration_save(
                by=world.cadre,
                registration=registration,
                choices=choices(campaign, picked, text),
                overall_commitment="x",
                expected_version=None,
            )
        return
    registration = services.registration_save(
        by=world.cadre,
        registration=registration,
        choices=choices(campaign, picked, text),
        overall_commitment="x",
        expected_version=None,
    )
    with pytest.raises(ValidationError, match=message):
        services.registration_submit(by=world.cadre, registration=registration, expected_version=None)
    assert Registration.objects.get(pk=registration.pk).status == Status.DRAFT


def test_criteria_of_another_campaign_are_refused(world, campaign):
    other = Campaign.objects.create(
        slug="khac",
        title="Khác",
        plan=campaign.plan,
        organizer=world.D1,
        starts_on=campaign.starts_on,
        ends_on=campaign.ends_on,
        registration_opens=campaign.registration_opens,
        registration_closes=campaign.registration_closes,
    )
    foreign = Criterion.objects.create(campaign=other, order=1, title="Lạ")
    registration = services.registration_start(by=world.cadre, campaign=campaign)
    with pytest.raises(ValidationError, match="không thuộc"):
        services.registration_save(
            by=world.cadre, registration=registration, choices=[Choice(foreign.pk, "a", "b")], expected_version=None
        )


def test_edits_outside_the_window_or_after_sending_are_refused(world, campaign):
    registration = filled(world, campaign)
    Campaign.objects.filter(pk=campaign.pk).update(registration_closes=timezone.localdate() - timedelta(days=1))
    with pytest.raises(ValidationError, match="Đã hết hạn đăng ký của phong trào"):
        services.registration_save(
            by=world.cadre, registration=registration, choices=choices(campaign), expected_version=None
        )
    Campaign.objects.filter(pk=campaign.pk).update(registration_closes=timezone.localdate() + timedelta(days=5))
    registration = services.registration_submit(by=world.cadre, registration=registration, expected_version=None)
    with pytest.raises(ValidationError, match="không thể thay đổi"):
        services.registration_save(
            by=world.cadre, registration=registration, choices=choices(campaign), expected_version=None
        )


def test_only_eligible_people_in_scope_register(world, campaign):
    outsider = make_user("outsider", person=world.b3_person)  # in the other district
    with pytest.raises(ValidationError, match="không thuộc đối tượng"):
        services.registration_start(by=outsider, campaign=campaign)
    member = Person.objects.create(full_name="Lý Thị Mỹ", home_unit=world.B2)
    plain_member = make_user("member", person=member)
    with pytest.raises(ValidationError, match="không thuộc đối tượng"):
        services.registration_start(by=plain_member, campaign=campaign)
    campaign.members_register = True
    campaign.save()
    assert services.registration_start(by=plain_member, campaign=campaign).position_title == ""
    assert not Registration.objects.filter(person=world.b3_person).exists()


@pytest.mark.parametrize(
    "rules",
    [
        [{"unit_kind": "branch"}, {"unit_kind": "grassroots"}],
        [{"title": "deputy_secretary"}],
        [{"unit_kind": "grassroots", "sector": "commune"}, {"sector": "armed_forces"}],
        [{"title": "secretary", "unit_kind": "branch"}],
        [],
    ],
)
@pytest.mark.parametrize("members_register", [False, True])
def test_is_eligible_answers_as_the_eligible_set_does(world, campaign, rules, members_register):
    """`is_eligible` (asked on every cadre page, in Python) and `eligible_people` (the reports, in SQL) agree."""
    from campaigns.models import EligibilityRule

    campaign.eligibility_rules.all().delete()
    for rule in rules:
        EligibilityRule.objects.create(campaign=campaign, **rule)
    campaign.members_register = members_register
    campaign.save()
    Person.objects.create(full_name="Lý Thị Mỹ", home_unit=world.B2)  # a member, no position
    make_cadre(world.G2, "Phạm Văn Công An", number="TN0009")  # a cadre of the armed-forces branch
    campaign = type(campaign).objects.select_related("organizer").get(pk=campaign.pk)
    eligible = set(campaign.eligible_people().values_list("pk", flat=True))
    people = list(Person.objects.select_related("home_unit"))
    assert {p.pk for p in people if campaign.is_eligible(p)} == eligible
    assert eligible or not rules  # the cases ask something


def test_a_double_start_makes_one_registration(world, campaign):
    first = services.registration_start(by=world.cadre, campaign=campaign)
    second = services.registration_start(by=world.cadre, campaign=campaign)
    assert first.pk == second.pk and Registration.objects.count() == 1


def test_nobody_reviews_their_own_or_another_units_registration(world, campaign):
    own = services.registration_submit(
        by=world.branch_secretary, registration=filled(world, campaign, world.branch_secretary), expected_version=None
    )
    with pytest.raises(PermissionDenied, match="của chính mình"):
        services.registration_confirm(by=world.branch_secretary, registration=own)
    with pytest.raises(PermissionDenied):
        services.registration_confirm(by=world.office2, registration=own)
    with pytest.raises(PermissionDenied):
        services.registration_return(by=world.cadre, registration=own, reason="x")
    assert Registration.objects.get(pk=own.pk).status == Status.SUBMITTED
    with pytest.raises(PermissionDenied):
        services.registration_save(by=world.cadre, registration=own, choices=[], expected_version=None)


def test_a_stale_version_is_refused_instead_of_overwriting(world, campaign):
    registration = filled(world, campaign)
    seen = registration.version
    services.registration_save(
        by=world.cadre,
        registration=registration,
        choices=choices(campaign, 3),
        overall_commitment="Bản mới",
        expected_version=seen,
    )
    with pytest.raises(ValidationError, match="Tải lại"):
        services.registration_save(
            by=world.cadre,
            registration=registration,
            choices=choices(campaign, 2),
            overall_commitment="Bản cũ",
            expected_version=seen,
        )
    assert Registration.objects.get(pk=registration.pk).overall_commitment == "Bản mới"


def test_unit_and_position_at_registration_are_kept_when_the_person_moves(world, campaign):
    registration = filled(world, campaign)
    world.cadre_person.home_unit = world.B2
    world.cadre_person.save()
    registration.refresh_from_db()
    assert registration.unit == world.B1 and registration.position_title == "secretary"


def test_database_refuses_a_second_registration_and_a_return_without_reason(world, campaign):
    from django.db import IntegrityError, transaction

    registration = filled(world, campaign)
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(campaign=campaign, person=world.cadre_person, unit=world.B1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.filter(pk=registration.pk).update(status=Status.RETURNED, return_reason="")


def test_document_numbers_parse_leniently():
    from campaigns.models import parse_document_number

    assert parse_document_number("09-KH/HĐTN") == {"serial": 9, "kind": "KH", "issuer": "HĐTN", "department": ""}
    assert parse_document_number("06-KL/TWĐTN-BKT")["department"] == "BKT"
    assert parse_document_number(" 10 - HD / TĐTN - TCKT ")["issuer"] == "TĐTN"
    assert parse_document_number("94/HD-TĐ") == {"serial": 94, "kind": "HD", "issuer": "TĐ", "department": ""}
    assert parse_document_number("không có số")["serial"] is None


def test_clone_for_next_year(world, campaign):
    from campaigns.services import campaign_clone

    copy = campaign_clone(by=world.office1, campaign=campaign, slug="phong-cach-thu-2", title="Năm sau")
    assert copy.criteria.count() == 4 and copy.eligibility_rules.count() == 2
    assert copy.registration_opens == campaign.registration_opens.replace(year=campaign.registration_opens.year + 1)
    with pytest.raises(PermissionDenied):
        campaign_clone(by=world.office2, campaign=campaign, slug="x", title="x")


def test_deployment_report_rules(world, campaign):
    from campaigns.services import deployment_report

    today = timezone.localdate()
    deployment = deployment_report(
        by=world.secretary1, campaign=campaign, unit=world.G1, deployed_on=today, attendance=25, notes="Họp triển khai"
    )
    assert deployment.attendance == 25
    again = deployment_report(by=world.secretary1, campaign=campaign, unit=world.G1, deployed_on=today, attendance=30)
    assert again.pk == deployment.pk and again.attendance == 30
    with pytest.raises(ValidationError, match="tương lai"):
        deployment_report(
            by=world.secretary1, campaign=campaign, unit=world.B1, deployed_on=today + timedelta(days=1), attendance=3
        )
    with pytest.raises(ValidationError, match="âm"):
        deployment_report(by=world.secretary1, campaign=campaign, unit=world.B1, deployed_on=today, attendance=-1)
    with pytest.raises(PermissionDenied):
        deployment_report(by=world.secretary1, campaign=campaign, unit=world.G2, deployed_on=today, attendance=3)
    with pytest.raises(ValidationError, match="phạm vi"):
        deployment_report(by=world.superuser, campaign=campaign, unit=world.G3, deployed_on=today, attendance=3)


def test_reminders_go_once_to_those_who_have_not_sent(world, campaign, mailoutbox):
    from django.core.management import call_command

    from notices.models import Notification
    from registrations.models import Reminder

    world.cadre.email = "an@example.vn"
    world.cadre.save()
    world.b2_person.email = "bich@example.vn"
    world.b2_person.save()
    # Bích has sent her sheet; An has only a draft.
    bich = make_user("bich", person=world.b2_person)
    services.registration_submit(by=bich, registration=filled(world, campaign, bich), expected_version=None)
    filled(world, campaign)
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("send_reminders", "--days", "30", stdout=io.StringIO())
    assert [m.to for m in mailoutbox] == [["an@example.vn"]]
    assert "Nguyễn Văn An" in mailoutbox[0].body and campaign.title in mailoutbox[0].subject
    # The two secretaries have not sent either and have no address: reminded in the app only.
    in_app = Notification.objects.filter(event="reminder.registration")
    assert sorted(in_app.values_list("user__username", flat=True)) == ["branchsec", "cadre", "secretary1"]
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("send_reminders", "--days", "30", stdout=io.StringIO())
    assert len(mailoutbox) == 1 and Reminder.objects.count() == 3 and in_app.count() == 3
    # Three days before closing comes the next reminder, once.
    Campaign.objects.filter(pk=campaign.pk).update(registration_closes=timezone.localdate() + timedelta(days=3))
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("send_reminders", stdout=io.StringIO())
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("send_reminders", stdout=io.StringIO())
    assert [m.to for m in mailoutbox] == [["an@example.vn"]] * 2 and Reminder.objects.count() == 6
    Campaign.objects.filter(pk=campaign.pk).update(registration_closes=timezone.localdate() + timedelta(days=60))
    Reminder.objects.all().delete()
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("send_reminders", "--days", "7", stdout=io.StringIO())
    assert len(mailoutbox) == 2  # not closing within a week: nobody is reminded yet


def test_a_typed_reason_cannot_forge_a_line_of_the_mail_or_the_log(
    world, campaign, mailoutbox, django_capture_on_commit_callbacks
):
    """The reason's lines are quoted in the mail; carriage returns are gone."""
    world.cadre.email = "an@example.vn"
    world.cadre.save()
    registration = services.registration_submit(
        by=world.cadre, registration=filled(world, campaign), expected_version=None
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_return(
            by=world.secretary1,
            registration=registration,
            reason="Thiếu minh chứng\r\n[25/Nov/2026 10:00:00] INFO mật khẩu đã đổi",
        )
    body = mailoutbox[-1].body
    assert "> Thiếu minh chứng\n> [25/Nov/2026 10:00:00] INFO" in body
    assert not any(line.startswith("[25/Nov") for line in body.splitlines()) and "\r" not in body
    registration.refresh_from_db()
    assert registration.return_reason == "Thiếu minh chứng\n[25/Nov/2026 10:00:00] INFO mật khẩu đã đổi"
