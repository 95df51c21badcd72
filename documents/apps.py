from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("Documents in the Youth Union's format")

    def ready(self):
        from common import panels
        from reports.models import REPORT_FILE_NAMES, REPORT_TITLES
        from reports.xlsx import REPORT_FORMATS, REPORTS

        from .panels import blank_sheet_units, closing_decisions
        from .writers import write_certificates_pdf, write_sheets_pdf

        # Many pages at once go to the task worker as export jobs (reports.exports): progress, private, kept a while.
        for name, writer, title, file_name in (
            ("sheets_pdf", write_sheets_pdf, _("Registration sheets (PDF)"), "phieu-dang-ky"),
            ("certificates_pdf", write_certificates_pdf, _("Certificates of merit (PDF)"), "giay-khen"),
        ):
            REPORTS[name] = writer
            REPORT_FORMATS[name] = "pdf"
            REPORT_TITLES[name] = title
            REPORT_FILE_NAMES[name] = file_name
        panels.register("campaign_detail", blank_sheet_units)
        panels.register("closing", closing_decisions)
