"""Excel reports a person would have made: title rows, frozen header, widths, real dates, Vietnamese intact.

Written with xlsxwriter in constant_memory mode: each row goes to disk as it is written. The rows are read
as plain tuples and put in the order of the unit tree as it stood on the report's date (reports.coverage.Frame),
so a unit restructured later still lists its past campaigns' rows where they were. Every text cell is written with
write_string: a value such as "=HYPERLINK(...)" or "+84…" stays text and is never a formula.
"""

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

import xlsxwriter
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import ActivityKind, Campaign, Closing
from checkins.models import ActionStatus, ActionUpdate, CheckIn
from organizations.models import PositionTitle, Sector, Unit, UnitKind
from registrations.models import Registration, RegistrationCriterion, Status

from . import progress
from .closing import closing_as_read, closing_figures, figure_labels
from .coverage import EVERYONE, Cut, Frame, coverage_tree
from .member_results import columns_of, member_results

CHUNK = 2000
# Control characters are invalid in the file or hide content: removed (tab and newline kept).
_CONTROL = dict.fromkeys([*range(0, 9), 11, 12, *range(14, 32), 127])


def clean_text(value) -> str:
    """Text for a cell, without control characters."""
    return "" if value is None else str(value).translate(_CONTROL)


# Wider than this many characters, a sheet prints in landscape (A4 portrait holds about 90).
PORTRAIT_WIDTH = 95


# Column widths are in characters of the default font (Calibri 11 pt). Inside the margins an A4 page holds about
# PAGE_CHARACTERS of them at 100 % — measured with LibreOffice, whose stand-in font is wider than Excel's Calibri,
# so Excel prints a little larger still. Printed text stays at least 8 pt: a report that would need less than
# SMALLEST_SCALE to fit one page wide (11 pt × 75 % = 8.25 pt) is printed at that scale across pages instead,
# its first column (the unit, the name) repeated on each.
PAGE_CHARACTERS = {"portrait": 75, "landscape": 105}
SMALLEST_SCALE = 75


def set_print_layout(sheet, widths: list[int], header_row: int) -> int:
    """How an office prints and signs it: A4, landscape when wide, one page wide when that keeps the text legible
    (as many pages long as needed), the header row repeated on every page, "Trang 2/5" in the footer. Returns how
    many of the leading columns the first printed page holds."""
    width = sum(widths)
    sheet.set_paper(9)  # A4
    landscape = width > PORTRAIT_WIDTH
    if landscape:
        sheet.set_landscape()
    page = 100 * PAGE_CHARACTERS["landscape" if landscape else "portrait"] // SMALLEST_SCALE
    if width <= page:
        sheet.fit_to_pages(1, 0)
        shown = len(widths)
    else:
        sheet.set_print_scale(SMALLEST_SCALE)
        sheet.repeat_columns(0)
        shown = max(1, sum(1 for end in range(1, len(widths) + 1) if sum(widths[:end]) <= page))
    sheet.repeat_rows(header_row)
    sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    # &P and &N are Excel's page number and page count; "&&" would be a literal ampersand.
    sheet.set_footer("&C" + _("Page &P of &N"))
    return shown


def lines_needed(text: str, width: int) -> int:
    """Lines a wrapped cell of `width` characters takes for `text` (words kept whole, as Excel wraps)."""
    lines, used = 1, 0
    for word in str(text).split():
        if used and used + 1 + len(word) > width:
            lines, used = lines + 1, len(word)
        else:
            used += (1 if used else 0) + len(word)
        while used > width:  # a word longer than the cell is cut
            lines, used = lines + 1, used - width
    return lines


