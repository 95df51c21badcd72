"""The documents, each from the portal's own data, in the Youth Union's form (builder.py): the campaign's plan, a
cadre's registration sheet, the blank sheet a unit prints for cadres without a login, and the certificates of
merit. One document is a .docx written in the request; many pages at once are one PDF written on the task worker
(an export job: `write_sheets_pdf`, `write_certificates_pdf`)."""

import tempfile
from datetime import date
from io import BytesIO
from pathlib import Path

import segno
from django.conf import settings
from django.db.models import Prefetch, prefetch_related_objects
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from docx.enum.text import WD_ALIGN_PARAGRAPH
from pypdf import PdfWriter

from campaigns.models import Campaign, Closing
from evaluations.models import Commendation, Evaluation
from feedback.selectors import collective_opinion
from organizations.models import Unit
from registrations.models import Registration, RegistrationCriterion, Status
from registrations.services import criteria_for
from reports import progress
from reports.closing import figure_labels
from reports.coverage import EVERYONE, Cut, Frame
from unitreports import services as unit_report_services
from unitreports.models import ReportRequest, ReportStatus, UnitReport

from .builder import UNION, DoanDocument
from .letterhead import heading_for
from .models import PortalDocument
from .pdf import to_pdf

CHOICES = Prefetch("choices", queryset=RegistrationCriterion.objects.select_related("criterion"))


def _day(moment) -> date | None:
    return timezone.localdate(moment) if moment else None


def _date_text(day: date | None, hint: str) -> str:
    return day.strftime("%d/%m/%Y") if day else hint


# --- the campaign's plan ----------------------------------------------------------------------------------------


def plan(campaign: Campaign) -> DoanDocument:
    """The Kế hoạch that launches the campaign: its legal bases, purpose, who registers, the criteria with what to
    do and not to do, the timeline and how to register."""
    document = DoanDocument(heading_for(campaign.organizer, PortalDocument.PLAN))
    document.heading_block(number=campaign.plan.number, day=campaign.plan.issued_on)
    document.title(_("PLAN"), campaign.plan.title or campaign.title)
    for basis in campaign.legal_bases.order_by("issued_on"):
        document.paragraph(
            _("Pursuant to %(document)s of %(issuer)s dated %(day)s on %(title)s;")
            % {
                "document": basis.number,
                "issuer": basis.issuer,
                "day": f"{basis.issued_on:%d/%m/%Y}",
                "title": basis.title,
            },
            italic=True,
        )
    document.paragraph(
        _("The standing committee of %(unit)s issues the plan for the campaign “%(title)s” as follows:")
        % {"unit": campaign.organizer.name, "title": campaign.title}
    )
    document.section_title(_("I. PURPOSE AND REQUIREMENTS"))
    for line in (campaign.summary or campaign.title).splitlines():
        if line.strip():
            document.paragraph(line.strip())
    document.section_title(_("II. WHO REGISTERS"))
    if campaign.members_register:
        document.paragraph(_("Every member of the units in the campaign's scope registers a training sheet."))
    for rule in campaign.eligibility_rules.all():
        document.paragraph(f"- {rule}.")
    document.section_title(_("III. CRITERIA"))
    for criterion in campaign.criteria.all():
        document.paragraph("", bold_lead=f"{criterion.order}. {criterion.title}")
        if criterion.description:
            document.paragraph(criterion.description)
        for lead, lines in ((_("Should do:"), criterion.should_do), (_("Should not do:"), criterion.should_not_do)):
            if lines.strip():
                document.paragraph("", bold_lead=lead)
                document.items(lines.splitlines())
    document.section_title(_("IV. TIMELINE"))
    document.paragraph(
        _("The campaign runs from %(start)s to %(end)s. Cadres register from %(opens)s to %(closes)s.")
        % {
            "start": f"{campaign.starts_on:%d/%m/%Y}",
            "end": f"{campaign.ends_on:%d/%m/%Y}",
            "opens": f"{campaign.registration_opens:%d/%m/%Y}",
            "closes": f"{campaign.registration_closes:%d/%m/%Y}",
        }
    )
    document.section_title(_("V. IMPLEMENTATION"))
    document.paragraph(
        _(
            "Units in the scope deploy this plan to their members and report on it; cadres register online at "
            "%(address)s (or on the printed sheet, handed to their unit), choose %(min)s to %(max)s criteria, review "
            "their shortcomings and commit to concrete actions; their unit confirms and the office approves."
        )
        % {
            "address": settings.SITE_URL + reverse("registrations:register", args=[campaign.slug]),
            "min": campaign.min_criteria,
            "max": campaign.max_criteria,
        }
    )
    document.signature()
    return document


