"""Pages worth not rebuilding answer a reload with 304 while nothing they show has changed, and are drawn again
as soon as a write moves one of their versions; cached figures follow the same versions."""

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from common import versions
from organizations import services as unit_services
from organizations.models import UnitKind
from registrations import services

from .conftest import filled, make_unit


def _reload(client, url, response):
    return client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])


@pytest.mark.django_db(transaction=True)
def test_the_dashboard_answers_a_reload_with_304_until_a_sheet_is_sent(world, campaign, client_for):
    url = reverse("reports:dashboard", args=[campaign.slug])
    office = client_for(world.office1)
    first = office.get(url)
    assert first.status_code == 200
    assert "private" in first["Cache-Control"] and "no-cache" in first["Cache-Control"]
    assert _reload(office, url, first).status_code == 304

    services.registration_submit(by=world.cadre, registration=filled(world, campaign), expected_version=None)
    again = _reload(office, url, first)
    assert again.status_code == 200 and again["ETag"] != first["ETag"]
    assert again.context["totals"].registered == first.context["totals"].registered + 1

    # Another day of the report, another office, another sign-in: each is drawn, never another's copy.
    assert office.get(url + "?ngay=01/01/2030", HTTP_IF_NONE_MATCH=again["ETag"]).status_code == 200
    assert _reload(client_for(world.superuser), url, again).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_a_unit_founded_moves_the_tree_and_another_campaign_moves_nothing_here(world, campaign, client_for):
    url = reverse("reports:dashboard", args=[campaign.slug])
    office = client_for(world.office1)
    first = office.get(url)
    branches = first.context["totals"].branches

    other = versions.current(versions.of(type(campaign), campaign.pk + 1000))
    services.registration_submit(by=world.cadre, registration=filled(world, campaign), expected_version=None)
    assert versions.current(versions.of(type(campaign), campaign.pk + 1000)) == other

    drawn = _reload(office, url, first)
    make_unit(world.G1, "TN-D1-G1-B9", "Chi đoàn ấp 9", UnitKind.BRANCH)
    again = _reload(office, url, drawn)
    assert again.status_code == 200 and again.context["totals"].branches == branches + 1


@pytest.mark.django_db(transaction=True)
def test_a_bulk_write_of_people_moves_the_tree(world):
    before = versions.current(versions.TREE)
    unit_services.people_upsert_many(
        by=world.office1,
        creates=[{"full_name": "Phan Thị Mới", "home_unit_id": world.B1.pk, "member_number": "TN0999"}],
        updates=[],
        positions=[],
        reason="Nhập danh sách đoàn viên",
    )
    assert versions.current(versions.TREE) != before


@pytest.mark.django_db(transaction=True)
def test_the_campaign_page_answers_304_to_its_cadre_and_is_drawn_with_a_message_waiting(world, campaign, client_for):
    url = reverse("campaigns:campaign_detail", args=[campaign.slug])
    cadre = client_for(world.cadre)
    first = cadre.get(url)
    assert _reload(cadre, url, first).status_code == 304

    # A message waiting (as after a redirect): the page is drawn, and shows it once.
    storage = CookieStorage(RequestFactory().get(url))
    storage.add(constants.SUCCESS, "Đã lưu bản nháp.")
    carrier = HttpResponse()
    storage.update(carrier)
    cadre.cookies["messages"] = carrier.cookies["messages"].value
    shown = _reload(cadre, url, first)
    assert shown.status_code == 200 and "Đã lưu bản nháp." in shown.content.decode()
    assert _reload(cadre, url, first).status_code == 304

    # The cadre's own sheet started: the page shows it at once.
    filled(world, campaign)
    again = _reload(cadre, url, first)
    assert again.status_code == 200
    assert again.context["registration"] is not None


@pytest.mark.django_db(transaction=True)
def test_a_page_the_user_may_not_see_is_refused_not_revalidated(world, campaign, client_for):
    url = reverse("reports:dashboard", args=[campaign.slug])
    first = client_for(world.office1).get(url)
    assert client_for(world.office2).get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_a_request_reads_each_version_once_and_sees_its_own_moves():
    """A page asks for the same versions for its ETag and for each piece it keeps: the cache is read once a request.
    A move the request makes is seen at once; after the request every read asks the cache again."""
    from django.core.cache import cache
    from django.core.signals import request_finished, request_started

    name, key = "pages:a-test-family", versions._key("pages:a-test-family")
    request_started.send(sender=None)
    try:
        first = versions.current(name)
        cache.set(key, "moved-by-another-server", None)
        assert versions.current(name) == first
        versions.move(name)
        own = versions.current(name)
        assert own not in (first, "moved-by-another-server") and cache.get(key) == own
    finally:
        request_finished.send(sender=None)
    cache.set(key, "moved-by-another-server", None)
    assert versions.current(name) == "moved-by-another-server"


@pytest.mark.django_db(transaction=True)
def test_the_campaign_outline_is_drawn_again_when_a_criterion_changes(world, campaign, client_for):
    url = reverse("campaigns:campaign_detail", args=[campaign.slug])
    cadre = client_for(world.cadre)
    criterion = campaign.criteria.first()
    assert criterion.title in cadre.get(url).content.decode()
    criterion.title = "Gương mẫu, đi đầu trong học tập"
    criterion.save()
    assert "Gương mẫu, đi đầu trong học tập" in cadre.get(url).content.decode()
