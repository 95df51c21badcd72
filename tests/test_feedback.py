"""Góp ý and phê bình on a cadre's sheet: a unit opens a round, its members comment, the cadre reads the comments
(without names where the unit chose so, while the office still sees who wrote), and the collective's opinion goes
into the unit's year-end proposal and the printed evaluation sheet."""

import io
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from feedback.models import CollectiveOpinion, Comment, FeedbackRound
from feedback.services import comment_save, opinion_save, round_open
from notices.models import Notification
from registrations import services as registration_services

from .conftest import filled, make_person, make_user


def sent_sheet(world, campaign):
    return registration_services.registration_submit(
        by=world.cadre, registration=filled(world, campaign), expected_version=None
    )


def opened(world, campaign, **more) -> FeedbackRound:
    closes = timezone.localdate() + timedelta(days=5)
    return round_open(by=world.branch_secretary, campaign=campaign, unit=world.B1, closes_on=closes, **more)


def test_a_member_comments_and_the_cadre_reads_it_without_names(world, campaign, client_for):
    sheet = sent_sheet(world, campaign)
    member = make_user("member", person=make_person(world.B1, "Phạm Thị Giang"))
    secretary = client_for(world.branch_secretary)
    answer = secretary.post(
        reverse("feedback:round_list", args=[campaign.slug]),
        {"unit": world.B1.pk, "closes_on": (timezone.localdate() + timedelta(days=5)).strftime("%d/%m/%Y"),
         "names_hidden": "on"},
    )  # fmt: skip
    feedback_round = FeedbackRound.objects.get()
    assert answer["Location"] == reverse("feedback:round_detail", args=[feedback_round.pk])
    assert Notification.objects.filter(user=member, event="feedback.round").exists()
    # The member finds the round on the home page and comments on the cadre's sheet.
    client = client_for(member)
    assert answer["Location"] in client.get(reverse("organizations:home")).content.decode()
    url = reverse("feedback:cadre_feedback", args=[feedback_round.pk, sheet.pk])
    empty = client.post(url, {"comment": "1", "kind": "criticism", "text": "  "})
    assert empty.status_code == 400 and not Comment.objects.exists()
    client.post(url, {"comment": "1", "kind": "criticism", "text": "Đồng chí còn đến muộn các buổi sinh hoạt."})
    client.post(url, {"comment": "1", "kind": "suggestion", "text": "Nên phân công việc rõ hơn cho chi đoàn."})
    comment = Comment.objects.get()  # rewritten, not doubled
    assert comment.kind == "suggestion" and comment.author.full_name == "Phạm Thị Giang"
    # The cadre reads it on their sheet without the writer's name; the office sees who wrote.
    cadre_page = client_for(world.cadre).get(reverse("registrations:registration_detail", args=[sheet.pk]))
    text = cadre_page.content.decode()
    assert "Nên phân công việc rõ hơn" in text and "Phạm Thị Giang" not in text and "một đoàn viên" in text.lower()
    office_page = client_for(world.office1).get(url).content.decode()
    assert "Phạm Thị Giang" in office_page
    # The committee writes the collective's opinion, which the cadre reads and the proposal starts from.
    secretary.post(url, {"opinion": "1", "opinion_text": ""})
    saved = secretary.post(url, {"opinion": "Chi đoàn thống nhất: đồng chí cần đúng giờ hơn."})
    assert saved.status_code == 302
    assert (
        "đúng giờ hơn"
        in client_for(world.cadre).get(reverse("registrations:registration_detail", args=[sheet.pk])).content.decode()
    )
    assert Notification.objects.filter(user=world.cadre, event="feedback.opinion").exists()