# --- registration sheets ----------------------------------------------------------------------------------------


def _person_lines(document: DoanDocument, registration: Registration | None) -> None:
    person = registration.person if registration else None
    blank = "." * 40

    def field(label: str, value) -> None:
        document.paragraph(str(value) if value not in (None, "") else blank, indent=False, bold_lead=f"{label}: ")

    field(_("Full name"), person and person.full_name)
    field(_("Date of birth"), person and person.birth_date and f"{person.birth_date:%d/%m/%Y}")
    field(_("Position"), registration and registration.get_position_title_display())
    field(_("Unit"), registration and registration.unit.name)
    field(_("Joined the Youth Union"), person and person.joined_on and f"{person.joined_on:%d/%m/%Y}")
    field(_("Party member"), person and (_("Yes") if person.party_member else _("No")))


def _sheet(document: DoanDocument, campaign: Campaign, registration: Registration | None, criteria) -> None:
    unit = registration.unit if registration else None
    day = _day(registration.submitted_at) if registration else None
    document.heading_block(day=day or (None if registration is None else timezone.localdate()))  # blank: dots
    document.title(_("TRAINING REGISTRATION SHEET"), campaign.title)
    document.paragraph(
        _("According to %(plan)s of %(issuer)s.") % {"plan": campaign.plan.number, "issuer": campaign.plan.issuer},
        indent=False,
        italic=True,
    )
    _person_lines(document, registration)
    document.section_title(_("I. THE CRITERIA I CHOOSE"))
    if registration is not None:
        for choice in sorted(registration.choices.all(), key=lambda choice: choice.criterion.order):
            document.paragraph(f"{choice.criterion.order}. {choice.criterion.title}", indent=False).runs[0].bold = True
            document.paragraph(choice.shortcomings, bold_lead=_("Shortcomings I see in myself: "))
            document.paragraph(choice.actions, bold_lead=_("Concrete actions I commit to: "))
            if choice.target:
                document.paragraph(choice.target, bold_lead=_("Target: "))
    else:
        document.paragraph(
            _("Tick %(min)s to %(max)s criteria; for each, write your shortcomings and the actions you commit to.")
            % {"min": campaign.min_criteria, "max": campaign.max_criteria},
            indent=False,
            italic=True,
        )
        for criterion in criteria:
            # □ (U+25A1) is in Times New Roman and Liberation Serif; ☐ is not, and would come from another font.
            document.paragraph(f"□ {criterion.order}. {criterion.title}", indent=False).runs[0].bold = True
            document.paragraph("", bold_lead=_("Shortcomings I see in myself: "))
            document.dotted_lines(2)
            document.paragraph("", bold_lead=_("Concrete actions I commit to: "))
            document.dotted_lines(2)
    document.section_title(_("II. STRENGTHS AND COMMITMENT"))
    if registration is not None:
        document.paragraph(registration.strengths or "–", bold_lead=_("Strengths: "))
        document.paragraph(registration.overall_commitment or "–", bold_lead=_("Overall commitment: "))
        if registration.excellent_member:
            document.paragraph(_("Also registered to strive to be an excellent member (đoàn viên ưu tú)."))
    else:
        document.paragraph("", bold_lead=_("Strengths: "))
        document.dotted_lines(2)
        document.paragraph("", bold_lead=_("Overall commitment: "))
        document.dotted_lines(2)
    sign_hint = _("(signature, full name)")
    office = campaign.organizer
    document.signature_boxes(
        [
            (
                _("APPROVED BY THE OFFICE"),
                _date_text(_day(registration.approved_at) if registration else None, office.name),
                "",
            ),
            (
                _("CONFIRMED BY THE BRANCH / UNIT"),
                _date_text(_day(registration.confirmed_at) if registration else None, unit.name if unit else sign_hint),
                "",
            ),
            (_("THE REGISTERING CADRE"), sign_hint, registration.person.full_name if registration else ""),
        ]
    )