class ReportWriter:
    """One sheet with a title block and a header row; rows are written one at a time."""

    def __init__(
        self,
        target,
        *,
        sheet_name: str,
        title: str,
        subtitle: str,
        columns: list[tuple[str, int]],
        header_row: int = 4,
        note: str = "",
    ):
        self.book = xlsxwriter.Workbook(
            target,
            {
                "constant_memory": True,
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
                "in_memory": not isinstance(target, str),
            },
        )
        self.sheet = self.book.add_worksheet(sheet_name[:31])
        self.title_format = self.book.add_format({"bold": True, "font_size": 14})
        self.header_format = self.book.add_format(
            {"bold": True, "bg_color": "#DCE6F1", "border": 1, "text_wrap": True, "valign": "vcenter"}
        )
        self.date_format = self.book.add_format({"num_format": "dd/mm/yyyy"})
        self.total_format = self.book.add_format({"bold": True, "top": 1})
        for index, (_label, width) in enumerate(columns):
            self.sheet.set_column(index, index, width)
        self.header_row = header_row
        self.widths = [width for _label, width in columns]
        self.wrap_format = self.book.add_format({"text_wrap": True, "valign": "top"})
        # The title block and paragraphs span the columns of the first printed page, so none runs off it.
        self.page_columns = set_print_layout(self.sheet, self.widths, header_row)
        if header_row:  # a report has a title block above its header; an import template has none
            self.sheet.write_string(0, 0, clean_text(title), self.title_format)
            self._title_line(1, subtitle)
            self.sheet.write_string(2, 0, _("Exported on %(day)s") % {"day": f"{timezone.localdate():%d/%m/%Y}"})
            if note:
                self._title_line(3, note, {"italic": True})
        for index, (label, _width) in enumerate(columns):
            self.sheet.write_string(self.header_row, index, label, self.header_format)
        # Tall enough for the longest heading wrapped in its column: none is cut on screen or on paper.
        heading_lines = max(lines_needed(label, max(width - 1, 1)) for label, width in columns)
        self.sheet.set_row(self.header_row, 15 * heading_lines + 3)
        self.sheet.freeze_panes(self.header_row + 1, 0)
        self.row = self.header_row + 1
        self.written = 0  # data rows so far, for an export job's progress bar (reports.progress)
        self.expected = 0

    def _title_line(self, row: int, text: str, style: dict | None = None) -> None:
        """A line of the title block; one longer than the first printed page is wide wraps across it."""
        self._spanning(row, clean_text(text), style or {})

    def _spanning(self, row: int, text: str, style: dict) -> None:
        """`text` across the columns of the first printed page, wrapped when longer (with the row's height)."""
        width = sum(self.widths[: self.page_columns])
        if len(text) <= width or self.page_columns < 2:
            self.sheet.write_string(row, 0, text, self.book.add_format(style) if style else None)
            return
        self.sheet.set_row(row, 15 * lines_needed(text, width - 2) + 2)
        wrapped = self.book.add_format({**style, "text_wrap": True, "valign": "top"})
        self.sheet.merge_range(row, 0, row, self.page_columns - 1, text, wrapped)

    def expect(self, rows: int) -> None:
        """How many data rows are coming: the total of the progress bar."""
        self.expected = rows
        progress.report(0, rows)

    def advance(self, rows: int = 1) -> None:
        """`rows` more data rows written: the progress bar moves every PROGRESS_EVERY rows."""
        before = self.written // progress.EVERY
        self.written += rows
        if self.written // progress.EVERY != before:
            progress.report(self.written, max(self.expected, self.written))

    def write_row(self, values, cell_format=None, level: int = 0) -> None:
        """One row; `level` > 0 groups it under the rows above it (Excel's outline, to fold and unfold). A text longer
        than its column wraps in its cell (the row as tall as it needs) rather than run over the next ones."""
        values = [clean_text(value) if isinstance(value, str) else value for value in values]
        wrapped = {
            column
            for column, value in enumerate(values)
            if cell_format is None
            and isinstance(value, str)
            and column < len(self.widths)
            and len(value) > self.widths[column]
        }
        lines = max((lines_needed(values[column], max(self.widths[column] - 1, 1)) for column in wrapped), default=1)
        if level or lines > 1:
            options = {"level": min(level, 7)} if level else None
            self.sheet.set_row(self.row, 15 * lines if lines > 1 else None, None, options)
        for column, value in enumerate(values):
            if value is None or value == "":
                self.sheet.write_blank(self.row, column, None, cell_format)
            elif isinstance(value, bool):
                self.sheet.write_boolean(self.row, column, value, cell_format)
            elif isinstance(value, (int, float)):
                self.sheet.write_number(self.row, column, value, cell_format)
            elif isinstance(value, (date, datetime)):
                self.sheet.write_datetime(self.row, column, value, cell_format or self.date_format)
            else:
                self.sheet.write_string(
                    self.row, column, str(value), self.wrap_format if column in wrapped else cell_format
                )
        self.row += 1

    def write_cells(self, values) -> None:
        """One row of typed cells as they are, none wrapped: the long lists' way (write_row measures every text
        against its column, which costs a third more at 60,000 rows)."""
        sheet, row = self.sheet, self.row
        for column, value in enumerate(values):
            if value is None or value == "":
                continue
            if isinstance(value, str):  # always a string: nothing typed by a user becomes a formula
                sheet.write_string(row, column, clean_text(value))
            elif isinstance(value, date):
                sheet.write_datetime(row, column, value, self.date_format)
            else:
                sheet.write_number(row, column, value)
        self.row += 1

    def write_paragraph(self, text: str) -> None:
        """A paragraph (a report's summary) across the first printed page, wrapped: it never widens the page."""
        self._spanning(self.row, clean_text(text), {})
        self.row += 1

    def close(self) -> None:
        last_row = max(self.row - 1, self.header_row)
        self.sheet.autofilter(self.header_row, 0, last_row, self.sheet.dim_colmax or 0)
        self.book.close()
        progress.report(self.written, max(self.expected, self.written))


