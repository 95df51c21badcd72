"""Year-end evaluation: the steps and the lock, windows, quotas as warning and as limit, the pages,
the admin's bulk decision, the Excel report, and query counts that do not grow with rows."""

import io
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from evaluations import services
from evaluations.models import Enforcement, Evaluation, EvaluationRound, Quota, RatingLevel, RatingScheme, Stage
from organizations.models import PositionTitle
from registrations.models import Registration
from registrations.models import Status as RegistrationStatus

from .conftest import export, make_cadre, make_user

FOUR = "Bốn mức (2023–2027)"


def level(rank, scheme=FOUR):
    return RatingLevel.objects.get(scheme__name=scheme, rank=rank)


@pytest.fixture(autouse=True)
def schemes(db):
    """The schemes come from a data migration; a flushed database (after a browser test) has lost them."""
    from evaluations.schemes import ensure_default_schemes

    ensure_default_schemes()


def self_assessed(world, evaluation, rank=1):
    results = [
        services.Result(r.choice_id, "Đã chủ trì 6 buổi sinh hoạt", "Biên bản") for r in evaluation.results.all()
    ]
    return services.self_assessment_save(
        by=world.cadre,
        evaluation=evaluation,
        summary="Hoàn thành cam kết",
        results=results,
        level_id=level(rank).pk,
        submit=True,
        expected_version=evaluation.version,
    )


def snapshot(evaluation):
    fresh = Evaluation.objects.get(pk=evaluation.pk)
    return (fresh.stage, fresh.version, fresh.final_level_id, fresh.proposed_level_id, fresh.self_summary)


def test_steps_from_self_assessment_to_the_locked_decision_and_reopening(world, round_, approved):
    evaluation = services.evaluation_start(by=world.cadre, registration=approved)
    assert evaluation.results.count() == 2 and evaluation.deciding_unit == world.D1
    assert services.evaluation_start(by=world.cadre, registration=approved) == evaluation  # a double click

    with pytest.raises(ValidationError, match="viết những việc đã làm"):
        services.self_assessment_save(
            by=world.cadre,
            evaluation=evaluation,
            summary="x",
            results=[],
            level_id=level(1).pk,
            submit=True,
            expected_version=evaluation.version,
        )
    evaluation = self_assessed(world, evaluation)
    assert evaluation.stage == Stage.SUBMITTED and evaluation.self_level.rank == 1

    with pytest.raises(PermissionDenied):  # the cadre is not their own unit
        services.unit_propose(
            by=world.cadre, evaluation=evaluation, comment="Tốt", level_id=level(2).pk, expected_version=None
        )
    evaluation = services.unit_propose(
        by=world.secretary1,
        evaluation=evaluation,
        comment="Gương mẫu, nhiệt tình",
        level_id=level(2).pk,
        expected_version=evaluation.version,
    )
    assert evaluation.stage == Stage.PROPOSED and evaluation.proposed_level.rank == 2

    with pytest.raises(PermissionDenied):  # a secretary proposes; the district office decides
        services.evaluations_decide(
            by=world.secretary1,
            decisions=[(evaluation, services.Rating(level(2)))],
            number="125-QĐ/HĐTN",
            on=timezone.localdate(),
        )
    with pytest.raises(PermissionDenied):  # another district's office
        services.evaluations_decide(
            by=world.office2,
            decisions=[(evaluation, services.Rating(level(2)))],
            number="125-QĐ/HĐTN",
            on=timezone.localdate(),
        )
    services.evaluations_decide(
        by=world.office1,
        decisions=[(evaluation, services.Rating(level(2)))],
        number="125-QĐ/HĐTN",
        on=timezone.localdate(),
    )
    evaluation.refresh_from_db()
    assert evaluation.is_locked and evaluation.final_level.rank == 2 and evaluation.decision_number == "125-QĐ/HĐTN"

    before = snapshot(evaluation)
    with pytest.raises(ValidationError):
        services.unit_propose(
            by=world.secretary1, evaluation=evaluation, comment="Sửa", level_id=level(1).pk, expected_version=None
        )
    with pytest.raises(ValidationError):
        services.self_assessment_save(
            by=world.cadre, evaluation=evaluation, summary="Sửa", results=[], expected_version=None
        )
    with pytest.raises(PermissionDenied):
        services.evaluation_reopen(by=world.secretary1, evaluation=evaluation, reason="Sai")
    with pytest.raises(ValidationError, match="lý do"):
        services.evaluation_reopen(by=world.office1, evaluation=evaluation, reason="  ")
    assert snapshot(evaluation) == before

    evaluation = services.evaluation_reopen(by=world.office1, evaluation=evaluation, reason="Nhầm mức")
    assert evaluation.stage == Stage.PROPOSED and evaluation.final_level is None
    reasons = list(evaluation.history.order_by("history_id").values_list("history_change_reason", "history_user"))
    assert reasons[-1] == ("Mở lại: Nhầm mức", world.office1.pk)
    assert any(reason.startswith("Đã quyết định") for reason, _user in reasons)


