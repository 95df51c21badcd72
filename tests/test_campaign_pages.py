"""The campaign pages as each role uses them: scope, bad input, query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from registrations import services
from registrations.models import Registration, Status

from .conftest import choices, filled, make_cadre, make_unit, make_user


def form_data(campaign, picked=2, submit=False, version=None, text="Còn ngại phát biểu"):
    data = {"version": version or "", "strengths": "Nhiệt tình", "overall_commitment": "Hoàn thành tốt nhiệm vụ"}
    for criterion in list(campaign.criteria.all())[:picked]:
        data.update(
            {
                f"pick_{criterion.pk}": "on",
                f"short_{criterion.pk}": text,
                f"act_{criterion.pk}": "Phát biểu ở mỗi buổi sinh hoạt",
            }
        )
    data["submit" if submit else "save"] = "1"
    return data


def test_cadre_registers_through_the_form(world, campaign, client_for):
    client = client_for(world.cadre)
    url = reverse("registrations:register", args=[campaign.slug])
    assert "Tôi chọn tiêu chí này" in client.get(url).content.decode()
    response = client.post(url, form_data(campaign, picked=1, submit=True))
    assert "Chọn ít nhất 2 tiêu chí" in response.content.decode()
    registration = Registration.objects.get(person=world.cadre_person)
    assert registration.status == Status.DRAFT and registration.choices.count() == 1  # the draft part is kept
    # The page carries the version the draft now has: sending again from it is not refused as stale.
    assert f'name="version" value="{registration.version}"' in response.content.decode()
    response = client.post(url, form_data(campaign, picked=2, submit=True, version=registration.version))
    assert response.status_code == 302
    assert Registration.objects.get(pk=registration.pk).status == Status.SUBMITTED
    page = client.get(reverse("campaigns:campaign_detail", args=[campaign.slug])).content.decode()
    assert 'data-status="submitted"' in page


def test_a_stale_form_says_reload(world, campaign, client_for):
    client = client_for(world.cadre)
    registration = filled(world, campaign)
    old_version = registration.version
    services.registration_save(
        by=world.cadre,
        registration=registration,
        choices=choices(campaign, 3),
        overall_commitment="Mới",
        expected_version=old_version,
    )
    response = client.post(
        reverse("registrations:register", args=[campaign.slug]), form_data(campaign, version=old_version)
    )
    assert "Tải lại trang" in response.content.decode()
    assert Registration.objects.get(pk=registration.pk).overall_commitment == "Mới"


def test_secretary_reviews_in_the_queue(world, campaign, client_for):
    registration = services.registration_submit(
        by=world.cadre, registration=filled(world, campaign), expected_version=None
    )
    client = client_for(world.secretary1)
    queue = client.get(reverse("registrations:review_queue", args=[campaign.slug]))
    assert [r.pk for r in queue.context["page"]] == [registration.pk]
    url = reverse("registrations:registration_review", args=[registration.pk, "return"])
    response = client.post(url, {"reason": "", "version": registration.version}, follow=True)
    assert "lý do trả lại" in response.content.decode()
    assert Registration.objects.get(pk=registration.pk).status == Status.SUBMITTED
    client.post(url, {"reason": "Ghi rõ thời gian", "version": registration.version})
    registration.refresh_from_db()
    assert registration.status == Status.RETURNED and registration.return_reason == "Ghi rõ thời gian"


def test_bulk_confirm_only_touches_the_reviewers_scope(world, campaign, client_for):
    mine = services.registration_submit(by=world.cadre, registration=filled(world, campaign), expected_version=None)
    other = make_cadre(world.B2, "Hà Văn Khánh", number="TN0099")
    other_user = make_user("khanh", person=other)
    theirs = services.registration_submit(
        by=other_user, registration=filled(world, campaign, other_user), expected_version=None
    )
    response = client_for(world.branch_secretary).post(
        reverse("registrations:review_queue", args=[campaign.slug]), {"selected": [mine.pk, theirs.pk]}
    )
    assert response.status_code == 302
    assert Registration.objects.get(pk=mine.pk).status == Status.CONFIRMED  # B1 is the branch secretary's
    assert Registration.objects.get(pk=theirs.pk).status == Status.SUBMITTED  # B2 is not


ROLE_PAGES = [
    "campaigns:campaign_detail",
    "registrations:review_queue",
    "registrations:not_registered",
    "campaigns:deployment_list",
]
EXPECTED = {
    # role:        detail, queue, not registered, deployment
    "cadre": (200, 403, 403, 403),
    "secretary1": (200, 200, 200, 200),
    "office1": (200, 200, 200, 200),
    "office2": (404, 404, 404, 404),  # the campaign is the other district's
}


@pytest.mark.parametrize("role", EXPECTED)
def test_campaign_pages_per_role(world, campaign, client_for, role):
    client = client_for(getattr(world, role))
    for name, status in zip(ROLE_PAGES, EXPECTED[role], strict=False):
        assert client.get(reverse(name, args=[campaign.slug])).status_code == status, (role, name)


def test_registration_pages_answer_404_outside_the_scope(world, campaign, client_for):
    registration = services.registration_submit(
        by=world.cadre, registration=filled(world, campaign), expected_version=None
    )
    for url in (
        reverse("registrations:registration_detail", args=[registration.pk]),
        reverse("registrations:registration_print", args=[registration.pk]),
    ):
        assert client_for(world.office2).get(url).status_code == 404
        assert client_for(world.cadre).get(url).status_code == 200
        assert client_for(world.secretary1).get(url).status_code == 200
    response = client_for(world.office2).post(
        reverse("registrations:registration_review", args=[registration.pk, "confirm"])
    )
    assert response.status_code == 404
    assert Registration.objects.get(pk=registration.pk).status == Status.SUBMITTED


def test_print_sheet_has_signature_blocks(world, campaign, client_for):
    registration = filled(world, campaign)
    body = (
        client_for(world.cadre)
        .get(reverse("registrations:registration_print", args=[registration.pk]))
        .content.decode()
    )
    assert "PHIẾU ĐĂNG KÝ RÈN LUYỆN" in body and "Xác nhận của đơn vị" in body and "Người đăng ký" in body
    assert "09-KH/HĐTN" in body


def test_not_registered_list_and_deployment_report(world, campaign, client_for):
    client = client_for(world.secretary1)
    names = [
        p.full_name for p in client.get(reverse("registrations:not_registered", args=[campaign.slug])).context["page"]
    ]
    assert "Nguyễn Văn An" in names and "Lê Văn Cường" not in names
    url = reverse("campaigns:deployment_report", args=[campaign.slug, world.B1.pk])
    response = client.post(url, {"deployed_on": "32/13/2024", "attendance": "-3"})
    assert response.status_code == 200 and response.context["form"].errors
    from django.utils import timezone

    response = client.post(url, {"deployed_on": timezone.localdate().strftime("%d/%m/%Y"), "attendance": "12"})
    assert response.status_code == 302
    deployed = client.get(reverse("campaigns:deployment_list", args=[campaign.slug])).context["deployed"]
    assert deployed == 1
    assert client.get(reverse("campaigns:deployment_report", args=[campaign.slug, world.B3.pk])).status_code == 404


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_query_counts_do_not_grow(world, campaign, client_for, django_assert_max_num_queries):
    client = client_for(world.office1)
    urls = [
        reverse("registrations:review_queue", args=[campaign.slug]) + "?status=all",
        reverse("campaigns:campaign_detail", args=[campaign.slug]),
        reverse("admin:registrations_registration_changelist"),
        reverse("registrations:not_registered", args=[campaign.slug]),
        reverse("campaigns:deployment_list", args=[campaign.slug]),
    ]

    def add_registrations(n, start):
        for i in range(n):
            branch = make_unit(world.G1, f"TN-Q-{start + i}", f"Chi đoàn số {start + i}", "branch")
            person = make_cadre(branch, f"Phan Văn Số {start + i}")
            user = make_user(f"u{start + i}", person=person)
            services.registration_submit(by=user, registration=filled(world, campaign, user), expected_version=None)

    add_registrations(2, 0)
    small = [_queries(client, url) for url in urls]
    add_registrations(8, 100)
    large = [_queries(client, url) for url in urls]
    assert small == large, list(zip(urls, small, large, strict=False))
    for url in urls:
        with django_assert_max_num_queries(14):
            client.get(url)


def test_branch_records_its_commitment_with_a_checked_photo(world, campaign, client_for):
    from django.utils import timezone

    from campaigns.models import BranchCommitment

    from .test_photos import jpeg_with_gps, upload

    client = client_for(world.branch_secretary)
    url = reverse("campaigns:commitment_record", args=[campaign.slug, world.B1.pk])
    today = timezone.localdate().strftime("%d/%m/%Y")
    response = client.post(
        url, {"signed_on": today, "signers": "40", "text": "Cam kết", "photo": upload("x.jpg", b"<script>")}
    )
    assert "không phải là ảnh" in response.content.decode()
    response = client.post(url, {"signed_on": today, "signers": "40", "text": "Cam kết"})
    assert "từ 1 đến 2" in response.content.decode()  # B1 has two members
    assert not BranchCommitment.objects.exists()
    response = client.post(
        url,
        {
            "signed_on": today,
            "signers": "2",
            "text": "Chi đoàn cam kết thực hiện",
            "photo": upload("ky.jpg", jpeg_with_gps()),
        },
    )
    assert response.status_code == 302
    commitment = BranchCommitment.objects.get(unit=world.B1)
    assert commitment.signers == 2 and commitment.photo
    commitment.photo.delete(save=False)
    # The grassroots unit above is outside the branch secretary's scope: it answers as missing.
    assert client.get(reverse("campaigns:commitment_record", args=[campaign.slug, world.G1.pk])).status_code == 404


def test_review_queue_filters_by_unit_and_counts_statuses(world, campaign, client_for):
    mine = services.registration_submit(by=world.cadre, registration=filled(world, campaign), expected_version=None)
    other_user = make_user("khanh2", person=make_cadre(world.G1, "Hà Văn Khánh", number="TN0098"))
    services.registration_submit(by=other_user, registration=filled(world, campaign, other_user), expected_version=None)
    client = client_for(world.office1)
    url = reverse("registrations:review_queue", args=[campaign.slug])
    response = client.get(url, {"unit": world.B1.pk})
    assert [r.pk for r in response.context["page"]] == [mine.pk]
    assert response.context["counts"]["submitted"] == 2
    assert client.get(url, {"unit": world.B3.pk}).status_code == 404  # another district's unit
    page = client.get(url).content.decode()
    assert "Tất cả đơn vị của tôi" in page and "Đoàn xã An Bình" in page


def test_a_refused_return_keeps_the_reason_as_typed(world, campaign, client_for):
    """A reason too long to store: the sheet again with why, and the text still in the box to shorten."""
    registration = services.registration_submit(
        by=world.cadre, registration=filled(world, campaign), expected_version=None
    )
    url = reverse("registrations:registration_review", args=[registration.pk, "return"])
    typed = "Bổ sung hành động cụ thể. " * 100
    response = client_for(world.secretary1).post(url, {"reason": typed, "version": registration.version})
    page = response.content.decode()
    assert response.status_code == 200 and "2000" in page and typed.strip() in page
    assert f'name="version" value="{registration.version}"' in page
    assert Registration.objects.get(pk=registration.pk).status == Status.SUBMITTED


def test_the_office_approves_from_the_portal_and_goes_back_to_its_queue(world, campaign, client_for):
    """The office's to-do opens the campaign's own queue of confirmed sheets (not the admin's list of every
    campaign), the sheet's page offers "Duyệt" beside "Trả lại", and each step leads back to the queue."""
    from django.test import TestCase

    from registrations import services as registration_services
    from registrations.models import Registration, Status

    from .conftest import filled

    with TestCase.captureOnCommitCallbacks(execute=True):
        sheet = registration_services.registration_submit(
            by=world.cadre, registration=filled(world, campaign), expected_version=None
        )
        registration_services.registration_confirm(by=world.secretary1, registration=sheet)
    office = client_for(world.office1)
    home = office.get("/").content.decode()
    queue = reverse("registrations:review_queue", args=[campaign.slug]) + "?status=confirmed"
    assert queue.replace("&", "&amp;") in home and "admin/registrations" not in home
    listed = office.get(queue)
    assert "Nguyễn Văn An" in listed.content.decode() and "Duyệt các phiếu đã chọn" in listed.content.decode()
    page = office.get(reverse("registrations:registration_detail", args=[sheet.pk])).content.decode()
    assert "/approve/" in page and "/return/" in page and "Quay lại danh sách" in page
    version = Registration.objects.get(pk=sheet.pk).version
    done = office.post(reverse("registrations:registration_review", args=[sheet.pk, "approve"]), {"version": version})
    assert done.status_code == 302 and done["Location"] == queue
    assert Registration.objects.get(pk=sheet.pk).status == Status.APPROVED
