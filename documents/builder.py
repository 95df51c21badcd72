"""A Word document in the Youth Union's document form (python-docx): A4, margins 20/20/30/15 mm, Times New Roman
13 pt; the heading (issuing body left with its number, "ĐOÀN TNCS HỒ CHÍ MINH" and the place-and-date line right),
the kind and subject centred, the body, the signature block and "Nơi nhận".

    document = DoanDocument(heading)
    document.heading_block(number="09-KH/HĐTN", day=date(2022, 3, 15))
    document.title("KẾ HOẠCH", "Phát động ...")
    document.paragraph("Căn cứ ...")
    document.signature()
    document.save(path)

Word and LibreOffice show Times New Roman; where it is missing (a Linux server converting to PDF) LibreOffice uses
Liberation Serif, which has the same metrics and every Vietnamese glyph.
"""

from datetime import date
from io import BytesIO

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from .letterhead import Heading, place_and_date

FONT = "Times New Roman"
UNION = "ĐOÀN TNCS HỒ CHÍ MINH"  # the heading of every document of the Youth Union (a name: never translated)


class DoanDocument:
    def __init__(self, heading: Heading, *, landscape: bool = False, size: int = 13):
        self.heading = heading
        self.document = Document()
        self._setup(landscape, size)

    def _setup(self, landscape: bool, size: int) -> None:
        section = self.document.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        if landscape:
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = section.page_height, section.page_width
        section.top_margin = section.bottom_margin = Mm(20)
        section.left_margin, section.right_margin = Mm(30), Mm(15)
        style = self.document.styles["Normal"]
        style.font.name = FONT
        style.font.size = Pt(size)
        style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)  # some viewers read the font from here
        style.paragraph_format.space_after = Pt(0)
        style.paragraph_format.space_before = Pt(0)

    @property
    def width(self):
        section = self.document.sections[0]
        return section.page_width - section.left_margin - section.right_margin

    # --- lines ---------------------------------------------------------------------------------------------------

    def line(self, text: str = "", *, bold=False, italic=False, underline=False, size=None, align=None, cell=None):
        if cell is not None and len(cell.paragraphs) == 1 and not cell.paragraphs[0].runs:
            paragraph = cell.paragraphs[0]  # a new cell's own empty line
        else:
            paragraph = (cell or self.document).add_paragraph()
        paragraph.alignment = align
        run = paragraph.add_run(text)
        run.bold, run.italic, run.underline = bold, italic, underline
        if size:
            run.font.size = Pt(size)
        return paragraph

    def paragraph(self, text: str, *, indent: bool = True, bold_lead: str = "", italic: bool = False):
        """A body paragraph, justified, its first line indented; `bold_lead` starts it in bold."""
        paragraph = self.document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        paragraph.paragraph_format.space_after = Pt(6)
        if indent:
            paragraph.paragraph_format.first_line_indent = Cm(1)
        if bold_lead:
            paragraph.add_run(bold_lead).bold = True
        run = paragraph.add_run(text)
        run.italic = italic
        return paragraph

    def items(self, lines: list[str]) -> None:
        """One line each, as a list ("- ..."), left-aligned: a justified line would spread its few words."""
        for line in lines:
            if line.strip():
                text = line.strip()
                paragraph = self.document.add_paragraph(text if text.startswith(("-", "+", "•")) else f"- {text}")
                paragraph.paragraph_format.left_indent = Cm(1)
                paragraph.paragraph_format.space_after = Pt(3)

    def section_title(self, text: str):
        paragraph = self.paragraph(text, indent=False)
        paragraph.runs[0].bold = True
        paragraph.paragraph_format.space_before = Pt(6)
        return paragraph

    def dotted_lines(self, count: int) -> None:
        """Lines to write on by hand (a blank sheet)."""
        for _line in range(count):
            paragraph = self.document.add_paragraph("." * 95)
            paragraph.paragraph_format.space_after = Pt(4)

    def page_break(self) -> None:
        self.document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    # --- the form's blocks ---------------------------------------------------------------------------------------

    def _two_columns(self, left_share: float = 0.45):
        table = self.document.add_table(rows=1, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        self._widths(table, [int(self.width * left_share), int(self.width * (1 - left_share))])
        return table.rows[0].cells

    @staticmethod
    def _widths(table, widths: list[int]) -> None:
        """Each column's width, in the grid (LibreOffice reads it) and in each cell (Word does)."""
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width
            for cell in column.cells:
                cell.width = width

    def heading_block(self, *, number: str = "", day: date | None = None) -> None:
        """The issuing body (and the one above it) with the number on the left; the Union's name and the
        place-and-date line on the right (without a day: dots to write it by hand)."""
        left, right = self._two_columns()
        center = WD_ALIGN_PARAGRAPH.CENTER
        if self.heading.upper_body:
            self.line(self.heading.upper_body, align=center, cell=left)
        self.line(self.heading.body, bold=True, align=center, cell=left)
        self.line("***", align=center, cell=left)
        if number:
            self.line(self.heading.number(number), align=center, cell=left)
        self.line(UNION, bold=True, underline=True, size=14, align=center, cell=right)
        self.line("", cell=right)
        self.line(place_and_date(self.heading.place, day), italic=True, align=center, cell=right)
        self.line()

    def title(self, kind: str, subject: str = "") -> None:
        center = WD_ALIGN_PARAGRAPH.CENTER
        self.line(kind, bold=True, size=15, align=center)
        for line in subject.splitlines():
            self.line(line, bold=True, align=center)
        self.line("-----", align=center)
        self.line()

    def signature(self, *, recipients: bool = True, name: str = "", day: date | None = None, note: str = "") -> None:
        """The recipients (nơi nhận) or a `note` on the left; the place and `day`, for whom, the title, room to
        sign and the name on the right."""
        self.line()
        left, right = self._two_columns(0.5)
        center = WD_ALIGN_PARAGRAPH.CENTER
        if note:
            self.line(note, italic=True, size=12, cell=left)
        if day:
            self.line(place_and_date(self.heading.place, day), italic=True, align=center, cell=right)
        if recipients and self.heading.recipients:
            self.line(_("Recipients:"), bold=True, italic=True, size=12, cell=left)
            for line in self.heading.recipients:
                self.line(line, size=11, cell=left)
        if self.heading.signer_capacity:
            self.line(self.heading.signer_capacity, bold=True, align=center, cell=right)
        self.line(self.heading.signer_title, bold=True, align=center, cell=right)
        for _line in range(4):
            self.line("", cell=right)
        self.line(name or self.heading.signer_name, bold=True, align=center, cell=right)

    def signature_boxes(self, boxes: list[tuple[str, str, str]]) -> None:
        """Side by side, each (title, date or hint, name): the sheet's three signatures."""
        table = self.document.add_table(rows=1, cols=len(boxes))
        table.autofit = False
        self._widths(table, [int(self.width / len(boxes))] * len(boxes))
        for cell, (title, hint, name) in zip(table.rows[0].cells, boxes, strict=True):
            self.line(title, bold=True, size=12, align=WD_ALIGN_PARAGRAPH.CENTER, cell=cell)
            self.line(hint, italic=True, size=11, align=WD_ALIGN_PARAGRAPH.CENTER, cell=cell)
            for _line in range(4):
                self.line("", cell=cell)
            self.line(name, bold=True, size=12, align=WD_ALIGN_PARAGRAPH.CENTER, cell=cell)

    def page_border(self) -> None:
        """A double line around each page (a certificate printed on plain paper)."""
        borders = OxmlElement("w:pgBorders")
        borders.set(qn("w:offsetFrom"), "page")
        for side in ("top", "left", "bottom", "right"):
            border = OxmlElement(f"w:{side}")
            for key, value in (("val", "double"), ("sz", "18"), ("space", "24"), ("color", "B22222")):
                border.set(qn(f"w:{key}"), value)
            borders.append(border)
        self.document.sections[0]._sectPr.append(borders)

    def table(self, header: list[str], rows: list[list[str]], *, first_width: float = 0.3, size: int = 11) -> None:
        """A bordered table, its header in bold and repeated on each page; the first column `first_width` of the
        page, the rest shared."""
        table = self.document.add_table(rows=1, cols=len(header))
        table.style = "Table Grid"
        table.autofit = False
        rest = (1 - first_width) / max(len(header) - 1, 1)
        widths = [int(self.width * first_width), *[int(self.width * rest)] * (len(header) - 1)]
        for cell, text in zip(table.rows[0].cells, header, strict=True):
            self.line(text, bold=True, size=size, align=WD_ALIGN_PARAGRAPH.CENTER, cell=cell)
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        table.rows[0]._tr.get_or_add_trPr().append(repeat)
        for values in rows:
            for cell, text in zip(table.add_row().cells, values, strict=True):
                self.line(text, size=size, cell=cell)
        self._widths(table, widths)
        self.line()

    def picture(self, image: bytes, width_mm: float, *, align=WD_ALIGN_PARAGRAPH.RIGHT) -> None:
        paragraph = self.document.add_paragraph()
        paragraph.alignment = align
        paragraph.add_run().add_picture(BytesIO(image), width=Mm(width_mm))

    def save(self, target) -> None:
        self.document.save(target)

    def to_bytes(self) -> bytes:
        buffer = BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()
