"""A signed-in person's pages kept between requests (common.page_cache.for_session, common.data_version).

What may never happen: a page that shows what was there before a write, anyone else's page, a message shown twice,
a CSRF token repeated from one response to the next."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from common import data_version
from registrations import services
from registrations.models import Registration

from .conftest import filled

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def tokens(page: str) -> list[str]:
    return TOKEN.findall(page)


def test_a_reloaded_page_is_served_kept_with_a_fresh_token_that_works(world, campaign, client_for):
    client = client_for(world.cadre)
    client.handler.enforce_csrf_checks = True
    url = reverse("registrations:register", args=[campaign.slug])
    first = client.get(url)
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url)
    assert again.status_code == 200 and again.context is None  # not drawn again
    assert len(queries) == 1 and "django_session" in queries[0]["sql"]  # only the session is read
    assert again["Content-Security-Policy"] and again["X-Frame-Options"]  # through the middleware as any page
    before, after = tokens(first.content.decode()), tokens(again.content.decode())
    assert before and len(before) == len(after) and set(before).isdisjoint(after)  # masked afresh
    secret = client.cookies["csrftoken"].value
    assert {_unmask_cipher_token(token) for token in before + after} == {secret}
    assert TOKEN.sub("", first.content.decode()) == TOKEN.sub("", again.content.decode())
    data = {"csrfmiddlewaretoken": after[0], "version": "", "overall_commitment": "Hoàn thành tốt nhiệm vụ"}
    for criterion in list(campaign.criteria.all())[:2]:
        data |= {f"pick_{criterion.pk}": "on", f"short_{criterion.pk}": "Ngại", f"act_{criterion.pk}": "Phát biểu"}
    assert client.post(url, data | {"save": "1"}).status_code == 302  # the kept page's token is accepted
    assert Registration.objects.filter(person=world.cadre_person).exists()


def test_any_write_shows_on_the_next_view(world, campaign, client_for):
    client = client_for(world.cadre)
    url = reverse("campaigns:campaign_detail", args=[campaign.slug])
    assert "Sâu sát cơ sở" in client.get(url).content.decode()
    assert "Sâu sát cơ sở" in client.get(url).content.decode()  # kept
    campaign.criteria.filter(title="Sâu sát cơ sở").update(title="Sâu sát địa bàn")  # no signal, no save()
    page = client.get(url).content.decode()
    assert "Sâu sát địa bàn" in page and "Sâu sát cơ sở" not in page
    filled(world, campaign)  # through the services, as the form does
    assert 'data-status="draft"' in client.get(url).content.decode()


def test_a_write_by_another_process_shows_on_the_next_view(world, campaign, client_for):
    client = client_for(world.cadre)
    url = reverse("organizations:home")
    client.get(url)
    kept = data_version.current()
    client.get(url)
    # Another app server or the task worker committed a write: only the shared number moved.
    cache.incr(data_version.KEY)
    assert data_version.current() != kept
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert len(queries) > 1  # drawn again


def test_writes_outside_a_transaction_move_the_shared_version_before_the_response_leaves(world, campaign, client_for):
    client = client_for(world.cadre)
    data_version.current()
    shared = cache.get(data_version.KEY)
    # A write outside any transaction is only noted by the connection: moving the number then could run the
    # cache's statements in the middle of an INSERT … RETURNING. The request's end moves it.
    data_version._pending = True
    client.get(reverse("organizations:home"))
    assert cache.get(data_version.KEY) == shared + 1 and not data_version._pending


@pytest.mark.django_db(transaction=True)
def test_a_committed_write_moves_the_shared_version_once(world):
    shared = int(data_version.current().split(".")[0])
    from django.db import transaction

    with transaction.atomic():
        for unit in (world.B1, world.B2, world.B3):
            unit.name += " (mới)"
            unit.save()
    assert cache.get(data_version.KEY) == shared + 1
    with transaction.atomic():
        world.B1.name = "Không lưu"
        world.B1.save()
        transaction.set_rollback(True)
    assert cache.get(data_version.KEY) == shared + 1  # rolled back: nothing to tell


def test_pages_are_never_shared_between_sessions_or_people(world, campaign, client_for):
    url = reverse("organizations:home")
    cadre = client_for(world.cadre)
    cadre_page = cadre.get(url).content.decode()
    other = Client()
    other.force_login(world.secretary1, backend="django.contrib.auth.backends.ModelBackend")
    other_page = other.get(url).content.decode()
    assert "(cadre)" in cadre_page and "(secretary1)" in other_page
    assert "(cadre)" not in other.get(url).content.decode()
    second = Client()  # the same person, another phone
    second.force_login(world.cadre, backend="django.contrib.auth.backends.ModelBackend")
    with CaptureQueriesContext(connection) as queries:
        second.get(url)
    assert len(queries) > 1


def test_signed_out_deactivated_or_a_new_day_is_never_served_a_kept_page(world, campaign, client_for, monkeypatch):
    url = reverse("registrations:my_registrations")
    client = client_for(world.cadre)
    client.get(url)
    old_session = client.cookies["sessionid"].value
    client.post(reverse("logout"))
    client.cookies["sessionid"] = old_session
    assert client.get(url).status_code == 302  # the old cookie no longer opens anything

    client = client_for(world.cadre)
    assert client.get(url).status_code == 200
    User.objects.filter(pk=world.cadre.pk).update(is_active=False)
    assert client.get(url).status_code == 302

    User.objects.filter(pk=world.cadre.pk).update(is_active=True)
    client = client_for(world.cadre)
    client.get(url)
    tomorrow = timezone.localdate() + timedelta(days=1)
    monkeypatch.setattr("common.page_cache.timezone.localdate", lambda: tomorrow)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    assert len(queries) > 1  # deadlines count in days: drawn again after midnight


def test_a_message_is_shown_once_and_its_page_is_not_kept(world, campaign, client_for):
    client = client_for(world.cadre)
    url = reverse("registrations:register", args=[campaign.slug])
    client.get(url)
    client.get(url)  # kept
    data = {"version": "", "overall_commitment": "Hoàn thành tốt nhiệm vụ"}
    for criterion in list(campaign.criteria.all())[:2]:
        data |= {f"pick_{criterion.pk}": "on", f"short_{criterion.pk}": "Ngại", f"act_{criterion.pk}": "Phát biểu"}
    saved = client.post(url, data | {"save": "1"}, follow=True).content.decode()
    assert "Đã lưu bản nháp" in saved
    again = client.get(url).content.decode()
    assert "Đã lưu bản nháp" not in again
    registration = Registration.objects.get(person=world.cadre_person)
    assert f'name="version" value="{registration.version}"' in again  # not the page kept before the save


def test_only_a_signed_in_get_of_a_kept_view_is_kept(world, campaign, client_for):
    url = reverse("registrations:review_queue", args=[campaign.slug])
    assert client_for(None).get(url).status_code == 302  # to the sign-in page, nothing kept
    office = client_for(world.office1)
    office.get(url)
    registration = services.registration_submit(
        by=world.cadre, registration=filled(world, campaign), expected_version=None
    )
    queue = office.get(url)
    assert [r.pk for r in queue.context["page"]] == [registration.pk]
    refused = client_for(world.office2).get(url)  # another district: refused, as before
    assert refused.status_code in (403, 404)
