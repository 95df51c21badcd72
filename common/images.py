"""Uploaded photos: accept real images only, and store a clean re-encoded copy.

The file's name and declared type are not trusted: Pillow must recognise JPEG, PNG or WebP
from the bytes, the pixel count is checked from the header before any decoding (a
decompression bomb never gets decoded), and what is stored is a fresh encoding: no EXIF
(GPS position, camera serial), no trailing bytes of a polyglot file, at most
IMAGE_STORED_MAX_SIDE pixels on the long side.
"""

import io
import secrets
import warnings
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}


def _too_many_pixels(pixels: int | None) -> ValidationError:
    limit = round(settings.IMAGE_UPLOAD_MAX_PIXELS / 1e6)
    if pixels is None:
        return ValidationError(
            _("The photo has more than %(limit)s megapixels.") % {"limit": limit}, code="too_many_pixels"
        )
    return ValidationError(
        _("The photo has %(pixels)s megapixels; the limit is %(limit)s.")
        % {"pixels": round(pixels / 1e6, 1), "limit": limit},
        code="too_many_pixels",
    )


def sanitize_image(upload) -> SimpleUploadedFile:
    """Return a re-encoded copy of `upload`, or raise ValidationError in Vietnamese."""
    max_bytes = settings.IMAGE_UPLOAD_MAX_BYTES
    if upload.size is not None and upload.size > max_bytes:
        raise ValidationError(
            _("The photo is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes)},
            code="too_large",
        )
    upload.seek(0)
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ValidationError(_("The photo is larger than %(limit)s.") % {"limit": filesizeformat(max_bytes)})

    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
            image_format = image.format
            width, height = image.size
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            # Pillow refuses a header that claims far too many pixels before decoding anything.
            raise _too_many_pixels(None) from None
        except (UnidentifiedImageError, OSError, SyntaxError):
            raise ValidationError(_("This file is not a photo (JPEG, PNG or WebP)."), code="not_image") from None
        except ValueError:
            # Pillow's own limits (a text chunk that inflates past its cap, say) raise ValueError.
            raise ValidationError(_("The photo is damaged and cannot be read."), code="damaged") from None
        if image_format not in ACCEPTED_FORMATS:
            raise ValidationError(_("Only JPEG, PNG or WebP photos are accepted."), code="format")
        if width * height > settings.IMAGE_UPLOAD_MAX_PIXELS:
            raise _too_many_pixels(width * height)
        try:
            image.load()
            image = ImageOps.exif_transpose(image)
        except (OSError, ValueError, SyntaxError, Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ValidationError(_("The photo is damaged and cannot be read."), code="damaged") from None

    image.thumbnail((settings.IMAGE_STORED_MAX_SIDE, settings.IMAGE_STORED_MAX_SIDE))
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    image = pixels_only(image, "RGBA" if has_alpha else "RGB")
    out = io.BytesIO()
    if has_alpha:
        image.save(out, format="PNG", optimize=True)
        suffix, content_type = ".png", "image/png"
    else:
        image.save(out, format="JPEG", quality=85, optimize=True, progressive=True)
        suffix, content_type = ".jpg", "image/jpeg"
    return SimpleUploadedFile(random_name(suffix), out.getvalue(), content_type=content_type)


def resized_jpeg(data: bytes, side: int) -> bytes:
    """A smaller JPEG copy of a stored (already checked) photo, at most `side` pixels on its long side: what a list
    of pictures sends instead of the original on a slow connection."""
    image = Image.open(io.BytesIO(data))
    image.thumbnail((side, side))
    out = io.BytesIO()
    pixels_only(image, "RGB").save(out, format="JPEG", quality=80, optimize=True, progressive=True)
    return out.getvalue()


def random_name(suffix: str) -> str:
    """A stored file's name: random, never the uploader's (which may say who or what, or be a path)."""
    return secrets.token_urlsafe(16) + suffix


@deconstructible
class RandomUploadPath:
    """An `upload_to` that files an upload as folder/yyyy/mm/<random>.<its extension>."""

    def __init__(self, folder: str):
        self.folder = folder

    def __call__(self, instance, filename):
        extension = Path(filename).suffix.lower()[:6]
        return f"{self.folder}/{timezone.now():%Y/%m}/{random_name(extension)}"

    def __eq__(self, other):
        return isinstance(other, RandomUploadPath) and other.folder == self.folder


def pixels_only(image: Image.Image, mode: str) -> Image.Image:
    """The image in `mode` (sRGB) with nothing but its pixels: Pillow carries `info` (comment, ICC
    profile, XMP, text chunks) into every save unless it is emptied."""
    icc = image.info.get("icc_profile")
    image = image.convert(mode)
    if icc:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            image = ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"), outputMode=mode)
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            pass  # an unreadable profile: the pixels are kept as they are
    image.info = {}
    return image
