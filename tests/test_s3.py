"""FILE_STORAGE=s3: uploads, exports and pending imports on an S3-compatible object store (common/s3.py), tested
against a local S3 server (moto's, on 127.0.0.1; nothing leaves the machine)."""

import io
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import openpyxl
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from organizations.models import Person
from reports import exports
from reports.models import ExportJob, ImportJob

from .conftest import filled
from .test_photos import jpeg_with_gps

pytestmark = pytest.mark.database_independent  # what it checks is the same on SQLite and PostgreSQL

BUCKET = "cong-doan"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def s3_server():
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(endpoint, timeout=1)
            break
        except urllib.error.HTTPError:
            break  # it answers
        except OSError:
            time.sleep(0.1)
    yield endpoint
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture
def s3(s3_server, settings):
    """The private storage on the local S3 server, as settings.py makes it for FILE_STORAGE=s3; returns a boto3
    client to look into the bucket."""
    import boto3

    client = boto3.client(
        "s3", endpoint_url=s3_server, aws_access_key_id="k", aws_secret_access_key="s", region_name="us-east-1"
    )
    client.create_bucket(Bucket=BUCKET)
    options = {
        "bucket_name": BUCKET,
        "endpoint_url": s3_server,
        "region_name": "us-east-1",
        "access_key": "k",
        "secret_key": "s",
        "addressing_style": "path",
        "signature_version": "s3v4",
        "file_overwrite": False,
    }
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "common.s3.PrivateS3Storage",
            "OPTIONS": {**options, "location": "private", "default_acl": "private", "querystring_auth": True},
        },
    }
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def keys(client) -> list[str]:
    return sorted(item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []))


def fetch(url: str):
    with urllib.request.urlopen(url, timeout=10) as answer:
        return answer.headers, answer.read()


def test_a_private_photo_is_an_object_nobody_reads_without_the_scoped_view(world, client_for, s3):
    data = jpeg_with_gps()
    world.b2_person.photo.save("anh.jpg", ContentFile(data), save=True)
    name = world.b2_person.photo.name
    assert keys(s3) == [f"private/{name}"]
    assert world.b2_person.photo.url == f"/tep/{name}"  # the scoped view, never the bucket
    # Straight at the bucket, unsigned: refused.
    endpoint = s3.meta.endpoint_url
    with pytest.raises(urllib.error.HTTPError) as refused:
        fetch(f"{endpoint}/{BUCKET}/private/{name}")
    assert refused.value.code == 403
    # Through the view: the office of the unit gets a one-minute signed address, with the checked type.
    response = client_for(world.office1).get(world.b2_person.photo.url)
    assert response.status_code == 302 and response["Cache-Control"] == "private, no-store"
    signed = response["Location"]
    assert signed.startswith(f"{endpoint}/{BUCKET}/private/") and "X-Amz-Expires=60" in signed
    headers, body = fetch(signed)
    assert headers["Content-Type"] == "image/jpeg" and headers["Content-Disposition"].startswith("inline")
    assert body[:2] == b"\xff\xd8" and len(body) > 100
    # Another district's office and a visitor get nothing, as on a disk.
    assert client_for(world.office2).get(world.b2_person.photo.url).status_code == 404
    assert client_for(None).get(world.b2_person.photo.url).status_code == 302  # to the login page
    assert "/dang-nhap/" in client_for(None).get(world.b2_person.photo.url)["Location"]


def test_an_export_job_writes_one_whole_object_and_hands_it_out_signed(world, campaign, client_for, s3, settings):
    filled(world, campaign)
    office = client_for(world.office1)
    with TestCase.captureOnCommitCallbacks(execute=True):
        started = office.post(reverse("reports:export", args=[campaign.slug, "registrations"]))
    job = ExportJob.objects.get()
    assert started.status_code == 302 and job.status == "done" and job.rows_written == 1
    assert keys(s3) == [f"private/exports/{job.pk}/1/{job.filename}"]  # no partial object beside it
    download = office.get(storages["default"].url(job.file.name))
    assert download.status_code == 302
    headers, body = fetch(download["Location"])
    assert headers["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in headers["Content-Disposition"] and job.filename in headers["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(body)).active
    assert sheet["A1"].value == "DANH SÁCH CÁN BỘ ĐĂNG KÝ RÈN LUYỆN"
    assert client_for(world.office2).get(storages["default"].url(job.file.name)).status_code == 404
    # Expired: the recurring job removes the object.
    ExportJob.objects.update(expires_at=job.created_at)
    assert exports.remove_expired() == 1 and keys(s3) == []


def test_an_import_waits_in_the_bucket_and_leaves_it_once_applied(
    world, client_for, s3, django_capture_on_commit_callbacks
):
    from .test_imports import PEOPLE_HEADER, people_rows, xlsx

    office = client_for(world.office1)
    upload = SimpleUploadedFile("du-lieu.xlsx", xlsx(PEOPLE_HEADER, people_rows(3)))
    with django_capture_on_commit_callbacks(execute=True):  # the check, on the worker (inline here)
        office.post(reverse("reports:import_upload"), {"kind": "people", "file": upload})
    job = ImportJob.objects.get()
    assert job.status == "checked" and job.summary["creates"] == 3
    assert keys(s3) == [f"private/imports/{job.pk}.xlsx"]
    assert office.get(f"/tep/imports/{job.pk}.xlsx").status_code == 404  # no page hands it out
    with django_capture_on_commit_callbacks(execute=True):
        office.post(reverse("reports:import_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == "done" and Person.objects.filter(member_number__startswith="NK").count() == 3
    assert keys(s3) == []