def _unit_path_text(frame: Frame, unit_id: int) -> str:
    """ "Đoàn thị trấn Cái Đôi Vàm › Chi đoàn khóm 1": the unit's ancestors below the report's root, named as
    they were on the report's date."""
    if unit_id == frame.root.pk:
        return frame.tree.name(unit_id)
    return " › ".join(frame.tree.path_names(unit_id, below=frame.root.pk))


def _in_tree_order(
    frame: Frame, queryset, fields: tuple[str, ...], *, unit_index: int, sort_index: int, title_index: int
):
    """(how many rows, their batches): `fields` of `queryset`'s rows whose unit is in the root's subtree that day
    (and in the frame's cut), in the tree's order, then by the person's sort key.

    Rows are fetched a few units at a time, about CHUNK rows per batch, so a writer holds one batch and never the
    whole report: a province's 600,000 rows cost the memory of 2,000. One grouped count first, for the progress bar
    and to cut the units into batches."""
    cut, nodes = frame.cut, frame.tree.nodes
    units = [pk for pk, _depth in frame.walk() if cut.unit_ok(nodes[pk])]
    order = {pk: i for i, pk in enumerate(units)}
    unit_field, title_field = fields[unit_index], fields[title_index]
    per_unit: Counter = Counter()
    for unit_id, title, n in queryset.values_list(unit_field, title_field).annotate(n=Count("pk")).order_by():
        if unit_id in order and cut.title_ok(title):
            per_unit[unit_id] += n

    def batches():
        chunk, size = [], 0
        for position, pk in enumerate(units):
            if per_unit[pk]:
                chunk.append(pk)
                size += per_unit[pk]
            if chunk and (size >= CHUNK or position == len(units) - 1):
                rows = [
                    row
                    for row in queryset.filter(**{f"{unit_field}__in": chunk}).values_list(*fields).order_by()
                    if cut.title_ok(row[title_index])
                ]
                rows.sort(key=lambda row: (order[row[unit_index]], row[sort_index], row[0]))
                yield rows
                chunk, size = [], 0

    return per_unit.total(), batches()


def _subtitle(campaign: Campaign, frame: Frame) -> str:
    subtitle = _("%(campaign)s – %(unit)s (units as of %(on)s)") % {
        "campaign": campaign.title,
        "unit": frame.tree.name(frame.root.pk) or frame.root.name,
        "on": frame.on.strftime("%d/%m/%Y"),
    }
    return " – ".join([subtitle, *cut_labels(frame.cut)])