def test_refusals_change_nothing(world, campaign, round_, approved):
    # A registration never approved is not evaluated.
    other = make_cadre(world.B2, "Phạm Văn Giang", number="TN0010")
    user = make_user("giang", person=other)
    draft = Registration.objects.create(campaign=campaign, person=other, unit=world.B2, status="submitted")
    with pytest.raises(ValidationError, match="được duyệt"):
        services.evaluation_start(by=user, registration=draft)
    # Before the window, and after it.
    with pytest.raises(ValidationError, match="mở từ ngày"):
        services.evaluation_start(by=world.cadre, registration=approved, today=round_.opens_on - timedelta(days=1))
    assert not Evaluation.objects.exists()
    evaluation = services.evaluation_start(by=world.cadre, registration=approved)
    with pytest.raises(ValidationError, match="đã kết thúc"):
        services.self_assessment_save(
            by=world.cadre,
            evaluation=evaluation,
            summary="x",
            results=[],
            expected_version=None,
            today=round_.closes_on + timedelta(days=1),
        )
    # A stale form.
    with pytest.raises(ValidationError, match="Tải lại"):
        services.self_assessment_save(
            by=world.cadre, evaluation=evaluation, summary="x", results=[], expected_version=evaluation.version + 1
        )
    evaluation = self_assessed(world, evaluation)
    evaluation = services.unit_propose(
        by=world.secretary1, evaluation=evaluation, comment="Tốt", level_id=level(2).pk, expected_version=None
    )
    before = snapshot(evaluation)
    decide = lambda number, on: services.evaluations_decide(  # noqa: E731
        by=world.office1, decisions=[(evaluation, services.Rating(level(2)))], number=number, on=on
    )
    with pytest.raises(ValidationError, match="số của quyết định"):
        decide("", timezone.localdate())
    with pytest.raises(ValidationError, match="ngày của quyết định"):
        decide("125-QĐ/HĐTN", None)
    with pytest.raises(ValidationError, match="tương lai"):
        decide("125-QĐ/HĐTN", timezone.localdate() + timedelta(days=1))
    with pytest.raises(ValidationError, match="trước khi"):
        decide("125-QĐ/HĐTN", round_.opens_on - timedelta(days=1))
    assert snapshot(evaluation) == before


def test_points_schemes_give_the_level_from_the_points(db):
    scheme = RatingScheme.objects.get(name="Thang điểm 100 (bốn mức)")
    assert services.rating_from(scheme, points=95).level.rank == 1
    assert services.rating_from(scheme, points="72").level.rank == 2
    assert services.rating_from(scheme, points=0).level.rank == 4
    for bad in (101, -1, "nhiều", None):
        with pytest.raises(ValidationError):
            services.rating_from(scheme, points=bad)
    with pytest.raises(ValidationError):  # a level of another scheme
        services.rating_from(RatingScheme.objects.get(name=FOUR), level_id=level(1, scheme.name).pk)


