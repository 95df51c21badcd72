"""Demo check-ins (sơ kết) between registering and rating (run by `manage.py load_demo` after the campaigns).

Phú Tân 2022: the plan's year ran from the launch of 10/5/2022 to the closing in 03/2023; the office checked
the committed actions twice, at the end of the third quarter and at six months. Lạng Sơn 2023: one check-in at
mid-year. This year's campaign: the office has approved the sheets the units confirmed and opened its first
check-in this week; the Bí thư of Đoàn xã Cái Đôi Vàm (bithu.caidoivam) has an approved sheet of their own and
has not reported yet, and their commune's list of who has not reported is what they follow up.
The windows' titles and dates are illustrative: the articles name the campaign's year, not its check-ins.
"""

import random
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from accounts.models import User
from campaigns.models import Campaign
from checkins.models import ActionStatus, ActionUpdate, CheckIn, CheckInWindow
from organizations.models import Person
from registrations.models import Registration, RegistrationCriterion, Status

from .campaigns import ACTIONS, LANG_SON_SLUG, PHU_TAN_SLUG, REASON, SHORTCOMINGS, _aware, current_slug

NOTES = {
    ActionStatus.TODO: ["Chưa triển khai, dự kiến thực hiện trong quý tới.", ""],
    ActionStatus.DOING: [
        "Đã thực hiện được một phần; tiếp tục duy trì trong sinh hoạt chi đoàn hằng tháng.",
        "Đang phối hợp với chi bộ ấp để thực hiện, đã tổ chức 2 buổi.",
        "Đã xuống cơ sở 3 lần trong quý, nắm tình hình đoàn viên ở ấp.",
    ],
    ActionStatus.DONE: [
        "Đã hoàn thành: tổ chức sinh hoạt chủ điểm, có phê bình và tự phê bình.",
        "Đã hoàn thành, có biên bản sinh hoạt chi đoàn kèm theo.",
        "Hoàn thành; được chi ủy ghi nhận trong buổi sinh hoạt.",
    ],
}


def _window(campaign: Campaign, title: str, opens_on: date, closes_on: date) -> tuple[CheckInWindow, bool]:
    return CheckInWindow.objects.get_or_create(
        campaign=campaign, title=title, defaults={"opens_on": opens_on, "closes_on": closes_on}
    )


def _report(window: CheckInWindow, registrations, share: float, mix: dict, admin: User, rng, *, always=()) -> int:
    """Check-ins of about `share` of `registrations` (and of every registration in `always`), each action's status
    drawn from `mix` ({status: weight}), sent on a day inside the window up to today."""
    last = min(window.closes_on, timezone.localdate())
    days = max((last - window.opens_on).days, 0)
    chosen = [r for r in registrations if r.pk in always or rng.random() < share]
    checkins = [
        CheckIn(
            window=window,
            registration=registration,
            reported_at=_aware(window.opens_on + timedelta(days=rng.randint(0, days)), 8 + rng.randrange(12)),
            reported_by=registration.person.user,
        )
        for registration in chosen
    ]
    bulk_create_with_history(checkins, CheckIn, default_user=admin, default_change_reason=REASON)
    by_registration = {c.registration_id: c for c in CheckIn.objects.filter(window=window)}
    statuses, weights = list(mix), list(mix.values())
    updates = []
    choices = RegistrationCriterion.objects.filter(registration_id__in=by_registration).order_by("pk")
    for choice in choices:
        status = rng.choices(statuses, weights)[0]
        updates.append(
            ActionUpdate(
                checkin=by_registration[choice.registration_id],
                choice=choice,
                status=status,
                note=rng.choice(NOTES[status]),
            )
        )
    bulk_create_with_history(updates, ActionUpdate, default_user=admin, default_change_reason=REASON)
    return len(checkins)