def cut_labels(cut: Cut) -> list[str]:
    labels = []
    if cut.sector:
        labels.append(_("sector: %(sector)s") % {"sector": dict(Sector.choices).get(cut.sector, cut.sector)})
    if cut.group == Cut.KEY:
        labels.append(_("key cadres only (secretaries and deputies)"))
    elif cut.group == Cut.OTHERS:
        labels.append(_("cadres other than secretaries and deputies"))
    return labels


@dataclass(frozen=True)
class Column:
    """One column of a report read row by row: its header, its width, the fields of the row it reads (to fetch
    them), and its cell's value from the row (a dict of those fields, with what the writer adds). A new column is
    one of these."""

    header: str
    width: int
    value: Callable[[dict], object]
    reads: tuple[str, ...] = ()


def _day(moment) -> date | None:
    return timezone.localtime(moment).date() if moment else None


# Every per-cadre list starts with these fields (_in_tree_order's indices: the row's id, unit, sort key, position).
CADRE_FIELDS = ("pk", "unit_id", "person__sort_key", "position_title")


def _cadre_columns(titles: dict) -> list[Column]:
    """The four columns every per-cadre list starts with."""
    return [
        Column(_("No."), 6, lambda r: r["number"]),
        Column(_("Unit"), 45, lambda r: r["unit_path"]),
        Column(_("Full name"), 26, lambda r: r["person__full_name"], ("person__full_name",)),
        Column(_("Position"), 24, lambda r: titles.get(r["position_title"], "")),
    ]


def _write_cadre_rows(writer, frame: Frame, registrations, columns: list[Column], more=None, wrap=False) -> int:
    """One row per registration of `registrations` whose unit is in the frame (the tree's order, then the person's),
    a batch at a time: each row is the fields its columns read, its number and unit path, and what `more(ids)`
    gives for the batch ({registration id: {name: value}}). Returns the number of rows."""
    fields = CADRE_FIELDS + tuple(
        dict.fromkeys(name for column in columns for name in column.reads if name not in CADRE_FIELDS)
    )
    total, batches = _in_tree_order(frame, registrations, fields, unit_index=1, sort_index=2, title_index=3)
    writer.expect(total)
    write = writer.write_row if wrap else writer.write_cells
    paths: dict[int, str] = {}
    number = 0
    for batch in batches:
        extra = more([values[0] for values in batch]) if more else {}
        for values in batch:
            row = dict(zip(fields, values, strict=True))
            number += 1
            unit_id = row["unit_id"]
            if unit_id not in paths:
                paths[unit_id] = _unit_path_text(frame, unit_id)
            row |= {"number": number, "unit_path": paths[unit_id], **extra.get(row["pk"], {})}
            write([column.value(row) for column in columns])
        writer.advance(len(batch))
    return number