def proposed_group(world, round_, campaign, n, rank=1):
    """n approved registrations in Huyện đoàn Một with evaluations proposed at `rank`."""
    rows = []
    for i in range(n):
        person = make_cadre(world.B2, f"Cán bộ {i:02d}", title=PositionTitle.SECRETARY, number=f"Q{i:03d}")
        registration = Registration.objects.create(
            campaign=campaign, person=person, unit=world.B2, status=RegistrationStatus.APPROVED, overall_commitment="x"
        )
        rows.append(
            Evaluation.objects.create(
                registration=registration,
                round=round_,
                deciding_unit=world.D1,
                stage=Stage.PROPOSED,
                proposed_level=level(rank),
            )
        )
    return rows


@pytest.mark.parametrize("enforcement", [Enforcement.WARN, Enforcement.HARD])
def test_quota_warns_or_refuses(world, campaign, round_, enforcement):
    Quota.objects.create(round=round_, level=level(1), max_percent=20, enforcement=enforcement)
    group = proposed_group(world, round_, campaign, 10)  # 20 % of 10 rated: at most 2 at the top level
    first = services.evaluations_decide(
        by=world.office1,
        decisions=[(e, services.Rating(level(1))) for e in group[:2]],
        number="1-QĐ/HĐTN",
        on=timezone.localdate(),
    )
    assert first == []
    line = services.quota_lines(round_, world.D1)[0]
    assert (line.rated, line.cap, line.decided, line.proposed) == (10, 2, 2, 10)
    batch = [(e, services.Rating(level(1))) for e in group[2:4]]
    if enforcement == Enforcement.WARN:
        warnings = services.evaluations_decide(
            by=world.office1, decisions=batch, number="2-QĐ/HĐTN", on=timezone.localdate()
        )
        assert len(warnings) == 1 and "4 / 10" not in warnings[0] and "vượt mức trần 20%" in warnings[0]
        assert Evaluation.objects.filter(stage=Stage.DECIDED).count() == 4
    else:
        with pytest.raises(ValidationError, match="Chưa quyết định"):
            services.evaluations_decide(by=world.office1, decisions=batch, number="2-QĐ/HĐTN", on=timezone.localdate())
        assert Evaluation.objects.filter(stage=Stage.DECIDED).count() == 2
        # The same cadres at the second level pass.
        services.evaluations_decide(
            by=world.office1,
            decisions=[(e, services.Rating(level(2))) for e, _ in batch],
            number="2-QĐ/HĐTN",
            on=timezone.localdate(),
        )
        assert Evaluation.objects.filter(stage=Stage.DECIDED).count() == 4


def test_pages_take_the_evaluation_through_its_steps(world, round_, approved, client_for):
    client = client_for(world.cadre)
    response = client.get(reverse("registrations:registration_detail", args=[approved.pk]))
    assert "Bắt đầu tự đánh giá" in response.content.decode()
    response = client.post(reverse("evaluations:evaluation_start", args=[approved.pk]))
    evaluation = Evaluation.objects.get(registration=approved)
    assert response.url == reverse("evaluations:evaluation_detail", args=[evaluation.pk])
    data = {"version": evaluation.version, "summary": "Hoàn thành", "level": level(1).pk, "submit": "1"}
    for result in evaluation.results.all():
        data[f"achieved_{result.choice_id}"] = "Đã làm"
        data[f"evidence_{result.choice_id}"] = "Biên bản"
    response = client.post(reverse("evaluations:evaluation_action", args=[evaluation.pk, "self"]), data)
    assert response.status_code == 302
    # The cadre cannot propose for themself: the step does not exist for them.
    assert (
        client.post(
            reverse("evaluations:evaluation_action", args=[evaluation.pk, "propose"]),
            {"version": 3, "comment": "x", "level": level(1).pk},
        ).status_code
        == 404
    )

    client = client_for(world.secretary1)
    evaluation.refresh_from_db()
    response = client.post(
        reverse("evaluations:evaluation_action", args=[evaluation.pk, "propose"]),
        {"version": evaluation.version, "comment": "Tập thể thống nhất", "level": level(1).pk},
    )
    assert response.status_code == 302

    client = client_for(world.office1)
    response = client.post(
        reverse("evaluations:evaluation_action", args=[evaluation.pk, "decide"]),
        {"level": level(1).pk, "number": "", "on": ""},
    )
    assert response.status_code == 400 and "số của quyết định" in response.content.decode()
    response = client.post(
        reverse("evaluations:evaluation_action", args=[evaluation.pk, "decide"]),
        {"level": level(1).pk, "number": "125-QĐ/HĐTN", "on": timezone.localdate().strftime("%d/%m/%Y")},
    )
    assert response.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.stage == Stage.DECIDED and evaluation.decision_date == timezone.localdate()
    page = client_for(world.cadre).get(reverse("evaluations:evaluation_print", args=[evaluation.pk])).content.decode()
    assert "PHIẾU ĐÁNH GIÁ CUỐI NĂM" in page and "125-QĐ/HĐTN" in page and "Hoàn thành xuất sắc nhiệm vụ" in page
    # Another district sees nothing of it.
    for name in ("evaluations:evaluation_detail", "evaluations:evaluation_print"):
        assert client_for(world.office2).get(reverse(name, args=[evaluation.pk])).status_code == 404


