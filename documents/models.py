"""What an office adjusts in its documents: the lines of its heading, who signs and who receives them.

The form itself (the Youth Union's guide on document format, Hướng dẫn 29-HD/TWĐTN-VP and its successors) is the
portal's: heading, number, place-and-date line, title and subject, body, signature block, "Nơi nhận" (builder.py).
An office's letterhead fills it in; without one, the lines come from the unit tree (letterhead.py).
"""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.text import reject_control_characters
from organizations.models import Unit


class PortalDocument(models.TextChoices):
    """Which of the documents the portal writes a letterhead serves (campaigns.DocumentKind is a document's kind
    in its number: KH, QĐ, BC…)."""

    ALL = "", _("Every document")
    PLAN = "plan", _("Plan (kế hoạch)")
    SHEET = "sheet", _("Registration sheet (phiếu đăng ký)")
    EVALUATION = "evaluation", _("Year-end evaluation sheet (phiếu đánh giá)")
    REPORT = "report", _("Report (báo cáo)")
    DECISION = "decision", _("Decision (quyết định)")
    CERTIFICATE = "certificate", _("Certificate of merit (giấy khen)")


class Letterhead(models.Model):
    """The heading and signature of one office's documents (of one kind, or of every kind)."""

    unit = models.ForeignKey(Unit, verbose_name=_("issuing unit"), on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("document"), max_length=12, choices=PortalDocument.choices, blank=True)
    upper_body = models.CharField(
        _("body above"),
        max_length=120,
        blank=True,
        validators=[reject_control_characters],
        help_text=_("First heading line, e.g. BCH ĐOÀN TỈNH CÀ MAU (empty for the central level)."),
    )
    body = models.CharField(
        _("issuing body"),
        max_length=120,
        validators=[reject_control_characters],
        help_text=_("Second heading line, in bold, e.g. BCH ĐOÀN HUYỆN PHÚ TÂN."),
    )
    issuer_code = models.CharField(
        _("issuer's sign"),
        max_length=30,
        validators=[RegexValidator(r"^[A-ZĐ][A-ZĐ0-9-]*$", _("Capital letters, digits and dashes, e.g. HĐTN."))],
        help_text=_("After the kind in a number: 09-KH/HĐTN."),
    )
    place = models.CharField(
        _("place"), max_length=60, validators=[reject_control_characters], help_text=_("E.g. Phú Tân.")
    )
    signer_capacity = models.CharField(
        _("signing for"), max_length=60, blank=True, default="TM. BAN THƯỜNG VỤ", validators=[reject_control_characters]
    )
    signer_title = models.CharField(
        _("signer's title"), max_length=60, default="BÍ THƯ", validators=[reject_control_characters]
    )
    signer_name = models.CharField(
        _("signer's name"), max_length=100, blank=True, validators=[reject_control_characters]
    )
    recipients = models.TextField(
        _("recipients (nơi nhận)"),
        blank=True,
        help_text=_("One per line, e.g. “- Ban Thường vụ Tỉnh đoàn (b/c);” and last “- Lưu VP.”"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("letterhead")
        verbose_name_plural = _("letterheads")
        constraints = [models.UniqueConstraint(fields=["unit", "kind"], name="letterhead_unit_kind")]

    def __str__(self):
        return f"{self.body} – {self.get_kind_display()}"
