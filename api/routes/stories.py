"""/api/v1/stories: the public "Gương sáng cán bộ Đoàn" column, for the province's website and others. No token:
only what the public page shows (published with the person's consent, not withdrawn)."""

from datetime import date

from django.conf import settings
from django.urls import reverse
from ninja import Query, Router
from pydantic import BaseModel, Field

from evaluations.stories import published_stories

from ..answers import answered
from ..paging import Page, Paging, id_path, one_of, page_of

router = Router(tags=["Gương sáng cán bộ Đoàn"], auth=None)


class StoryOut(BaseModel):
    id: int
    headline: str
    story: str
    full_name: str
    unit_name: str
    form: str
    reason: str
    decision_number: str
    decision_date: date
    issuing_unit_name: str
    photo_small: str = Field(description="Ảnh nhỏ (rộng 480 px)")
    photo_medium: str = Field(description="Ảnh vừa (rộng 1000 px)")
    photo_alt: str
    url: str = Field(description="Trang công khai của câu chuyện")


class StoryFilters(Paging):
    year: int | None = Field(None, ge=2000, le=2100, description="Chỉ quyết định khen thưởng trong năm này.")


def _absolute(request, url: str) -> str:
    return url if "://" in url else (settings.SITE_URL or request.build_absolute_uri("/")[:-1]) + url


def _story_out(request, story) -> dict:
    return {
        "id": story.pk,
        "headline": story.headline,
        "story": story.story,
        "full_name": story.person.full_name,
        "unit_name": story.person.home_unit.name,
        "form": story.get_form_display(),
        "reason": story.reason,
        "decision_number": story.decision_number,
        "decision_date": story.decision_date,
        "issuing_unit_name": story.issuing_unit.name,
        "photo_small": _absolute(request, story.photo_small.url),
        "photo_medium": _absolute(request, story.photo_medium.url),
        "photo_alt": story.photo_alt or story.person.full_name,
        "url": _absolute(request, reverse("evaluations:story_detail", args=[story.pk])),
    }


@router.get("/stories", url_name="api_stories", response=Page[StoryOut], summary="Gương sáng cán bộ Đoàn")
@answered
def story_list(request, filters: Query[StoryFilters]):
    stories = published_stories()
    if filters.year is not None:
        stories = stories.filter(decision_date__year=filters.year)
    return page_of(request, stories, filters, lambda rows: [_story_out(request, s) for s in rows])


@router.get("/stories/{story_id}", url_name="api_story", response=StoryOut, summary="Một câu chuyện Gương sáng")
@answered
def story_detail(request, story_id: int = id_path()):
    return _story_out(request, one_of(published_stories().filter(pk=story_id)))