def test_calibration_decides_a_group_and_respects_a_hard_cap(world, campaign, round_, client_for):
    Quota.objects.create(round=round_, level=level(1), max_percent=20, enforcement=Enforcement.HARD)
    group = proposed_group(world, round_, campaign, 5)
    client = client_for(world.office1)
    url = reverse("evaluations:calibration", args=[campaign.slug])
    page = client.get(url).content.decode()
    assert "≤ 1 (20%" in page
    post = {"number": "7-QĐ/HĐTN", "on": timezone.localdate().strftime("%d/%m/%Y"), "selected": [e.pk for e in group]}
    response = client.post(url, post)  # all five at the top level: over the hard cap of 1
    assert response.status_code == 400 and "Chưa quyết định" in response.content.decode()
    assert not Evaluation.objects.filter(stage=Stage.DECIDED).exists()
    post.update({f"level_{e.pk}": level(2).pk for e in group[1:]})
    assert client.post(url, post).status_code == 302
    assert sorted(Evaluation.objects.values_list("final_level__rank", flat=True)) == [1, 2, 2, 2, 2]
    assert client_for(world.secretary1).get(url).status_code == 404  # the office's screen only
    assert client_for(world.office2).get(url).status_code == 404


def test_admin_bulk_decision_with_one_number(world, campaign, round_, client_for):
    group = proposed_group(world, round_, campaign, 3, rank=2)
    client = client_for(world.office1)
    url = reverse("admin:evaluations_evaluation_changelist")
    response = client.post(
        url,
        {
            "action": "decide_selected",
            "_selected_action": [e.pk for e in group],
            "apply": "1",
            "number": "9-QĐ/HĐTN",
            "on": timezone.localdate().strftime("%d/%m/%Y"),
            "level": "",
        },
    )
    assert response.status_code == 302
    assert set(Evaluation.objects.values_list("decision_number", "final_level__rank")) == {("9-QĐ/HĐTN", 2)}
    assert (
        Evaluation.history.filter(history_user=world.office1, history_change_reason__startswith="Đã quyết định").count()
        == 3
    )
    # office2 cannot reach them through the admin either.
    assert (
        client_for(world.office2).get(reverse("admin:evaluations_evaluation_change", args=[group[0].pk])).status_code
        == 404
    )


def test_evaluations_report_and_dashboard(world, campaign, round_, client_for):
    group = proposed_group(world, round_, campaign, 4, rank=2)
    services.evaluations_decide(
        by=world.office1,
        decisions=[(e, services.Rating(level(2))) for e in group[:3]],
        number="3-QĐ/HĐTN",
        on=timezone.localdate(),
    )
    client = client_for(world.office1)
    response = export(client, campaign.slug, "evaluations")
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "KẾT QUẢ ĐÁNH GIÁ CUỐI NĂM CỦA CÁN BỘ"
    people = [row for row in rows[5:] if isinstance(row[0], int)]
    assert len(people) == 4 and sum(row[7] == "Hoàn thành tốt nhiệm vụ" for row in people) == 3
    totals = {row[1]: row[7] for row in rows if row[1] and str(row[1]).startswith("Tổng")}
    assert totals["Tổng: Hoàn thành tốt nhiệm vụ"] == 3
    page = client.get(reverse("reports:dashboard", args=[campaign.slug])).content.decode()
    assert "3 trên 4 cán bộ" in page


