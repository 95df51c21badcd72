"""A signed paper's scan or photo, as an upload: a PDF that opens (within its size and pages), or a photo checked and
re-encoded without its metadata (common.images). Anything else is refused in Vietnamese."""

import io

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext as _
from pypdf import PdfReader

from .images import random_name, sanitize_image

PDF_MAX_BYTES = 5 * 1024 * 1024
PDF_MAX_PAGES = 200


def checked_pdf(upload) -> SimpleUploadedFile:
    """A PDF that pypdf can open and count the pages of, within limits; stored under a random name."""
    if upload.size > PDF_MAX_BYTES:
        raise ValidationError(_("The PDF file is larger than 5 MB."))
    upload.seek(0)
    data = upload.read(PDF_MAX_BYTES + 1)
    not_a_pdf = ValidationError(_("This file is not a PDF."), code="not_pdf")
    if not data.startswith(b"%PDF-"):
        raise not_a_pdf from None
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        pages = len(reader.pages)
    except Exception:  # pypdf raises many kinds (PdfReadError, KeyError, ValueError, RecursionError…) on bad files
        raise not_a_pdf from None
    if not 1 <= pages <= PDF_MAX_PAGES:
        raise ValidationError(_("The PDF must have between 1 and %(n)d pages.") % {"n": PDF_MAX_PAGES})
    return SimpleUploadedFile(random_name(".pdf"), data, content_type="application/pdf")


def checked_scan(upload):
    """A PDF (by its name) or a photo, checked as above; refused when empty."""
    if not upload.size:
        raise ValidationError(_("The file is empty."), code="empty")
    if (getattr(upload, "name", "") or "").lower().endswith(".pdf"):
        return checked_pdf(upload)
    return sanitize_image(upload)