@transaction.atomic
def load_checkin_demo() -> dict:
    """The check-ins of the demo campaigns (idempotent: a window that exists is left as it is)."""
    admin = User.objects.get(username="admin")
    figures = {}
    phu_tan = Campaign.objects.get(slug=PHU_TAN_SLUG)
    approved = list(phu_tan.registrations.filter(status=Status.APPROVED).select_related("person").order_by("pk"))
    cadre = Person.objects.get(user__username="canbo.phutan")
    mine = {r.pk for r in approved if r.person_id == cadre.pk}
    rng = random.Random("so-ket-phu-tan")
    for title, opens_on, closes_on, share, mix in (
        ("Sơ kết quý III/2022", date(2022, 9, 20), date(2022, 10, 5), 0.82, {"todo": 2, "doing": 6, "done": 3}),
        ("Sơ kết 6 tháng", date(2022, 11, 10), date(2022, 11, 25), 0.93, {"todo": 1, "doing": 3, "done": 7}),
    ):
        window, created = _window(phu_tan, title, opens_on, closes_on)
        if created:
            figures[title] = _report(window, approved, share, mix, admin, rng, always=mine)

    lang_son = Campaign.objects.get(slug=LANG_SON_SLUG)
    window, created = _window(lang_son, "Sơ kết 6 tháng đầu năm 2023", date(2023, 7, 1), date(2023, 7, 15))
    if created:
        members = list(lang_son.registrations.filter(status=Status.APPROVED).select_related("person").order_by("pk"))
        _report(window, members, 0.9, {"todo": 1, "doing": 4, "done": 5}, admin, random.Random("so-ket-lang-son"))

    current = Campaign.objects.filter(slug=current_slug()).first()
    if current is not None and not current.checkin_windows.exists():
        _current_year(current, admin)
    return figures


def _current_year(campaign: Campaign, admin: User) -> None:
    """This year's sheets the units confirmed are approved; the first check-in opened five days ago."""
    today = timezone.localdate()
    confirmed = list(Registration.objects.filter(campaign=campaign, status=Status.CONFIRMED))
    for registration in confirmed:
        registration.status, registration.approved_by = Status.APPROVED, admin
        registration.approved_at = _aware(today - timedelta(days=6))
    fields = ["status", "approved_at", "approved_by"]
    bulk_update_with_history(confirmed, Registration, fields, default_user=admin, default_change_reason=REASON)
    secretary = _secretary_sheet(campaign, admin, today)
    opens_on = max(campaign.starts_on, today - timedelta(days=5))
    window = CheckInWindow.objects.create(
        campaign=campaign,
        title=f"Sơ kết đợt 1 năm {today.year}",
        opens_on=opens_on,
        closes_on=min(campaign.ends_on, today + timedelta(days=10)),
    )
    approved = list(
        campaign.registrations.filter(status=Status.APPROVED).exclude(pk=secretary.pk).select_related("person")
    )
    _report(window, approved, 0.4, {"todo": 3, "doing": 5, "done": 1}, admin, random.Random(campaign.slug))


def _secretary_sheet(campaign: Campaign, admin: User, today: date) -> Registration:
    """The commune secretary's own sheet, approved by the province office, with two committed actions."""
    person = Person.objects.get(user__username="bithu.caidoivam")
    position = campaign.eligible_positions().filter(person=person).select_related("unit").first()
    registration, _created = Registration.objects.get_or_create(
        campaign=campaign,
        person=person,
        defaults={
            "unit": position.unit if position else person.home_unit,
            "position_title": position.title if position else "",
            "overall_commitment": "Gương mẫu, sâu sát cơ sở; hoàn thành tốt nhiệm vụ được giao.",
            "submitted_at": _aware(today - timedelta(days=20)),
        },
    )
    registration.status, registration.approved_by = Status.APPROVED, admin
    registration.confirmed_at = _aware(today - timedelta(days=15))
    registration.approved_at = _aware(today - timedelta(days=6))
    registration._history_user, registration._change_reason = admin, REASON
    registration.save()
    if not registration.choices.exists():
        for criterion, shortcomings, actions in zip(campaign.criteria.all()[:2], SHORTCOMINGS, ACTIONS, strict=False):
            RegistrationCriterion.objects.create(
                registration=registration, criterion=criterion, shortcomings=shortcomings, actions=actions
            )
    return registration