def registration_sheet(registration: Registration) -> DoanDocument:
    """A cadre's sheet as it stands, with the three signature blocks (who registers, the unit, the office)."""
    document = DoanDocument(heading_for(registration.unit, PortalDocument.SHEET))
    prefetch_related_objects([registration], CHOICES)
    _sheet(document, registration.campaign, registration, [])
    return document


def register_address(campaign: Campaign) -> str:
    return settings.SITE_URL + reverse("registrations:register", args=[campaign.slug])


def blank_sheet(campaign: Campaign, unit: Unit) -> DoanDocument:
    """The sheet a unit prints and hands to cadres without a login: the criteria of the unit's sector to tick,
    lines to write on, and a QR code to the online form."""
    document = DoanDocument(heading_for(unit, PortalDocument.SHEET))
    qr = BytesIO()
    segno.make(register_address(campaign), error="m").save(qr, kind="png", scale=4, border=2)
    _sheet(document, campaign, None, criteria_for(campaign, unit))
    document.paragraph(
        _("Or register online: scan the code or open %(address)s") % {"address": register_address(campaign)},
        indent=False,
        italic=True,
    )
    document.picture(qr.getvalue(), 30)
    return document


def write_sheets_pdf(campaign: Campaign, root: Unit, target, on: date | None = None, cut: Cut = EVERYONE) -> int:
    """Every sent sheet of `root`'s subtree (the tree of `on`), one after another, as one PDF. Returns how many."""
    frame = Frame.of(campaign, root, on, cut)
    sheets = list(
        cut.registrations(Registration.objects.filter(campaign=campaign, unit_id__in=frame.ids()))
        .exclude(status__in=[Status.DRAFT])
        .select_related("person", "unit", "campaign__plan", "campaign__organizer")
        .prefetch_related(CHOICES)  # a hundred sheets: one query for their criteria, not one each
        .order_by("unit__sort_key", "person__full_name")
    )
    return _pages_pdf(
        sheets,
        lambda registration: registration.unit,
        PortalDocument.SHEET,
        lambda document, registration: _sheet(document, campaign, registration, []),
        target,
        nothing=root,
    )


# --- certificates of merit --------------------------------------------------------------------------------------


def _certificate(document: DoanDocument, commendation: Commendation) -> None:
    center, middle = document.line, WD_ALIGN_PARAGRAPH.CENTER
    center(UNION, bold=True, size=14, align=middle)
    center(document.heading.body, bold=True, size=16, align=middle)
    center(_("AWARDS"), size=14, align=middle)
    center(_("CERTIFICATE OF MERIT"), bold=True, size=34, align=middle)
    if commendation.person:
        center(_("Comrade: %(name)s") % {"name": commendation.person.full_name}, bold=True, size=20, align=middle)
        if commendation.person.home_unit:
            center(commendation.person.home_unit.name, italic=True, size=15, align=middle)
    else:
        center(commendation.unit.name, bold=True, size=20, align=middle)
    center()
    center(_("For: %(reason)s") % {"reason": commendation.reason}, size=15, align=middle)
    center()
    decision = _("Decision No. %(number)s dated %(day)s") % {
        "number": commendation.decision_number,
        "day": f"{commendation.decision_date:%d/%m/%Y}",
    }
    document.signature(recipients=False, day=commendation.decision_date, note=decision)