def write_registrations(campaign: Campaign, root: Unit, target, on: date | None = None, cut: Cut = EVERYONE) -> int:
    """One row per registration of `root`'s subtree (as it stood on `on`). Returns the number of rows."""
    frame = Frame.of(campaign, root, on, cut)
    titles = {value: str(label) for value, label in PositionTitle.choices}
    statuses = {value: str(label) for value, label in Status.choices}
    campaign_criteria = list(campaign.criteria.all())
    criteria = {c.pk: f"{c.order}. {c.title}" for c in campaign_criteria}
    order = {c.pk: (c.order, c.pk) for c in campaign_criteria}
    yes = _("Yes")
    no, unit, name, position = _cadre_columns(titles)
    columns = [
        no,
        unit,
        name,
        Column(_("Date of birth"), 12, lambda r: r["person__birth_date"], ("person__birth_date",)),
        Column(_("Member number"), 16, lambda r: r["person__member_number"], ("person__member_number",)),
        position,
        Column(_("Chosen criteria"), 50, lambda r: "; ".join(r.get("criteria", []))),
        Column(_("Status"), 30, lambda r: statuses.get(r["status"], r["status"]), ("status",)),
        Column(_("Sent on"), 12, lambda r: _day(r["submitted_at"]), ("submitted_at",)),
        Column(_("Confirmed on"), 12, lambda r: _day(r["confirmed_at"]), ("confirmed_at",)),
        Column(_("Approved on"), 12, lambda r: _day(r["approved_at"]), ("approved_at",)),
        Column(_("Excellent member"), 12, lambda r: yes if r["excellent_member"] else "", ("excellent_member",)),
    ]
    writer = ReportWriter(
        target,
        sheet_name=_("Registrations"),
        title=_("LIST OF CADRES WHO REGISTERED"),
        subtitle=_subtitle(campaign, frame),
        columns=[(column.header, column.width) for column in columns],
    )

    def chosen_criteria(ids: list[int]) -> dict[int, dict]:
        chosen: dict[int, list[int]] = defaultdict(list)
        for registration_id, criterion_id in (
            RegistrationCriterion.objects.filter(registration_id__in=ids)
            .values_list("registration_id", "criterion_id")
            .order_by()  # no join for the model's ordering by criterion: sorted here, in the campaign's order
        ):
            if criterion_id in order:
                chosen[registration_id].append(criterion_id)
        in_order = {pk: sorted(picked, key=order.__getitem__) for pk, picked in chosen.items()}
        return {pk: {"criteria": [criteria[i] for i in picked]} for pk, picked in in_order.items()}

    rows = _write_cadre_rows(
        writer, frame, Registration.objects.filter(campaign=campaign), columns, more=chosen_criteria
    )
    writer.close()
    return rows


def write_coverage(campaign: Campaign, root: Unit, target, on: date | None = None, cut: Cut = EVERYONE) -> int:
    """One row per unit of `root`'s subtree (as it stood on `on`) with its rolled-up figures, then the totals."""
    frame = Frame.of(campaign, root, on, cut)
    rolled = coverage_tree(campaign, root, frame.on, cut)
    kinds = dict(UnitKind.choices)
    columns = _coverage_columns()
    writer = ReportWriter(
        target,
        sheet_name=_("Coverage"),
        title=_("DEPLOYMENT AND REGISTRATION REPORT"),
        subtitle=_subtitle(campaign, frame),
        note=_(
            "Each unit's row already includes the units under it (bold: units with units under them; fold and "
            "unfold them with Excel's outline). Add up a column only with the Total row, never down the column."
        ),
        columns=[(column.header, column.width) for column in columns],
    )
    # Summary rows sit above their units; the root's own row would only repeat the Total row at the bottom.
    writer.sheet.outline_settings(True, False, True, False)
    subtotal = writer.book.add_format({"bold": True})
    count = 0
    for pk, depth in frame.walk():
        figures = rolled.get(pk)
        if figures is None or pk == root.pk:
            continue
        node = frame.tree.nodes[pk]
        has_units = bool(frame.tree.children(pk))
        line = {
            "label": f"{'    ' * (depth - 1)}{node.name}",
            "kind": kinds.get(node.kind, node.kind),
            "figures": figures,
        }
        writer.write_row([column.value(line) for column in columns], subtotal if has_units else None, level=depth - 1)
        count += 1
    total = rolled.get(root.pk)
    if total is not None:
        label = _("Total: %(unit)s") % {"unit": frame.tree.name(root.pk) or root.name}
        line = {"label": label, "kind": "", "figures": total}
        writer.write_row([column.value(line) for column in columns], writer.total_format)
    writer.close()
    return count