@pytest.mark.parametrize("size", [2, 12])
def test_query_counts_do_not_grow(world, campaign, round_, client_for, django_assert_max_num_queries, size):
    group = proposed_group(world, round_, campaign, size)
    Quota.objects.create(round=round_, level=level(1), max_percent=20)
    services.evaluations_decide(
        by=world.office1,
        decisions=[(e, services.Rating(level(2))) for e in group[: size // 2]],
        number="3-QĐ/HĐTN",
        on=timezone.localdate(),
    )
    client = client_for(world.office1)
    for name, limit in (
        ("evaluations:evaluation_list", 12),
        ("evaluations:calibration", 14),
        ("reports:dashboard", 22),
    ):
        with django_assert_max_num_queries(limit):
            assert client.get(reverse(name, args=[campaign.slug])).status_code == 200


def test_start_is_refused_on_the_page_outside_the_window(world, campaign, approved, client_for):
    EvaluationRound.objects.create(
        campaign=campaign,
        scheme=RatingScheme.objects.get(name=FOUR),
        opens_on=timezone.localdate() + timedelta(days=3),
        closes_on=timezone.localdate() + timedelta(days=9),
    )
    client = client_for(world.cadre)
    response = client.post(reverse("evaluations:evaluation_start", args=[approved.pk]), follow=True)
    assert "mở từ ngày" in response.content.decode()
    assert not Evaluation.objects.exists()


def test_evaluation_and_story_pages_use_no_inline_code(world, campaign, round_, approved, client_for):
    from evaluations.models import Commendation

    from .test_page_security import INLINE_HANDLER, INLINE_SCRIPT, INLINE_STYLE

    evaluation = services.evaluation_start(by=world.cadre, registration=approved)
    story = Commendation.objects.create(
        decision_number="1-QĐ",
        decision_date=date(2025, 12, 20),
        issuing_unit=world.D1,
        person=world.cadre_person,
        form="giay_khen",
        reason="x",
        headline="Gương sáng",
        story="Chuyện",
        consent_given=True,
        is_published=True,
        photo="g/a.jpg",
        photo_small="g/a-480.jpg",
        photo_medium="g/a-1000.jpg",
    )
    proposed_group(world, round_, campaign, 2)
    pages = [
        (world.cadre, reverse("evaluations:evaluation_detail", args=[evaluation.pk])),
        (world.cadre, reverse("evaluations:evaluation_print", args=[evaluation.pk])),
        (world.cadre, reverse("campaigns:campaign_detail", args=[campaign.slug])),
        (world.office1, reverse("evaluations:evaluation_list", args=[campaign.slug])),
        (world.office1, reverse("evaluations:calibration", args=[campaign.slug])),
        (world.office1, reverse("reports:dashboard", args=[campaign.slug])),
        (None, reverse("evaluations:story_list")),
        (None, reverse("evaluations:story_detail", args=[story.pk])),
    ]
    for user, url in pages:
        response = client_for(user).get(url)
        assert response.status_code == 200, url
        assert "script-src 'self'" in response.headers["Content-Security-Policy"], url
        html = response.content.decode()
        assert not (INLINE_SCRIPT.search(html) or INLINE_STYLE.search(html) or INLINE_HANDLER.search(html)), url


@pytest.mark.django_db(transaction=True)
def test_a_hard_cap_holds_when_two_offices_decide_at_the_same_moment(world, campaign, monkeypatch):
    """the quota group is locked on purpose (the round's row), not by a side effect.

    Two threads decide one cadre each at the top level, where the hard cap allows one; each pauses
    between counting and writing. Only one decision may pass. (PostgreSQL: SQLite runs writers one at a
    time by its IMMEDIATE transactions anyway.)"""
    import threading
    import time

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's; SQLite serialises writers by itself")
    from evaluations.schemes import ensure_default_schemes

    ensure_default_schemes()
    today = timezone.localdate()
    round_ = EvaluationRound.objects.create(
        campaign=campaign,
        scheme=RatingScheme.objects.get(name=FOUR),
        opens_on=today - timedelta(days=5),
        closes_on=today + timedelta(days=20),
    )
    Quota.objects.create(round=round_, level=level(1), max_percent=10, enforcement=Enforcement.HARD)
    group = proposed_group(world, round_, campaign, 10)  # 10 % of 10: one at the top level
    counted = services.quota_lines

    def slow_quota_lines(*args, **kwargs):
        lines = counted(*args, **kwargs)
        time.sleep(0.4)  # between counting and writing: where a race would slip in
        return lines

    monkeypatch.setattr(services, "quota_lines", slow_quota_lines)
    outcomes = []

    def decide(evaluation):
        try:
            services.evaluations_decide(
                by=world.office1, decisions=[(evaluation, services.Rating(level(1)))], number="9-QĐ/HĐTN", on=today
            )
            outcomes.append("decided")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=decide, args=(evaluation,)) for evaluation in group[:2]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["decided", "refused"]
    assert Evaluation.objects.filter(stage=Stage.DECIDED, final_level=level(1)).count() == 1


def test_the_database_refuses_a_decided_evaluation_without_its_decision(world, campaign, round_, approved):
    """The check constraint must stay in the schema (a model edit once dropped it unnoticed)."""
    from django.db import IntegrityError, transaction

    evaluation = services.evaluation_start(by=world.cadre, registration=approved)
    with pytest.raises(IntegrityError), transaction.atomic():
        Evaluation.objects.filter(pk=evaluation.pk).update(stage=Stage.DECIDED)
    assert [f.name for f in Evaluation._meta.indexes] == ["evaluation_round_unit"]
    assert Evaluation._meta.ordering == ["registration__person__sort_key", "pk"]


def test_calibration_waiting_first_decided_folded_filter_by_unit_and_an_empty_state(
    world, campaign, round_, client_for
):
    url = reverse("evaluations:calibration", args=[campaign.slug])
    client = client_for(world.office1)
    page = client.get(url)  # a round nobody has reached yet: said, not a 404
    assert page.status_code == 200 and 'id="calibration-empty"' in page.content.decode()
    group = proposed_group(world, round_, campaign, 4)
    services.decide_many(
        by=world.office1,
        evaluations=group[:1],
        level_for={group[0].pk: services.Rating(level(2))},
        number="7-QĐ/HĐTN",
        on=timezone.localdate(),
    )
    page = client.get(url).content.decode()
    waiting, decided = page.split('id="decided"')
    assert waiting.count('name="selected"') == 3 and "Cán bộ 00" not in waiting and "Cán bộ 00" in decided
    # The branch with its commune, so that the many "Chi đoàn ấp 2" can be told apart; abbreviations spelled out.
    assert "Chi đoàn ấp 2 – Đoàn xã An Bình" in waiting
    assert f'<abbr title="{level(1).name}">{level(1).short_name}</abbr>: {level(1).name}' in waiting
    # Filtered by a unit of the deciding unit's subtree; another district's unit is no page.
    assert client.get(url, {"unit": world.G2.pk}).content.decode().count('name="selected"') == 0
    assert client.get(url, {"unit": world.G1.pk}).content.decode().count('name="selected"') == 3
    assert client.get(url, {"unit": world.G3.pk}).status_code == 404


def test_adding_or_removing_an_evidence_file_keeps_what_was_typed(world, round_, approved, client_for):
    """The file is added by the self-assessment's own form: the text and the level typed before it are saved with
    it, a file that is not a real image or PDF changes nothing and keeps them on the page."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .test_photos import jpeg_with_gps

    client = client_for(world.cadre)
    client.post(reverse("evaluations:evaluation_start", args=[approved.pk]))
    evaluation = Evaluation.objects.get(registration=approved)
    url = reverse("evaluations:evaluation_action", args=[evaluation.pk, "self"])
    data = {"version": evaluation.version, "summary": "Đã tham gia đủ sinh hoạt", "level": level(2).pk, "attach": "1"}
    for result in evaluation.results.all():
        data[f"achieved_{result.choice_id}"] = "Phát biểu ở 10 buổi sinh hoạt"

    fake = SimpleUploadedFile("bien-ban.pdf", b"not a pdf at all", content_type="application/pdf")
    refused = client.post(url, {**data, "file": fake})
    assert refused.status_code == 400 and "Đã tham gia đủ sinh hoạt" in refused.content.decode()
    evaluation.refresh_from_db()
    assert evaluation.self_summary == "" and not evaluation.attachments.exists()

    photo = SimpleUploadedFile("anh.jpg", jpeg_with_gps(), content_type="image/jpeg")
    added = client.post(url, {**data, "file": photo, "caption": "Buổi sinh hoạt tháng 9"})
    assert added.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.self_summary == "Đã tham gia đủ sinh hoạt" and evaluation.self_level == level(2)
    assert evaluation.attachments.count() == 1
    page = client.get(added["Location"]).content.decode()
    assert "Đã tham gia đủ sinh hoạt" in page and "Buổi sinh hoạt tháng 9" in page

    # Removing it saves the text typed since, too.
    attachment = evaluation.attachments.get()
    data.pop("attach")
    removed = client.post(url, {**data, "version": evaluation.version, "summary": "Sửa lại", "detach": attachment.pk})
    assert removed.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.self_summary == "Sửa lại" and not evaluation.attachments.exists()

    # Removing it again (a second tap, another tab): said on the page, the text typed kept, nothing saved.
    again = client.post(url, {**data, "version": evaluation.version, "summary": "Lần nữa", "detach": attachment.pk})
    assert again.status_code == 400 and "Tệp minh chứng này không còn nữa." in again.content.decode()
    assert "Lần nữa" in again.content.decode()
    evaluation.refresh_from_db()
    assert evaluation.self_summary == "Sửa lại"


def test_admin_actions_with_a_reason_ask_it_first_and_refuse_an_empty_one(world, campaign, round_, client_for):
    """Reopening decided ratings from the admin (and returning sheets, the same action page): the page asks the
    reason, an empty one changes nothing, a reason reopens each selected rating with it."""
    group = proposed_group(world, round_, campaign, 2, rank=2)
    client = client_for(world.office1)
    url = reverse("admin:evaluations_evaluation_changelist")
    decide = {"action": "decide_selected", "_selected_action": [e.pk for e in group], "apply": "1"}
    on = timezone.localdate().strftime("%d/%m/%Y")
    assert client.post(url, decide | {"number": "9-QĐ/HĐTN", "on": on, "level": ""}).status_code == 302
    reopen = {"action": "reopen_selected", "_selected_action": [e.pk for e in group]}
    asked = client.post(url, reopen)
    assert asked.status_code == 200 and 'name="reason"' in asked.content.decode()
    assert client.post(url, reopen | {"apply": "1", "reason": "  "}).status_code == 200
    assert set(Evaluation.objects.values_list("stage", flat=True)) == {Stage.DECIDED}
    assert client.post(url, reopen | {"apply": "1", "reason": "Sai số quyết định"}).status_code == 302
    assert set(Evaluation.objects.values_list("reopen_reason", flat=True)) == {"Sai số quyết định"}
    assert Stage.DECIDED not in set(Evaluation.objects.values_list("stage", flat=True))

    sheet = Registration.objects.create(
        campaign=campaign, person=world.b3_person, unit=world.B1, status=RegistrationStatus.CONFIRMED
    )
    sheets = reverse("admin:registrations_registration_changelist")
    back = {"action": "return_selected", "_selected_action": [sheet.pk], "apply": "1", "reason": "Thiếu việc làm"}
    assert client.post(sheets, back).status_code == 302
    sheet.refresh_from_db()
    assert sheet.status == RegistrationStatus.RETURNED and sheet.return_reason == "Thiếu việc làm"