def certificate(commendation: Commendation) -> DoanDocument:
    document = DoanDocument(heading_for(commendation.issuing_unit, PortalDocument.CERTIFICATE), landscape=True)
    document.page_border()
    _certificate(document, commendation)
    return document


def write_certificates_pdf(campaign: Campaign, root: Unit, target, on: date | None = None, cut: Cut = EVERYONE) -> int:
    """A certificate per commendation of the campaign issued by `root` or a unit under it, one per page (A4
    landscape), as one PDF to print on the office's paper. Returns how many."""
    commendations = list(
        Commendation.objects.filter(campaign=campaign, issuing_unit__path__startswith=root.path)
        .select_related("person__home_unit", "unit", "issuing_unit")
        .order_by("decision_date", "pk")
    )
    return _pages_pdf(
        commendations,
        lambda commendation: commendation.issuing_unit,
        PortalDocument.CERTIFICATE,
        _certificate,
        target,
        nothing=root,
        landscape=True,
    )


CHUNK = 100  # pages made and converted at a time: the worker holds a hundred pages, however many there are


def _pages_pdf(items: list, unit_of, kind: str, add, target, *, nothing: Unit, landscape: bool = False) -> int:
    """One PDF of a page (or a few) per item: `add(document, item)` under the heading of `unit_of(item)`, made
    CHUNK items at a time, each chunk converted by LibreOffice, the chunks joined (pypdf). Reports progress per
    chunk. Returns how many items."""
    headings: dict[int, object] = {}
    with tempfile.TemporaryDirectory() as folder:
        parts = []
        for start in range(0, max(len(items), 1), CHUNK):
            document = None
            for item in items[start : start + CHUNK]:
                unit = unit_of(item)
                if unit.pk not in headings:
                    headings[unit.pk] = heading_for(unit, kind)
                if document is None:
                    document = DoanDocument(headings[unit.pk], landscape=landscape)
                    if landscape:
                        document.page_border()
                else:
                    document.page_break()
                    document.heading = headings[unit.pk]
                add(document, item)
            if document is None:  # nothing yet: a page that says so
                document = DoanDocument(heading_for(nothing))
                document.paragraph(_("Nothing to print for %(unit)s in this campaign yet.") % {"unit": nothing.name})
            source = Path(folder) / f"part-{start}.docx"
            document.save(source)
            parts.append(Path(folder) / f"part-{start}.pdf")
            parts[-1].write_bytes(to_pdf(source))
            progress.report(min(start + CHUNK, len(items)), len(items))
        joined = PdfWriter()
        for part in parts:
            joined.append(str(part))
        with open(target, "wb") as output:
            joined.write(output)
    return len(items)


# --- the year-end evaluation sheet ------------------------------------------------------------------------------