def _coverage_columns() -> list[Column]:
    """The coverage report's columns; each row is {"label", "kind", "figures"} (reports.coverage.Figures)."""

    def figure(header: str, value: Callable, width: int = 12) -> Column:
        return Column(header, width, lambda line: value(line["figures"]))

    def percent(value):
        return value if value is not None else ""

    return [
        Column(_("Unit"), 48, lambda line: line["label"]),
        Column(_("Kind"), 22, lambda line: line["kind"]),
        figure(_("Grassroots units deployed"), lambda f: f.grassroots_deployed, 14),
        figure(_("Grassroots units in scope"), lambda f: f.grassroots, 14),
        figure(_("Branches deployed"), lambda f: f.branches_deployed),
        figure(_("Branches in scope"), lambda f: f.branches),
        figure(_("Branches of either level (chi đoàn, chi đoàn cơ sở)"), lambda f: f.chi_doan, 14),
        figure(_("Branches that signed a commitment"), lambda f: f.branches_signed),
        figure(_("Cadres who must register"), lambda f: f.must_register),
        figure(_("Registered"), lambda f: f.registered),
        figure(_("Waiting for the unit"), lambda f: f.by_status[Status.SUBMITTED]),
        figure(_("Confirmed by the unit"), lambda f: f.by_status[Status.CONFIRMED]),
        figure(_("Approved"), lambda f: f.approved),
        figure(_("Registered (%)"), lambda f: percent(f.registered_percent)),
        figure(_("Updated in the latest check-in"), lambda f: f.updated),
        figure(_("Updated, share of the approved (%)"), lambda f: percent(f.updated_percent)),
        figure(_("Activities recorded"), lambda f: sum(f.activities.values())),
        figure(_("Branch meetings (sinh hoạt chi đoàn)"), lambda f: f.activities[ActivityKind.BRANCH_MEETING]),
    ]


def write_checkins(campaign: Campaign, root: Unit, target, on: date | None = None, cut: Cut = EVERYONE) -> int:
    """One row per approved cadre of `root`'s subtree: whether and when they reported in each check-in, and
    their actions' progress in the latest one. Returns the number of rows."""
    frame = Frame.of(campaign, root, on, cut)
    windows = list(campaign.checkin_windows.filter(opens_on__lte=frame.on))  # by opening day
    # The check-in the figures speak of (Frame.checkin_window: the latest opened by the report's day and by today),
    # read from the list rather than asked again.
    opened = [window for window in windows if window.opens_on <= timezone.localdate()]
    latest = opened[-1] if opened else None
    not_yet = _("not yet")
    columns = [
        *_cadre_columns({value: str(label) for value, label in PositionTitle.choices}),
        *[Column(w.title, 14, lambda r, w=w: _day(r.get("sent", {}).get(w.pk)) or not_yet) for w in windows],
        Column(_("Done"), 9, lambda r: r.get("actions", Counter())[ActionStatus.DONE]),
        Column(_("In progress"), 9, lambda r: r.get("actions", Counter())[ActionStatus.DOING]),
        Column(_("Not started"), 9, lambda r: r.get("actions", Counter())[ActionStatus.TODO]),
    ]
    writer = ReportWriter(
        target,
        sheet_name=_("Check-ins"),
        title=_("CHECK-INS OF THE COMMITTED ACTIONS"),
        subtitle=_subtitle(campaign, frame),
        note=_("Approved cadres only (those with commitments). Progress of the actions: in the latest check-in."),
        columns=[(column.header, column.width) for column in columns],
    )

    def reports_of(ids: list[int]) -> dict[int, dict]:
        found: dict[int, dict] = defaultdict(lambda: {"sent": {}, "actions": Counter()})
        for registration_id, window_id, when in CheckIn.objects.filter(
            window__in=windows, registration_id__in=ids
        ).values_list("registration_id", "window_id", "reported_at"):
            found[registration_id]["sent"][window_id] = when
        if latest:  # each sheet's actions by status at the latest check-in
            for registration_id, status, n in (
                ActionUpdate.objects.filter(checkin__window=latest, checkin__registration_id__in=ids)
                .values_list("checkin__registration_id", "status")
                .annotate(n=Count("pk"))
                .order_by()
            ):
                found[registration_id]["actions"][status] = n
        return found

    approved = Registration.objects.filter(campaign=campaign, status=Status.APPROVED)
    rows = _write_cadre_rows(writer, frame, approved, columns, more=reports_of, wrap=True)
    writer.close()
    return rows


