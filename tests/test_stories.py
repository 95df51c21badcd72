"""Commendations and the public "Gương sáng cán bộ Đoàn" page: consent, photos, what the public can reach."""

from datetime import date

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from evaluations.models import Commendation
from organizations.models import Person

from .conftest import make_cadre
from .test_photos import jpeg_with_gps


@pytest.fixture
def media(settings, tmp_path):
    """Both storages under tmp_path: the public one (story variants) and the private one (the original)."""
    settings.MEDIA_ROOT = tmp_path / "public"
    settings.PRIVATE_MEDIA_ROOT = settings.SENDFILE_ROOT = tmp_path / "private"
    return tmp_path


def commendation_form(world, photo=None, **extra):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = {
        "decision_number": "126-QĐ/HĐTN",
        "decision_date": "20/12/2025",
        "issuing_unit": world.D1.pk,
        "form": "giay_khen",
        "person": world.cadre_person.pk,
        "reason": "Hoàn thành xuất sắc nhiệm vụ",
        "consent_given": "on",
        "consent_note": "Phiếu đồng ý",
        "headline": "Người bí thư tận tụy",
        "story": "Mỗi tuần hai buổi tối đến từng nhà đoàn viên.",
        "photo_alt": "Ảnh chân dung",
        "is_published": "on",
        **extra,
    }
    if photo is not None:
        data["photo"] = SimpleUploadedFile("anh.jpg", photo, content_type="image/jpeg")
    return {k: v for k, v in data.items() if v is not None}


def add(client, data):
    return client.post(reverse("admin:evaluations_commendation_add"), data)


def test_office_publishes_a_story_with_a_clean_photo_in_two_sizes(
    world, client_for, media, settings, django_capture_on_commit_callbacks
):
    from io import BytesIO

    big = Image.new("RGB", (2400, 1800), (11, 78, 162))
    buffer = BytesIO()
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (10.0, 30.0, 0.0)}
    big.save(buffer, format="JPEG", exif=exif)
    with django_capture_on_commit_callbacks() as after_commit:
        response = add(client_for(world.office1), commendation_form(world, buffer.getvalue()))
    assert response.status_code == 302, response.content.decode()[:2000]
    story = Commendation.objects.get()
    # The smaller copies are the worker's job, queued once the story is saved; until they exist it is not shown.
    assert not story.photo_small and not story.photo_medium
    assert "Người bí thư tận tụy" not in client_for(None).get(reverse("evaluations:story_list")).content.decode()
    for callback in after_commit:
        callback()  # the task queued at commit (run inline by the tests' task backend)
    story.refresh_from_db()
    assert story.published_at is not None
    for field, side in (("photo", 1600), ("photo_small", 480), ("photo_medium", 1000)):
        image = Image.open(getattr(story, field).path)
        assert max(image.size) == side and not image.getexif()
    page = client_for(None).get(reverse("evaluations:story_list")).content.decode()
    assert "Người bí thư tận tụy" in page and story.photo_small.url in page
    detail = client_for(None).get(reverse("evaluations:story_detail", args=[story.pk])).content.decode()
    # A shared link shows the photo: an absolute address on the configured site, never the request's Host.
    assert f'property="og:image" content="{settings.SITE_URL}{story.photo_medium.url}"' in detail
    assert 'property="og:title" content="Người bí thư tận tụy"' in detail and story.photo_medium.url in detail


@pytest.mark.parametrize(
    "change, phrase",
    [
        ({"consent_given": None}, "sự đồng ý"),
        ({"story": ""}, "cần có nội dung"),
        ({"photo": "fake"}, "không phải là ảnh"),
        ({"decision_date": "20/12/2999"}, "tương lai"),
        ({"person": None}, "một cán bộ hoặc một tập thể"),
    ],
)
def test_bad_commendations_are_refused_and_nothing_is_saved(world, client_for, media, change, phrase):
    photo = b"<script>alert(1)</script>" if change.get("photo") == "fake" else jpeg_with_gps()
    change = {k: v for k, v in change.items() if k != "photo"}
    response = add(client_for(world.office1), commendation_form(world, photo, **change))
    assert response.status_code == 200
    assert phrase in response.content.decode().lower()
    assert not Commendation.objects.exists()
    assert not list(media.rglob("*.jpg"))