def evaluation_sheet(evaluation: Evaluation) -> DoanDocument:
    """The cadre's year-end self-assessment (phiếu đánh giá) with the unit's comment and proposal and the decision,
    each with its signature block."""
    registration = evaluation.registration
    campaign = registration.campaign
    document = DoanDocument(heading_for(registration.unit, PortalDocument.EVALUATION))
    document.heading_block(day=_day(evaluation.submitted_at))
    document.title(_("YEAR-END SELF-ASSESSMENT SHEET"), campaign.title)
    _person_lines(document, registration)
    document.section_title(_("I. WHAT I DID FOR EACH CRITERION"))
    for result in evaluation.results.select_related("choice__criterion").order_by("choice__criterion__order"):
        document.paragraph(f"{result.choice.criterion.order}. {result.choice.criterion.title}", indent=False)
        document.document.paragraphs[-1].runs[0].bold = True
        document.paragraph(result.choice.actions, bold_lead=_("Committed: "))
        document.paragraph(result.achieved or "–", bold_lead=_("What I did: "))
        if result.evidence:
            document.paragraph(result.evidence, bold_lead=_("Evidence: "))
    document.section_title(_("II. SELF-ASSESSMENT"))
    document.paragraph(evaluation.self_summary or "–")
    level = evaluation.self_level.name if evaluation.self_level else "–"
    document.paragraph(level, bold_lead=_("I rate myself: "))
    document.section_title(_("III. THE UNIT'S COMMENT AND PROPOSAL"))
    opinion = collective_opinion(registration)
    if opinion:
        document.paragraph(opinion.text, bold_lead=_("Opinion of the branch's collective: "))
    document.paragraph(evaluation.unit_comment or "–")
    proposed = evaluation.proposed_level.name if evaluation.proposed_level else "–"
    document.paragraph(proposed, bold_lead=_("Proposed rating: "))
    if evaluation.final_level:
        document.section_title(_("IV. DECISION"))
        document.paragraph(
            _("Rated %(level)s by decision No. %(number)s dated %(day)s.")
            % {
                "level": evaluation.final_level.name,
                "number": evaluation.decision_number or "–",
                "day": _date_text(evaluation.decision_date, "–"),
            }
        )
    sign_hint = _("(signature, full name)")
    document.signature_boxes(
        [
            (_("THE DECIDING OFFICE"), _date_text(evaluation.decision_date, evaluation.deciding_unit.name), ""),
            (_("THE UNIT PROPOSING"), _date_text(_day(evaluation.proposed_at), registration.unit.name), ""),
            (_("THE CADRE"), sign_hint, registration.person.full_name),
        ]
    )
    return document


# --- the organiser's closing report and its decisions -----------------------------------------------------------


def closing_report(campaign: Campaign, closing: Closing | None, figures: dict) -> DoanDocument:
    """The Báo cáo tổng kết: the figures as frozen on the closing day (`figures`, as the reader may read them), the
    table per unit, the ratings and commendations, and the office's summary."""
    document = DoanDocument(heading_for(campaign.organizer, PortalDocument.REPORT))
    document.heading_block(
        number=closing.report_number if closing else "", day=closing.closed_on if closing else timezone.localdate()
    )
    document.title(_("REPORT"), _("Closing of %(title)s") % {"title": campaign.title})
    if closing is None:
        document.paragraph(_("Figures so far (the campaign is not closed)"), indent=False, italic=True)
    labels = figure_labels()
    totals = figures.get("totals")
    document.section_title(_("I. RESULTS"))
    if totals:
        document.paragraph(
            _(
                "%(deployed)s/%(grassroots)s grassroots units and %(branches_deployed)s/%(branches)s branches deployed "
                "the plan; %(registered)s of %(must)s cadres who must register registered, %(approved)s approved; "
                "%(rated)s rated at the year's end; %(commended)s commended."
            )
            % {
                "deployed": totals["grassroots_deployed"],
                "grassroots": totals["grassroots"],
                "branches_deployed": totals["branches_deployed"],
                "branches": totals["branches"],
                "registered": totals["registered"],
                "must": totals["must_register"],
                "approved": totals["approved"],
                "rated": totals["rated"],
                "commended": figures.get("commended") or 0,
            }
        )
    rows = [[row["unit"], *[str(row.get(name, 0)) for name, _label in labels]] for row in figures["rows"]]
    if totals:
        rows.append([_("Total"), *[str(totals.get(name, 0)) for name, _label in labels]])
    document.table([_("Unit"), *[label for _name, label in labels]], rows, first_width=0.22, size=9)
    if figures.get("levels"):
        document.paragraph(
            "; ".join(f"{name}: {count}" for name, count in figures["levels"]) + ".",
            bold_lead=_("Year-end ratings: "),
        )
    if closing:
        document.section_title(_("II. SUMMARY"))
        for line in closing.narrative.splitlines():
            if line.strip():
                document.paragraph(line.strip())
    if figures.get("whole", True):
        _units_reports(document, campaign)
    document.signature()
    return document