def write_evaluations(campaign: Campaign, root: Unit, target, on: date | None = None, cut: Cut = EVERYONE) -> int:
    """One row per approved registration of `root`'s subtree (as it stood on `on`) with its year-end evaluation
    (blank when the cadre has not started it), then the count at each level. Returns the number of rows."""
    from evaluations.models import Evaluation, EvaluationRound, Stage

    frame = Frame.of(campaign, root, on, cut)
    round_ = EvaluationRound.objects.filter(campaign=campaign).select_related("scheme").first()
    levels = {level.pk: level.name for level in round_.scheme.levels.all()} if round_ else {}
    stages = {value: str(label) for value, label in Stage.choices}
    not_yet = _("Not self-assessed yet")
    columns = [
        *_cadre_columns({value: str(label) for value, label in PositionTitle.choices}),
        Column(_("Stage"), 30, lambda r: stages.get(r.get("stage"), not_yet)),
        Column(_("Self rating"), 26, lambda r: levels.get(r.get("self_level_id"), "")),
        Column(_("Proposed by the unit"), 26, lambda r: levels.get(r.get("proposed_level_id"), "")),
        Column(_("Final rating"), 26, lambda r: levels.get(r.get("final_level_id"), "")),
        Column(_("Points"), 8, lambda r: r.get("final_points")),
        Column(_("Decision number"), 16, lambda r: r.get("decision_number", "")),
        Column(_("Decision date"), 12, lambda r: r.get("decision_date")),
    ]
    writer = ReportWriter(
        target,
        sheet_name=_("Evaluations"),
        title=_("YEAR-END EVALUATION OF THE CADRES"),
        subtitle=_subtitle(campaign, frame) + (f" ({round_.scheme.name})" if round_ else ""),
        columns=[(column.header, column.width) for column in columns],
    )
    per_level: Counter = Counter()
    fields = (
        "stage",
        "self_level_id",
        "proposed_level_id",
        "final_level_id",
        "final_points",
        "decision_number",
        "decision_date",
    )

    def evaluations_of(ids: list[int]) -> dict[int, dict]:
        found = {}
        for registration_id, *values in Evaluation.objects.filter(
            round__campaign=campaign, registration_id__in=ids
        ).values_list("registration_id", *fields):
            found[registration_id] = dict(zip(fields, values, strict=True))
            if found[registration_id]["stage"] == Stage.DECIDED:
                per_level[found[registration_id]["final_level_id"]] += 1
        return found

    approved = Registration.objects.filter(campaign=campaign, status=Status.APPROVED)
    rows = _write_cadre_rows(writer, frame, approved, columns, more=evaluations_of, wrap=True)
    for level_id, level_name in levels.items():
        writer.write_row(
            ["", _("Total: %(level)s") % {"level": level_name}, "", "", "", "", "", per_level.get(level_id, 0)],
            writer.total_format,
        )
    writer.close()
    return rows


def write_compare(campaign: Campaign, root: Unit, target, on: date | None = None, cut: Cut = EVERYONE) -> int:
    """This year against the earlier years of the series, per unit of this year's tree (reports.compare):
    registered, who must register and the share for each year. Returns the number of unit rows."""
    from .compare import compare

    comparison = compare(campaign, root, on)
    campaigns = comparison.campaigns if comparison else [campaign]
    columns = [(_("Unit"), 40), (_("Includes (units before the restructure)"), 50)]
    for year in campaigns:
        columns += [
            (_("%(year)d: registered") % {"year": year.starts_on.year}, 12),
            (_("%(year)d: must register") % {"year": year.starts_on.year}, 12),
            (_("%(year)d: registered (%%)") % {"year": year.starts_on.year}, 12),
        ]
    frame = Frame.of(campaign, root, on, cut)
    writer = ReportWriter(
        target,
        sheet_name=_("Years compared"),
        title=_("COMPARISON WITH EARLIER YEARS"),
        subtitle=_subtitle(campaign, frame),
        columns=columns,
    )

    def cells(years):
        values = []
        for year in years:
            values += [year.registered, year.must_register, year.percent if year.percent is not None else ""]
        return values

    rows = comparison.rows if comparison else []
    for row in rows:
        writer.write_row([row.label, row.includes, *cells(row.years)])
    if comparison:
        writer.write_row([_("Total"), "", *cells(comparison.totals)], writer.total_format)
    writer.close()
    return len(rows)


