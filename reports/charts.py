"""Charts drawn on the server as SVG (no chart library, nothing from a CDN): the numbers are laid out here,
the templates in templates/reports/charts/ draw them, each with a table for screen readers.

Widths live in a 0–100 viewBox, so a chart fills a phone's width (390 px) as well as a desktop's; labels stay
in HTML beside the drawing, where they keep their size.
"""

from collections import Counter
from dataclasses import dataclass, field

from .coverage import window_weeks


@dataclass
class Segment:
    label: str
    count: int
    css: str
    x: float = 0
    width: float = 0
    percent: int = 0
    key: str = ""  # what tests and scripts find the figure by (data-key)


@dataclass
class StackedBar:
    """One bar split into shares of a whole (status mix, rating mix)."""

    title: str
    segments: list[Segment]
    total: int = 0


def stacked(title: str, parts: list[tuple[str, int, str, str]]) -> StackedBar:
    """parts: (label, count, CSS class giving its colour, key)."""
    total = sum(part[1] for part in parts)
    segments, x = [], 0.0
    for label, count, css, key in parts:
        width = 100 * count / total if total else 0
        segments.append(Segment(label, count, css, round(x, 2), round(width, 2), round(width), key))
        x += width
    return StackedBar(title, segments, total)


@dataclass
class Column:
    label: str
    count: int
    x: float
    height: float

    @property
    def y(self) -> float:
        return round(39 - self.height, 2)


@dataclass
class ColumnChart:
    title: str
    columns: list[Column] = field(default_factory=list)
    top: int = 0
    width: float = 100
    height: float = 40
    first: str = ""
    last: str = ""


def weekly_chart(frame, per_week: Counter, title: str) -> ColumnChart:
    """Sheets sent per week of the registration window (`per_week`: reports.coverage.sent_per_week)."""
    starts = window_weeks(frame.campaign)
    top = max(per_week.values(), default=0)
    chart = ColumnChart(title, top=top, width=max(len(starts), 1) * 10)
    for week, start in enumerate(starts):
        count = per_week.get(week, 0)
        height = round(36 * count / top, 2) if top else 0
        chart.columns.append(Column(start.strftime("%d/%m"), count, week * 10 + 1, height))
    if chart.columns:
        chart.first, chart.last = chart.columns[0].label, chart.columns[-1].label
    return chart


@dataclass
class Trend:
    """One unit's share of those who must register, year after year."""

    label: str
    includes: str
    points: list[tuple[int, int | None, str]]  # (year, percent, "registered/must")


def trends(comparison) -> list[Trend]:
    found = []
    for row in [*comparison.rows, None]:
        years = comparison.totals if row is None else row.years
        label = "" if row is None else row.label
        found.append(
            Trend(
                label,
                "" if row is None else row.includes,
                [
                    (year, figures.percent, f"{figures.registered}/{figures.must_register}")
                    for year, figures in zip(comparison.years, years, strict=True)
                ],
            )
        )
    return found
