"""Uploaded photos: real images only, within limits, stored without EXIF."""

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from common.images import sanitize_image

from .conftest import person_admin_form

pytestmark = pytest.mark.database_independent  # what it checks is the same on SQLite and PostgreSQL


def jpeg_with_gps(size=(64, 48)) -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"
    exif[0x8825] = {1: "N", 2: (10.0, 30.0, 0.0), 3: "E", 4: (105.0, 10.0, 0.0)}  # GPS position
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def png_header_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims a huge picture: a decompression bomb."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b"")
    )


def upload(name, data, content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def test_a_real_photo_is_kept_without_its_exif():
    clean = sanitize_image(upload("anh.jpg", jpeg_with_gps()))
    image = Image.open(io.BytesIO(clean.read()))
    assert image.format == "JPEG" and image.size == (64, 48)
    assert not image.getexif()


def test_a_large_photo_is_scaled_down(settings):
    settings.IMAGE_STORED_MAX_SIDE = 100
    clean = sanitize_image(upload("lon.jpg", jpeg_with_gps(size=(400, 300))))
    assert Image.open(io.BytesIO(clean.read())).size == (100, 75)


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("script.jpg", b"<script>alert(1)</script>", "không phải là ảnh"),
        ("ve.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "không phải là ảnh"),
        ("trang.html.jpg", b"<!doctype html><html><body>hi</body></html>", "không phải là ảnh"),
        ("bom.png", png_header_claiming(50_000, 50_000), "megapixel"),
        ("rong.jpg", b"", "không phải là ảnh"),
    ],
)
def test_hostile_files_are_refused_in_vietnamese(name, data, message):
    with pytest.raises(ValidationError) as error:
        sanitize_image(upload(name, data))
    assert message in " ".join(error.value.messages)


def test_gif_is_refused_and_oversized_files_too(settings):
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, format="GIF")
    with pytest.raises(ValidationError, match="JPEG, PNG hoặc WebP"):
        sanitize_image(upload("a.gif", out.getvalue(), "image/gif"))
    settings.IMAGE_UPLOAD_MAX_BYTES = 1000
    with pytest.raises(ValidationError, match="giới hạn"):
        sanitize_image(upload("big.jpg", jpeg_with_gps(size=(600, 600))))


def test_polyglot_trailing_bytes_are_not_kept():
    polyglot = jpeg_with_gps() + b"PK\x03\x04<?php system($_GET['c']); ?>"
    clean = sanitize_image(upload("poly.jpg", polyglot)).read()
    assert b"<?php" not in clean and b"PK\x03\x04" not in clean


@pytest.mark.django_db
def test_admin_photo_upload_goes_through_the_check(world, client_for):
    from django.urls import reverse

    client = client_for(world.office1)
    url = reverse("admin:organizations_person_change", args=[world.b2_person.pk])
    data = person_admin_form(world, photo=upload("x.jpg", b"<script>alert(1)</script>"))
    response = client.post(url, data)
    assert "không phải là ảnh" in str(response.context["adminform"].form.errors)
    data["photo"] = upload("that.jpg", jpeg_with_gps())
    assert client.post(url, data).status_code == 302
    world.b2_person.refresh_from_db()
    stored = Image.open(world.b2_person.photo.path)
    assert not stored.getexif()
    world.b2_person.photo.delete(save=False)


# --- Only pixels are stored (hardening issue, items 1 and 2) --------------------------------------


def jpeg_segments(data: bytes) -> list[int]:
    """The markers of a JPEG's header segments, up to the start of the scan."""
    markers, at = [], 2
    while at < len(data) and data[at] == 0xFF:
        marker = data[at + 1]
        markers.append(marker)
        if marker == 0xDA:  # start of scan: compressed data follows
            break
        at += 2 + struct.unpack(">H", data[at + 2 : at + 4])[0]
    return markers


def png_chunks(data: bytes) -> list[bytes]:
    kinds, at = [], 8
    while at < len(data):
        length = struct.unpack(">I", data[at : at + 4])[0]
        kinds.append(data[at + 4 : at + 8])
        at += 12 + length
    return kinds


def jpeg_with_everything() -> bytes:
    """A photo carrying a script in its comment, XMP, an ICC profile and EXIF."""
    from PIL import ImageCms

    image = Image.new("RGB", (40, 30), (10, 120, 200))
    out = io.BytesIO()
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    image.save(
        out,
        format="JPEG",
        comment=b"<script>alert(1)</script><?php system($_GET[0]); ?>",
        icc_profile=icc,
        xmp=b"<x:xmpmeta>GPS 10.5 105.1</x:xmpmeta>",
        exif=Image.Exif().tobytes(),
    )
    return out.getvalue()


def png_with_text(extra_chunk: bytes = b"") -> bytes:
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "<script>alert(1)</script>")
    info.add_text("Author", "<?php echo 1; ?>", zip=True)
    out = io.BytesIO()
    Image.new("RGBA", (20, 20), (0, 0, 0, 0)).save(out, format="PNG", pnginfo=info)
    data = out.getvalue()
    return data[:-12] + extra_chunk + data[-12:] if extra_chunk else data


def png_with_inflating_text() -> bytes:
    """A zTXt chunk that inflates to 4 MB: Pillow raises ValueError, not OSError."""
    body = b"Comment\x00\x00" + zlib.compress(b"A" * (4 * 1024 * 1024), 9)
    chunk = struct.pack(">I", len(body)) + b"zTXt" + body + struct.pack(">I", zlib.crc32(b"zTXt" + body) & 0xFFFFFFFF)
    out = io.BytesIO()
    Image.new("RGB", (8, 8)).save(out, format="PNG")
    data = out.getvalue()
    return data[:33] + chunk + data[33:]  # after the 8-byte signature and the 25-byte IHDR


def assert_pixels_only(data: bytes):
    assert b"<script" not in data and b"<?php" not in data and b"xmpmeta" not in data
    if data.startswith(b"\xff\xd8"):
        markers = jpeg_segments(data)
        assert 0xFE not in markers, "a JPEG comment (COM) was kept"
        assert not [m for m in markers if 0xE1 <= m <= 0xEF], "an APPn segment (EXIF, XMP, ICC) was kept"
    else:
        kinds = png_chunks(data)
        assert not {b"tEXt", b"zTXt", b"iTXt", b"iCCP", b"eXIf"} & set(kinds), kinds


@pytest.mark.parametrize("build", [jpeg_with_everything, png_with_text], ids=["jpeg", "png"])
def test_only_pixels_survive_the_re_encoding(build):
    clean = sanitize_image(upload("anh.jpg", build()))
    assert_pixels_only(clean.read())
    assert clean.name != "anh.jpg" and len(clean.name) > 20  # a random name, never the uploader's


def test_a_text_chunk_that_inflates_too_far_is_refused_not_a_server_error():
    with pytest.raises(ValidationError) as error:
        sanitize_image(upload("a.png", png_with_inflating_text(), "image/png"))
    assert error.value.code in ("damaged", "not_image")