def test_the_database_refuses_publication_without_consent(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Commendation.objects.create(
            decision_number="1",
            decision_date=date(2025, 1, 1),
            issuing_unit=world.D1,
            person=world.cadre_person,
            form="giay_khen",
            reason="x",
            is_published=True,
        )


def story(world, person=None, **extra):
    fields = {
        "decision_number": "1-QĐ",
        "decision_date": date(2025, 12, 20),
        "issuing_unit": world.D1,
        "person": person or world.cadre_person,
        "form": "tuyen_duong",
        "reason": "x",
        "headline": "Gương sáng",
        "story": "Chuyện",
        "consent_given": True,
        "is_published": True,
        "photo": "g/a.jpg",
        "photo_small": "g/a-480.jpg",
        "photo_medium": "g/a-1000.jpg",
        **extra,
    }
    return Commendation.objects.create(**fields)


def test_only_published_stories_with_consent_are_reachable(world, client_for):
    shown = story(world, headline="Được đăng")
    hidden = [
        story(world, headline="Chưa đăng", is_published=False),
        story(world, headline="Đã gỡ", is_published=False, withdrawn_at=timezone.now()),
        story(world, headline="Không đồng ý", consent_given=False, is_published=False),
        story(world, headline="Không có ảnh", photo="", photo_small="", photo_medium=""),
    ]
    client = client_for(None)
    page = client.get(reverse("evaluations:story_list")).content.decode()
    assert "Được đăng" in page
    for other in hidden:
        assert other.headline not in page
        assert client.get(reverse("evaluations:story_detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("evaluations:story_detail", args=[shown.pk])).status_code == 200


def test_public_page_filters_by_unit_and_year(world, client_for):
    story(world, headline="Huyện Một 2025")
    story(
        world, person=world.b3_person, headline="Huyện Hai 2024", decision_date=date(2024, 12, 1), issuing_unit=world.D2
    )
    client = client_for(None)
    page = client.get(reverse("evaluations:story_list"), {"unit": world.D2.pk}).content.decode()
    assert "Huyện Hai 2024" in page and "Huyện Một 2025" not in page
    page = client.get(reverse("evaluations:story_list"), {"year": "2025"}).content.decode()
    assert "Huyện Một 2025" in page and "Huyện Hai 2024" not in page
    assert client.get(reverse("evaluations:story_list"), {"unit": "x", "year": "năm"}).status_code == 200


@pytest.mark.parametrize("size", [2, 20])
def test_public_page_queries_do_not_grow(world, client_for, django_assert_max_num_queries, size):
    for i in range(size):
        story(world, person=make_cadre(world.B2, f"Gương {i}", number=f"G{i:03d}"), headline=f"Gương {i}")
    client = client_for(None)
    with django_assert_max_num_queries(5):
        assert client.get(reverse("evaluations:story_list")).status_code == 200
    with django_assert_max_num_queries(3):
        assert (
            client.get(reverse("evaluations:story_detail", args=[Commendation.objects.first().pk])).status_code == 200
        )


def test_offices_see_only_their_own_commendations_in_the_admin(world, client_for):
    mine = story(world)
    theirs = story(world, person=world.b3_person, issuing_unit=world.D2)
    client = client_for(world.office1)
    listing = client.get(reverse("admin:evaluations_commendation_changelist")).content.decode()
    assert reverse("admin:evaluations_commendation_change", args=[mine.pk]) in listing
    assert reverse("admin:evaluations_commendation_change", args=[theirs.pk]) not in listing
    assert client.get(reverse("admin:evaluations_commendation_change", args=[theirs.pk])).status_code == 404


@pytest.mark.django_db(transaction=True)  # committed writes: the version moves on commit
def test_visitors_get_the_public_pages_from_the_cache_until_a_story_changes(
    world, client_for, django_assert_num_queries
):
    """A shared story brings many visitors at once: after the first, the same page costs no query; withdrawing a
    story, or any change to one, takes effect on the next visit, not a minute later."""
    from evaluations.stories import commendation_withdraw

    first = story(world, headline="Gương đầu tiên")
    visitor = client_for(None)
    list_url, detail_url = reverse("evaluations:story_list"), reverse("evaluations:story_detail", args=[first.pk])
    page = visitor.get(list_url).content.decode()
    assert visitor.get(detail_url).status_code == 200
    with django_assert_num_queries(0):
        again = visitor.get(list_url)
        assert again.status_code == 200 and again.content.decode() == page
        assert visitor.get(detail_url).status_code == 200
    assert again["Content-Security-Policy"]  # served through the middleware as any page
    commendation_withdraw(by=world.office1, commendation=first)
    assert "Gương đầu tiên" not in visitor.get(list_url).content.decode()
    assert visitor.get(detail_url).status_code == 404
    story(world, headline="Gương thứ hai")
    assert "Gương thứ hai" in visitor.get(list_url).content.decode()
    # The cadre's new name, saved, shows at once too.
    person = Person.objects.get(pk=world.cadre_person.pk)
    person.full_name = "Nguyễn Văn Ân"
    person.save()
    assert "Nguyễn Văn Ân" in visitor.get(list_url).content.decode()


def test_signed_in_users_and_visitors_with_cookies_are_never_served_a_kept_page(world, client_for):
    story(world, headline="Gương sáng xã")
    url = reverse("evaluations:story_list")
    assert "Gương sáng xã" in client_for(None).get(url).content.decode()  # kept for visitors
    office = client_for(world.office1)
    page = office.get(url).content.decode()
    assert "Đăng xuất" in page and "csrfmiddlewaretoken" in page  # their own menu, their own token
    visitor = client_for(None)
    visitor.cookies["messages"] = "a pending message"
    with CaptureQueriesContext(connection) as queries:
        assert visitor.get(url).status_code == 200
    assert len(queries) > 0  # drawn for them, not taken from the cache