def test_comments_out_of_the_unit_after_the_window_or_on_oneself_are_refused(world, campaign, client_for):
    sheet = sent_sheet(world, campaign)
    feedback_round = opened(world, campaign)
    outsider = make_user("outsider", person=make_person(world.B3, "Hồ Văn Hải"))
    with pytest.raises(PermissionDenied):
        comment_save(by=outsider, feedback_round=feedback_round, registration=sheet, kind="suggestion", text="x")
    url = reverse("feedback:cadre_feedback", args=[feedback_round.pk, sheet.pk])
    assert client_for(outsider).post(url, {"comment": "1", "kind": "praise", "text": "Tốt"}).status_code == 404
    with pytest.raises(ValidationError):
        comment_save(by=world.cadre, feedback_round=feedback_round, registration=sheet, kind="praise", text="Tốt")
    # The cadre's own page has no comment form: their shortcomings go in their sheet.
    assert client_for(world.cadre).get(url).context["comment_form"] is None
    yesterday = timezone.localdate() - timedelta(days=1)
    FeedbackRound.objects.filter(pk=feedback_round.pk).update(opens_on=yesterday, closes_on=yesterday)
    feedback_round.refresh_from_db()
    with pytest.raises(ValidationError, match="đã kết thúc"):
        comment_save(
            by=world.branch_secretary, feedback_round=feedback_round, registration=sheet, kind="praise", text="Tốt"
        )
    # A cadre does not write the collective's opinion on themself; a member without a grant does not write it.
    with pytest.raises(PermissionDenied):
        opinion_save(by=world.cadre, feedback_round=feedback_round, registration=sheet, text="Tốt")
    assert not Comment.objects.exists() and not CollectiveOpinion.objects.exists()
    # Another district's office does not see the round.
    assert client_for(world.office2).get(url).status_code == 404


def test_the_opinion_goes_into_the_year_end_proposal_and_the_printed_sheet(
    world, campaign, round_, approved, client_for
):
    from docx import Document

    from evaluations import services as evaluation_services
    from evaluations.forms import ProposalForm

    feedback_round = opened(world, campaign)
    opinion_save(
        by=world.secretary1,
        feedback_round=feedback_round,
        registration=approved,
        text="Tập thể đánh giá cao.",
    )
    evaluation = evaluation_services.evaluation_start(by=world.cadre, registration=approved)
    assert ProposalForm(evaluation=evaluation).fields["comment"].initial == "Tập thể đánh giá cao."
    document = client_for(world.office1).get(reverse("documents:evaluation_sheet", args=[evaluation.pk]))
    text = "\n".join(p.text for p in Document(io.BytesIO(document.content)).paragraphs)
    assert "Ý kiến của tập thể chi đoàn: Tập thể đánh giá cao." in text


def test_the_meetings_minutes_link_the_cadres_discussed(world, campaign, client_for):
    from campaigns.activities import ActivityData, activity_record

    sheet = sent_sheet(world, campaign)
    meeting = activity_record(
        by=world.branch_secretary,
        campaign=campaign,
        unit=world.B1,
        data=ActivityData(kind="meeting", held_on=timezone.localdate(), title="Sinh hoạt chủ điểm", attendance=2),
    )
    feedback_round = opened(world, campaign, activity=meeting)
    opinion_save(by=world.branch_secretary, feedback_round=feedback_round, registration=sheet, text="Tập thể góp ý.")
    page = client_for(world.office1).get(reverse("campaigns:activity_detail", args=[campaign.slug, meeting.pk]))
    assert page.context["discussed"] == [(feedback_round.pk, sheet)]
    assert reverse("feedback:cadre_feedback", args=[feedback_round.pk, sheet.pk]) in page.content.decode()
    with pytest.raises(ValidationError):  # a meeting of another unit
        round_open(
            by=world.secretary1, campaign=campaign, unit=world.B2, closes_on=timezone.localdate(), activity=meeting
        )


@pytest.mark.parametrize("size", [2, 10])
def test_feedback_pages_do_not_grow_with_cadres_or_comments(
    world, campaign, client_for, django_assert_max_num_queries, size
):
    from registrations.models import Registration, Status

    feedback_round = opened(world, campaign)
    writers = [make_person(world.B1, f"Người góp ý {n}") for n in range(size)]
    sheets = []
    for n in range(size):
        person = make_person(world.B1, f"Cán bộ {n}")
        sheets.append(
            Registration.objects.create(campaign=campaign, person=person, unit=world.B1, status=Status.SUBMITTED)
        )
    for sheet in sheets[:3]:
        Comment.objects.bulk_create(
            Comment(round=feedback_round, registration=sheet, author=writer, kind="suggestion", text="Góp ý")
            for writer in writers
        )
    client = client_for(world.office1)
    for url in (
        reverse("feedback:round_list", args=[campaign.slug]),
        reverse("feedback:round_detail", args=[feedback_round.pk]),
        reverse("feedback:cadre_feedback", args=[feedback_round.pk, sheets[0].pk]),
    ):
        with django_assert_max_num_queries(11):
            assert client.get(url).status_code == 200
