"""Lists of the API, a page at a time: ?page=2&page_size=50 (at most 200), the newest changes with
?updated_since=<ISO 8601>. A page past the end is "not found"; an empty list is one empty first page."""

from datetime import UTC, datetime
from math import ceil
from typing import Generic, TypeVar
from urllib.parse import urlencode

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Path, Schema
from ninja.errors import HttpError
from pydantic import BaseModel, Field

from organizations.models import Unit
from organizations.policies import UNITS

Item = TypeVar("Item")
MAX_PAGE_SIZE = 200
MAX_ID = 2**63 - 1  # the largest id a database column holds: a larger one is "not found", not a server error


def id_filter(description: str):
    return Field(None, ge=1, le=MAX_ID, description=description)


def id_path():
    return Path(..., ge=1, le=MAX_ID)


class Paging(Schema):
    page: int = Field(1, ge=1, description="Số trang, từ 1.")
    page_size: int = Field(50, ge=1, le=MAX_PAGE_SIZE, description="Số mục mỗi trang (tối đa 200).")


# What the API answers is made of plain pydantic models, not ninja's Schema: those read ORM objects through a
# wrapper around every value, a cost paid per row for dicts that need none.
class Page(BaseModel, Generic[Item]):
    count: int
    page: int
    pages: int
    next: str | None
    previous: str | None
    results: list[Item]


def aware(moment: datetime | None) -> datetime | None:
    """A time in UTC: one without an offset is the portal's local time (Asia/Ho_Chi_Minh); any offset ISO 8601
    allows is taken (PostgreSQL keeps only ±15:59 itself), a time beyond the calendar once moved is refused."""
    if moment is None:
        return None
    try:
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return moment.astimezone(UTC)
    except (OverflowError, ValueError):
        raise HttpError(400, _("“updated_since” is outside the calendar.")) from None


def page_of(request, queryset, paging: Paging, serialize) -> dict:
    """One page of `queryset` (ordered) as the API's list: the rows of the page only are read and serialized by
    `serialize(rows) -> list`, which reads what the rows need in a fixed number of queries."""
    count = queryset.count()
    pages = max(1, ceil(count / paging.page_size))
    if paging.page > pages:
        raise HttpError(
            404, _("There is no page %(page)d: the list has %(pages)d.") % {"page": paging.page, "pages": pages}
        )
    start = (paging.page - 1) * paging.page_size
    rows = list(queryset[start : start + paging.page_size])

    def link(page):
        query = request.GET.copy()
        query["page"] = page
        return request.build_absolute_uri(f"{request.path}?{urlencode(sorted(query.items()))}")

    return {
        "count": count,
        "page": paging.page,
        "pages": pages,
        "next": link(paging.page + 1) if paging.page < pages else None,
        "previous": link(paging.page - 1) if paging.page > 1 else None,
        "results": serialize(rows),
    }


def unit_in_scope(request, pk: int):
    """A unit named by a filter (?unit=, ?parent=), which the reader must see: else "not found"."""
    return one_of(UNITS.visible(request.auth, Unit.objects).filter(pk=pk))


def one_of(queryset):
    """The one row of `queryset`, or "not found" (missing and out of scope alike)."""
    row = queryset.first()
    if row is None:
        raise Http404
    return row