def write_closing(
    campaign: Campaign, root: Unit, target, on: date | None = None, cut: Cut = EVERYONE, reader=None
) -> int:
    """The closing report's frozen figures (never recomputed), one row per unit under the organiser, the total,
    the ratings by level and the summary; before the campaign is closed, the figures so far, said so in the title.
    As `reader` may read it (closing_as_read; None: whole). `root`, `on` and `cut` are ignored: the figures are
    the campaign's, frozen per unit of their day."""
    closing = Closing.objects.filter(campaign=campaign).first()
    figures = closing.figures if closing else closing_figures(campaign, timezone.localdate())
    figures = closing_as_read(campaign, figures, reader)
    names = figure_labels()
    writer = ReportWriter(
        target,
        sheet_name=_("Closing"),
        title=_("CLOSING REPORT") if closing else _("Figures so far (the campaign is not closed)"),
        subtitle=f"{campaign.title} – {figures['organizer']}",
        note=_("Closed on %(day)s%(number)s; figures frozen that day, units as of %(units)s.")
        % {
            "day": f"{closing.closed_on:%d/%m/%Y}",
            "number": f" ({closing.report_number})" if closing.report_number else "",
            "units": date.fromisoformat(figures["on"]).strftime("%d/%m/%Y"),
        }
        if closing
        else "",
        columns=[(_("Unit"), 40), *[(label, 8) for _name, label in names]],  # narrow figures: one page wide
    )
    for row in figures["rows"]:
        writer.write_row([row["unit"], *[row.get(name, 0) for name, _label in names]])
    total = figures["totals"]
    if total is not None:
        writer.write_row(
            [_("Total: %(unit)s") % {"unit": figures["organizer"]}, *[total.get(name, 0) for name, _label in names]],
            writer.total_format,
        )
        writer.write_row([])
        for level, count in figures["levels"]:
            writer.write_row([level, count])
        writer.write_row([_("Commended"), figures["commended"]])
    else:
        writer.write_row([_("Only the units in your scope; the totals are the organising office's.")])
    if closing:
        writer.write_row([])
        writer.write_row([_("Summary")], writer.total_format)
        for line in closing.narrative.splitlines():
            writer.write_paragraph(line)
    writer.close()
    return len(figures["rows"])


RESULT_WIDTHS = {
    "member_number": 16,
    "full_name": 28,
    "birth_date": 12,
    "unit": 40,
    "unit_code": 16,
    "level": 26,
    "commendation": 30,
}


def write_member_results(
    campaign: Campaign, root: Unit, target, on: date | None = None, cut: Cut = EVERYONE, profile=None
) -> int:
    """Members' results (reports.member_results): one row per member of `root`'s subtree on the report's day, in
    the columns of `profile` (an office's ColumnProfile of kind "results"; None: the portal's own)."""
    frame, rows = member_results(campaign, root, on, cut)
    columns = columns_of(profile)
    writer = ReportWriter(
        target,
        sheet_name=_("Members' results"),
        title=_("MEMBERS' RESULTS"),
        subtitle=_subtitle(campaign, frame),
        note=_("For the national member software's yearly rating: one row per member, in the units of that day."),
        columns=[(header, RESULT_WIDTHS.get(field, 12)) for header, field in columns],
    )
    writer.expect(len(rows))
    for row in rows:
        writer.write_row([row[field] for _header, field in columns])
        writer.advance()
    writer.close()
    return len(rows)


# The file each report is written as, when not an Excel workbook (the apps above add theirs: documents' PDFs).
REPORT_FORMATS: dict[str, str] = {}
REPORTS = {
    "coverage": write_coverage,
    "registrations": write_registrations,
    "evaluations": write_evaluations,
    "compare": write_compare,
    "checkins": write_checkins,
    "closing": write_closing,
    "member_results": write_member_results,
}


def workbooks() -> dict:
    """The reports written as Excel workbooks (REPORTS less the other formats)."""
    return {name: write for name, write in REPORTS.items() if name not in REPORT_FORMATS}