def rating_decisions(campaign: Campaign, units) -> list[tuple[int, str, date]]:
    """(deciding unit id, number, date) of each decision on the campaign's year-end ratings taken by `units`."""
    return list(
        Evaluation.objects.filter(round__campaign=campaign, deciding_unit__in=units, final_level__isnull=False)
        .exclude(decision_number="")
        .values_list("deciding_unit_id", "decision_number", "decision_date")
        .distinct()
        .order_by("decision_date", "decision_number")
    )


def _decision(
    campaign: Campaign, unit: Unit, number: str, day: date, *, subject: str, considering: str, article: str, table
) -> DoanDocument:
    """A Quyết định of `unit`'s standing committee in the guide's form: its bases, "QUYẾT ĐỊNH:", three articles
    (the first given), the signature, then on a page of its own the Danh sách kèm theo: `table` (header, rows)."""
    center = WD_ALIGN_PARAGRAPH.CENTER
    document = DoanDocument(heading_for(unit, PortalDocument.DECISION))
    document.heading_block(number=number, day=day)
    document.title(_("DECISION"), subject)
    document.line(_("THE STANDING COMMITTEE OF %(unit)s") % {"unit": unit.name.upper()}, bold=True, align=center)
    document.line()
    document.paragraph(_("Pursuant to the Charter of the Ho Chi Minh Communist Youth Union;"), italic=True)
    document.paragraph(
        _("Pursuant to %(plan)s of %(issuer)s;") % {"plan": campaign.plan.number, "issuer": campaign.plan.issuer},
        italic=True,
    )
    document.paragraph(considering, italic=True)
    document.line(_("DECIDES:"), bold=True, align=center)
    document.paragraph(article)
    document.paragraph(_("Article 2. This decision takes effect from the day it is signed."))
    document.paragraph(
        _("Article 3. The office, the units concerned and the comrades named in Article 1 carry out this decision.")
    )
    document.signature()
    document.page_break()
    document.line(_("LIST ATTACHED"), bold=True, align=center)
    document.line(
        _("(to decision No. %(number)s dated %(day)s)") % {"number": number, "day": f"{day:%d/%m/%Y}"},
        italic=True,
        align=center,
    )
    document.line()
    header, rows = table
    document.table(header, rows, first_width=0.08, size=11)
    return document


def rating_decision(campaign: Campaign, deciding_unit: Unit, number: str) -> DoanDocument:
    """The Quyết định recognising the year-end ratings of one decision, with the list attached by level."""
    rated = list(
        Evaluation.objects.filter(
            round__campaign=campaign, deciding_unit=deciding_unit, decision_number=number, final_level__isnull=False
        )
        .select_related("registration__person", "registration__unit", "final_level")
        .order_by("final_level__rank", "registration__person__sort_key")
    )
    counts: dict[str, int] = {}
    for evaluation in rated:
        counts[evaluation.final_level.name] = counts.get(evaluation.final_level.name, 0) + 1
    return _decision(
        campaign,
        deciding_unit,
        number,
        (rated[0].decision_date if rated else None) or timezone.localdate(),
        subject=_("On the year-end ratings of cadres in %(title)s") % {"title": campaign.title},
        considering=_("Considering the self-assessments and the proposals of the units,"),
        article=_(
            "Article 1. To recognise the year-end ratings of the %(count)s cadres on the list attached: %(levels)s."
        )
        % {"count": len(rated), "levels": "; ".join(f"{name}: {n}" for name, n in counts.items())},
        table=(
            [_("No."), _("Full name"), _("Unit"), _("Rating")],
            [
                [str(index), e.registration.person.full_name, e.registration.unit.name, e.final_level.name]
                for index, e in enumerate(rated, start=1)
            ],
        ),
    )


