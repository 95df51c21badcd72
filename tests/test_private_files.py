"""Private files (hardening issue, item 3): people's photos, evidence, deployment and commitment photos and
documents are stored outside the public root under random names, and reach only who may see them; only the
variants of a published story photo are public."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from evaluations import services
from evaluations.models import Attachment, Commendation, Evaluation, Stage
from organizations.models import Person

from .conftest import person_admin_form
from .test_photos import jpeg_with_everything, jpeg_with_gps


def minimal_pdf(pages=1) -> bytes:
    from io import BytesIO

    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=200, height=200)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def person_photo_form(world, photo: bytes):
    return person_admin_form(world, photo=SimpleUploadedFile("Dang Thi Bich CMND.jpg", photo))


def test_a_person_photo_is_private_random_named_and_scoped(world, client_for, settings):
    url = reverse("admin:organizations_person_change", args=[world.b2_person.pk])
    assert client_for(world.office1).post(url, person_photo_form(world, jpeg_with_gps())).status_code == 302
    photo = Person.objects.get(pk=world.b2_person.pk).photo
    assert "CMND" not in photo.name and "Dang" not in photo.name  # never the uploader's file name
    assert (settings.PRIVATE_MEDIA_ROOT / photo.name).is_file()
    assert not list(settings.MEDIA_ROOT.rglob("*.jpg"))  # nothing in the public root
    assert photo.url == reverse("common:private_file", args=[photo.name])
    # The development server's /media/ does not have it; the scoped view does, for who may see the person.
    assert client_for(world.office1).get(f"/media/{photo.name}").status_code == 404
    response = client_for(world.office1).get(photo.url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff" and "sandbox" in response["Content-Security-Policy"]
    assert client_for(world.office2).get(photo.url).status_code == 404
    assert Client().get(photo.url).status_code == 302  # to the login page
    # A name outside the registered folders, or climbing out of the root, is not served.
    for name in ("../../etc/passwd", "people/../../manage.py", "khac/tep.jpg"):
        assert client_for(world.superuser).get(reverse("common:private_file", args=[name])).status_code == 404


def test_a_replaced_photo_is_deleted_after_commit_and_kept_on_rollback(
    world, settings, django_capture_on_commit_callbacks
):
    person = world.b2_person
    with django_capture_on_commit_callbacks(execute=True):
        person.photo.save("a.jpg", ContentFile(jpeg_with_gps()), save=True)
    first = settings.PRIVATE_MEDIA_ROOT / person.photo.name
    # A replacement that is rolled back: no deletion is scheduled, the old file stays the current one.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                Person.objects.get(pk=person.pk).photo.save("b.jpg", ContentFile(jpeg_with_gps()), save=True)
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
    assert not callbacks and first.is_file()
    # Replaced twenty times: the old files go, only the current one stays.
    person.refresh_from_db()
    for _ in range(20):
        with django_capture_on_commit_callbacks(execute=True):
            person.photo.save("d.jpg", ContentFile(jpeg_with_gps()), save=True)
    stored = {p for p in (settings.PRIVATE_MEDIA_ROOT / "people").rglob("*") if p.is_file()}
    assert settings.PRIVATE_MEDIA_ROOT / person.photo.name in stored and first not in stored
    assert len(stored) == 2  # the current photo and the orphan of the rolled-back attempt
    with django_capture_on_commit_callbacks(execute=True):
        Person.objects.get(pk=person.pk).delete()
    assert not (settings.PRIVATE_MEDIA_ROOT / person.photo.name).exists()


def _self_stage(world, approved):
    evaluation = services.evaluation_start(by=world.cadre, registration=approved)
    return Evaluation.objects.get(pk=evaluation.pk)


def test_evidence_is_an_attachment_with_its_checked_type(world, round_, approved, client_for, settings):
    evaluation = _self_stage(world, approved)
    attach = reverse("evaluations:evaluation_action", args=[evaluation.pk, "attach"])
    client = client_for(world.cadre)
    upload = SimpleUploadedFile("Ho so ca nhan.pdf", minimal_pdf())
    response = client.post(attach, {"file": upload, "caption": "Biên bản"})
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.file.name.endswith(".pdf") and "Ho so" not in attachment.file.name
    for url in (reverse("evaluations:evaluation_attachment", args=[evaluation.pk, attachment.pk]), attachment.file.url):
        response = client_for(world.cadre).get(url)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf", url
        assert response["Content-Disposition"].startswith("attachment")
        assert client_for(world.office2).get(url).status_code == 404


@pytest.mark.parametrize(
    "name, content, phrase",
    [
        ("rong.pdf", b"", "rỗng"),
        ("gia.pdf", b"%PDF-1.4\n<script>alert(1)</script>", "không phải pdf"),
        ("gia-trang.pdf", b"%PDF-1.7\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj trailer<</Root 1 0 R>>", "pdf"),
        ("anh.jpg", b"", "rỗng"),
    ],
)
def test_bad_evidence_gets_a_vietnamese_message_not_a_server_error(
    world, round_, approved, client_for, settings, name, content, phrase
):
    evaluation = _self_stage(world, approved)
    response = client_for(world.cadre).post(
        reverse("evaluations:evaluation_action", args=[evaluation.pk, "attach"]),
        {"file": SimpleUploadedFile(name, content), "caption": "x"},
    )
    assert response.status_code == 400
    assert phrase in response.content.decode().lower()
    assert not Attachment.objects.exists()
    assert not [p for p in settings.PRIVATE_MEDIA_ROOT.rglob("*") if p.is_file()]


def test_nginx_gets_the_file_by_x_accel_redirect(world, client_for, settings):
    from django_sendfile.utils import _get_sendfile

    world.b2_person.photo.save("a.jpg", ContentFile(jpeg_with_gps()), save=True)
    settings.SENDFILE_BACKEND = "django_sendfile.backends.nginx"
    _get_sendfile.cache_clear()
    try:
        response = client_for(world.office1).get(world.b2_person.photo.url)
    finally:
        _get_sendfile.cache_clear()
    assert response.status_code == 200 and not response.content
    assert response["X-Accel-Redirect"] == f"{settings.SENDFILE_URL}/{world.b2_person.photo.name}"


def test_story_photo_variants_are_public_only_while_the_story_is_shown(
    world, client_for, settings, django_capture_on_commit_callbacks
):
    from .test_stories import add, commendation_form

    settings.MEDIA_ROOT = settings.PRIVATE_MEDIA_ROOT.parent / "public"
    client = client_for(world.office1)
    assert add(client, commendation_form(world, jpeg_with_everything(), is_published=None)).status_code == 302
    story = Commendation.objects.get()
    assert (settings.PRIVATE_MEDIA_ROOT / story.photo.name).is_file()
    assert not story.photo_small and not list(settings.MEDIA_ROOT.rglob("*.jpg"))  # unpublished: nothing public
    change = reverse("admin:evaluations_commendation_change", args=[story.pk])
    data = commendation_form(world, None)
    with django_capture_on_commit_callbacks(execute=True):  # the worker's part: the public copies
        assert client.post(change, data).status_code == 302
    story.refresh_from_db()
    assert story.photo_small and len(list(settings.MEDIA_ROOT.rglob("*.jpg"))) == 2
    assert Client().get(story.photo.url).status_code == 302  # the original stays private (anonymous: login)
    response = client.post(
        reverse("admin:evaluations_commendation_changelist"),
        {"action": "withdraw_selected", "_selected_action": [story.pk]},
    )
    assert response.status_code == 302
    story.refresh_from_db()
    assert not story.photo_small and not list(settings.MEDIA_ROOT.rglob("*.jpg"))


def test_files_stored_in_the_public_root_before_are_moved_out(world, settings):
    from django.apps import apps

    from common.storage import move_private_files_out_of_public

    old = settings.MEDIA_ROOT / "people" / "2024" / "anh-cu.jpg"
    old.parent.mkdir(parents=True)
    old.write_bytes(jpeg_with_gps())
    Person.objects.filter(pk=world.b2_person.pk).update(photo="people/2024/anh-cu.jpg")
    assert move_private_files_out_of_public(apps) == 1
    assert not old.exists() and (settings.PRIVATE_MEDIA_ROOT / "people" / "2024" / "anh-cu.jpg").is_file()


# --- Windows (item 8) ---------------------------------------------------------------------------------


def test_evidence_cannot_change_after_the_window(world, round_, approved, client_for, settings):
    evaluation = _self_stage(world, approved)
    services.attachment_add(
        by=world.cadre, evaluation=evaluation, upload=SimpleUploadedFile("a.pdf", minimal_pdf()), caption="x"
    )
    round_.closes_on = timezone.localdate() - timedelta(days=1)
    round_.save()
    client = client_for(world.cadre)
    response = client.post(
        reverse("evaluations:evaluation_action", args=[evaluation.pk, "attach"]),
        {"file": SimpleUploadedFile("b.pdf", minimal_pdf()), "caption": "muộn"},
    )
    assert response.status_code == 404 and Attachment.objects.count() == 1  # no step is open to the cadre
    with pytest.raises(Exception, match="đã kết thúc"):
        services.attachment_add(
            by=world.cadre, evaluation=evaluation, upload=SimpleUploadedFile("b.pdf", minimal_pdf())
        )
    with pytest.raises(Exception, match="đã kết thúc"):
        services.attachment_remove(by=world.cadre, attachment=Attachment.objects.get())
    assert Attachment.objects.count() == 1


def test_a_return_after_the_window_needs_a_new_deadline_and_the_cadre_can_send_again(
    world, round_, approved, client_for
):
    evaluation = _self_stage(world, approved)
    from .test_evaluations import self_assessed

    evaluation = self_assessed(world, evaluation)
    round_.closes_on = timezone.localdate() - timedelta(days=1)
    round_.save()
    url = reverse("evaluations:evaluation_action", args=[evaluation.pk, "return"])
    reviewer = client_for(world.secretary1)
    page = reviewer.get(reverse("evaluations:evaluation_detail", args=[evaluation.pk])).content.decode()
    assert 'name="resubmit_by"' in page
    response = reviewer.post(url, {"version": evaluation.version, "reason": "Bổ sung minh chứng"})
    assert response.status_code == 400 and "hạn mới" in response.content.decode()
    assert ">Bổ sung minh chứng</textarea>" in response.content.decode()  # what was typed is kept
    assert Evaluation.objects.get(pk=evaluation.pk).stage == Stage.SUBMITTED
    too_late = (timezone.localdate() + timedelta(days=90)).strftime("%d/%m/%Y")
    response = reviewer.post(url, {"version": evaluation.version, "reason": "x", "resubmit_by": too_late})
    assert response.status_code == 400 and Evaluation.objects.get(pk=evaluation.pk).stage == Stage.SUBMITTED
    deadline = timezone.localdate() + timedelta(days=7)
    response = reviewer.post(
        url,
        {"version": evaluation.version, "reason": "Bổ sung minh chứng", "resubmit_by": deadline.strftime("%d/%m/%Y")},
    )
    assert response.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.stage == Stage.SELF and evaluation.resubmit_by == deadline
    # The cadre sees the deadline and can send again; then the unit can propose, until that date.
    page = client_for(world.cadre).get(reverse("evaluations:evaluation_detail", args=[evaluation.pk])).content.decode()
    assert deadline.strftime("%d/%m/%Y") in page and 'name="submit"' in page
    evaluation = self_assessed(world, evaluation)
    assert evaluation.stage == Stage.SUBMITTED
    services.unit_propose(
        by=world.secretary1,
        evaluation=evaluation,
        comment="Đồng ý",
        level_id=evaluation.self_level_id,
        expected_version=evaluation.version,
    )
    # After the personal deadline too, nothing more.
    later = deadline + timedelta(days=1)
    assert not Evaluation.objects.get(pk=evaluation.pk).is_open(later)


def test_every_photo_endpoint_stores_pixels_only(
    world, campaign, round_, approved, client_for, settings, django_capture_on_commit_callbacks
):
    """At each page a photo comes in: a JPEG carrying a script in its comment, XMP, ICC and
    EXIF is stored (and its public variants made) with none of them."""
    from campaigns.models import BranchCommitment, DeploymentPhoto

    from .test_photos import assert_pixels_only
    from .test_stories import add, commendation_form

    def photo(name="anh.jpg"):
        return SimpleUploadedFile(name, jpeg_with_everything(), content_type="image/jpeg")

    today = timezone.localdate().strftime("%d/%m/%Y")
    office = client_for(world.office1)
    assert (
        office.post(
            reverse("admin:organizations_person_change", args=[world.b2_person.pk]),
            {**person_photo_form(world, b""), "photo": photo()},
        ).status_code
        == 302
    )
    assert (
        office.post(
            reverse("campaigns:deployment_report", args=[campaign.slug, world.B1.pk]),
            {"deployed_on": today, "attendance": "12", "notes": "", "photo": photo()},
        ).status_code
        == 302
    )
    assert (
        office.post(
            reverse("campaigns:commitment_record", args=[campaign.slug, world.B1.pk]),
            {"signed_on": today, "signers": "2", "text": "Cam kết", "photo": photo()},
        ).status_code
        == 302
    )
    with django_capture_on_commit_callbacks(execute=True):  # the story's public copies: made by the worker
        assert add(office, commendation_form(world, jpeg_with_everything())).status_code == 302
    evaluation = _self_stage(world, approved)
    assert (
        client_for(world.cadre)
        .post(
            reverse("evaluations:evaluation_action", args=[evaluation.pk, "attach"]),
            {"file": photo(), "caption": "Ảnh"},
        )
        .status_code
        == 302
    )
    story = Commendation.objects.get()
    stored = [
        Person.objects.get(pk=world.b2_person.pk).photo,
        DeploymentPhoto.objects.get().image,
        BranchCommitment.objects.get().photo,
        story.photo,
        story.photo_small,
        story.photo_medium,
        Attachment.objects.get().file,
    ]
    for field_file in stored:
        assert field_file, field_file
        with field_file.open("rb") as handle:
            assert_pixels_only(handle.read())
