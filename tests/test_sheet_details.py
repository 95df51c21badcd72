"""The seeds' remaining details on the registration sheet: criteria kept to a sector ("từng khu vực lựa chọn phong
cách phù hợp"), optional targets, the "đoàn viên ưu tú" registration of the Lạng Sơn model, and the sheet's
header (date joined, Party member, position at work)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from campaigns.models import Criterion
from organizations.models import Sector
from registrations import services
from registrations.models import Registration

from .conftest import filled


def form_data(criterion, **extra):
    return {
        f"pick_{criterion.pk}": "on",
        f"short_{criterion.pk}": "Còn ngại phát biểu",
        f"act_{criterion.pk}": "Phát biểu ở mỗi buổi sinh hoạt",
        "overall_commitment": "Hoàn thành tốt nhiệm vụ",
        "save": "1",
        **extra,
    }


def test_a_criterion_kept_to_another_sector_is_neither_offered_nor_accepted(world, campaign, client_for):
    schools = Criterion.objects.create(campaign=campaign, order=9, title="Gần gũi học sinh", sector=Sector.SCHOOL)
    communes = Criterion.objects.create(campaign=campaign, order=10, title="Bám ấp, bám dân", sector=Sector.COMMUNE)
    page = client_for(world.cadre).get(reverse("registrations:register", args=[campaign.slug])).content.decode()
    assert "Bám ấp, bám dân" in page and "Gần gũi học sinh" not in page  # the cadre's branch is a commune's
    detail = client_for(world.cadre).get(reverse("campaigns:campaign_detail", args=[campaign.slug])).content.decode()
    assert "chỉ dành cho" in detail.lower()
    registration = filled(world, campaign)
    before = list(registration.choices.values_list("criterion_id", flat=True))
    with pytest.raises(ValidationError, match="lĩnh vực khác"):
        services.registration_save(
            by=world.cadre,
            registration=registration,
            choices=[services.Choice(schools.pk, "x", "y")],
            expected_version=registration.version,
        )
    assert list(registration.choices.values_list("criterion_id", flat=True)) == before
    saved = services.registration_save(
        by=world.cadre,
        registration=registration,
        choices=[services.Choice(communes.pk, "Ít xuống ấp", "Mỗi tháng xuống ấp 2 lần", "24 lần xuống ấp")],
        expected_version=registration.version,
    )
    assert saved.choices.get().target == "24 lần xuống ấp"


def test_the_sheet_carries_targets_and_its_header(world, campaign, client_for):
    person = world.cadre_person
    person.joined_on, person.party_member, person.job_title = date(2012, 3, 26), True, "Công chức văn hóa xã"
    person.save()
    first = campaign.criteria.first()
    client = client_for(world.cadre)
    sent = client.post(
        reverse("registrations:register", args=[campaign.slug]), form_data(first, **{f"target_{first.pk}": "12 buổi"})
    )
    assert sent.status_code == 302
    registration = Registration.objects.get(person=person)
    assert registration.choices.get().target == "12 buổi"
    sheet = client.get(reverse("registrations:registration_print", args=[registration.pk])).content.decode()
    for text in ("26/03/2012", "Công chức văn hóa xã", "12 buổi", 'Đảng viên</dt><dd class="col-7 col-md-9">Có<'):
        assert text in sheet, text
    assert "đoàn viên ưu tú" not in client.get(reverse("registrations:register", args=[campaign.slug])).content.decode()


def test_where_every_member_registers_a_member_may_also_register_as_an_excellent_member(world, campaign, client_for):
    campaign.members_register = True
    campaign.save()
    first = campaign.criteria.first()
    client = client_for(world.cadre)
    url = reverse("registrations:register", args=[campaign.slug])
    assert "đoàn viên ưu tú" in client.get(url).content.decode()
    assert client.post(url, form_data(first, excellent_member="on")).status_code == 302
    registration = Registration.objects.get(person=world.cadre_person)
    assert registration.excellent_member
    detail = client.get(reverse("registrations:registration_detail", args=[registration.pk])).content.decode()
    assert "data-excellent-member" in detail
    # Saved again without the tick: no longer registered as such.
    client.post(url, form_data(first, version=registration.version))
    registration.refresh_from_db()
    assert not registration.excellent_member