def commendation_decisions(campaign: Campaign, units) -> list[tuple[int, str, date]]:
    """(issuing unit id, number, date) of each decision on the campaign's commendations issued by `units`."""
    return list(
        Commendation.objects.filter(campaign=campaign, issuing_unit__in=units)
        .values_list("issuing_unit_id", "decision_number", "decision_date")
        .distinct()
        .order_by("decision_date", "decision_number")
    )


def commendation_decision(campaign: Campaign, issuing_unit: Unit, number: str) -> DoanDocument:
    """The Quyết định on the campaign's commendations of one decision, with the list attached (Danh sách kèm theo)."""
    commended = list(
        Commendation.objects.filter(campaign=campaign, issuing_unit=issuing_unit, decision_number=number)
        .select_related("person__home_unit", "unit")
        .order_by("pk")
    )
    return _decision(
        campaign,
        issuing_unit,
        number,
        commended[0].decision_date if commended else timezone.localdate(),
        subject=_("On commendations in %(title)s") % {"title": campaign.title},
        considering=_("At the proposal of the office,"),
        article=_(
            "Article 1. To award certificates of merit to the %(count)s comrades and units on the list attached, for "
            "their achievements in %(title)s."
        )
        % {"count": len(commended), "title": campaign.title},
        table=(
            [_("No."), _("Full name / unit"), _("Unit"), _("Achievement")],
            [
                [
                    str(index),
                    item.person.full_name if item.person else item.unit.name,
                    item.person.home_unit.name if item.person and item.person.home_unit else "",
                    item.reason,
                ]
                for index, item in enumerate(commended, start=1)
            ],
        ),
    )


# --- a unit's report upward -------------------------------------------------------------------------------------


def unit_report(report: UnitReport) -> DoanDocument:
    """A unit's báo cáo sơ kết / tổng kết: its figures (as sent, or today's), its narrative and its signature."""
    request = report.request
    document = DoanDocument(heading_for(report.unit, PortalDocument.REPORT))
    document.heading_block(day=_day(report.sent_at))
    document.title(_("REPORT"), f"{request.title}\n{request.campaign.title}")
    figures = report.figures or unit_report_services.unit_figures(report)
    document.section_title(_("I. FIGURES"))
    document.items(
        [
            _("Branches deployed: %(done)s/%(total)s")
            % {"done": figures.get("branches_deployed", 0), "total": figures.get("branches", 0)},
            _("Cadres registered: %(done)s/%(total)s")
            % {"done": figures.get("registered", 0), "total": figures.get("must_register", 0)},
            _("Sheets approved: %(n)s") % {"n": figures.get("approved", 0)},
            _("Cadres who reported their progress: %(n)s") % {"n": figures.get("updated", 0)},
            _("Activities recorded: %(n)s") % {"n": figures.get("activities", 0)},
        ]
    )
    document.section_title(_("II. RESULTS, STRENGTHS, SHORTCOMINGS AND NEXT STEPS"))
    for line in report.narrative.splitlines() or ["–"]:
        if line.strip():
            document.paragraph(line.strip())
    document.signature()
    return document


def _units_reports(document: DoanDocument, campaign: Campaign) -> None:
    """The closing report's part on the units' reports: per request, how many units sent and which did not."""
    requests = list(
        ReportRequest.objects.filter(campaign=campaign).prefetch_related("reports__unit").order_by("due_on")
    )
    if not requests:
        return
    document.section_title(_("III. THE UNITS' REPORTS"))
    for request in requests:
        reports = list(request.reports.all())
        sent = [report for report in reports if report.status == ReportStatus.SENT]
        missing = sorted(report.unit.name for report in reports if report.status != ReportStatus.SENT)
        line = _("%(title)s (due %(day)s): %(sent)s/%(total)s units sent.") % {
            "title": request.title,
            "day": f"{request.due_on:%d/%m/%Y}",
            "sent": len(sent),
            "total": len(reports),
        }
        if missing:
            line += " " + _("Not sent: %(units)s.") % {"units": ", ".join(missing)}
        document.paragraph(line)
