"""The read-only API: its OpenAPI document checked against every endpoint by schemathesis, service tokens in the
admin, bad input, the rate limit, dates and lineage, and query counts that do not grow with the data.
Who sees what through the API is walked with the rest of the site in test_permission_matrix."""

from datetime import date, datetime, timedelta

import pytest
import schemathesis
from django.contrib.staticfiles import finders
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from hypothesis import HealthCheck, given
from hypothesis import settings as examples

from api import services
from api.models import ServiceToken, hash_token
from api.site import api
from organizations import services as unit_services
from organizations.models import Unit
from registrations.models import Registration, Status

from .conftest import make_cadre
from .test_permission_matrix import objects  # noqa: F401  (the fixture: objects in and out of both districts)


def _token(world, unit=None, office=None, days=30):
    return services.token_issue(
        by=office or world.office1,
        unit=unit or world.D1,
        purpose="Trang thông tin điện tử",
        expires_on=date.today() + timedelta(days=days),
    )


def _client(issued) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {issued.raw}")


def test_every_endpoint_answers_as_its_openapi_document_says(world, objects, settings):  # noqa: F811
    """Property-based: schemathesis draws parameters for every operation from the document (dates, times, page
    numbers, ids) and checks each answer: no server error, a documented status, a body that fits its schema."""
    settings.API_REQUESTS_PER_MINUTE = 100_000
    issued = _token(world, unit=world.P, office=world.superuser)
    schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1/"))
    schema.app = get_wsgi_application()
    # Called as a WSGI app, Django would close the test's database connection after each answer (Django's test
    # client stops that the same way).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 14
    calls = []

    try:
        for operation in operations:

            @given(case=operation.as_strategy())
            @examples(max_examples=25, deadline=None, database=None, suppress_health_check=list(HealthCheck))
            def check(case):
                headers = {"Authorization": f"Bearer {issued.raw}", "Host": "testserver", "Accept-Encoding": "identity"}
                response = case.call_and_validate(headers=headers)
                calls.append(response.status_code)

            check()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
    assert calls.count(200) > len(operations)  # the draws reached real rows, not only refusals
    print(f"\nschemathesis: {len(calls)} calls, {calls.count(200)} answered 200")


def test_the_document_and_its_page_are_served_without_a_cdn(db):
    client = Client()
    document = client.get("/api/v1/openapi.json").json()
    assert document["openapi"].startswith("3.")
    assert {"/api/v1/units", "/api/v1/campaigns/{campaign_id}/coverage", "/api/v1/stories"} <= set(document["paths"])
    assert document["components"]["securitySchemes"]
    page = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page and "cdn" not in page.lower()
    assert finders.find("ninja/swagger-ui-bundle.js") and finders.find("ninja/swagger-ui-init.js")


def test_a_token_is_shown_once_kept_hashed_and_revocable_in_the_admin(world, client_for):
    client = client_for(world.office1)
    url = "/admin/api/servicetoken/add/"
    tomorrow = (date.today() + timedelta(days=1)).strftime("%d/%m/%Y")
    # Another district's unit, a day already past, a year and more: refused, nothing made.
    for data in (
        {"unit": world.D2.pk, "purpose": "Trang tin", "expires_on": tomorrow},
        {"unit": world.D1.pk, "purpose": "Trang tin", "expires_on": date.today().strftime("%d/%m/%Y")},
        {"unit": world.D1.pk, "purpose": "Trang tin", "expires_on": "01/01/2099"},
        {"unit": world.D1.pk, "purpose": "   ", "expires_on": tomorrow},
    ):
        assert client.post(url, data).status_code == 200
    assert not ServiceToken.objects.exists()

    made = client.post(url, {"unit": world.G1.pk, "purpose": "Trang tin xã", "expires_on": tomorrow})
    assert made.status_code == 302  # to the page that shows it: a reload there makes no second token
    shown = client.get(made["Location"])
    assert shown.status_code == 200 and "no-store" in shown["Cache-Control"]
    raw = shown.context["raw"]
    assert client.get(made["Location"]).context["raw"] == raw  # reloaded before it was copied
    client.get(made["Location"] + "?da_sao_chep=1")
    assert client.get(made["Location"]).context["raw"] is None  # never again
    token = ServiceToken.objects.get()
    assert raw.startswith("dtn_") and len(raw) > 40 and raw in shown.content.decode()
    assert token.token_hash == hash_token(raw) and raw not in str(ServiceToken.objects.values().get())
    assert token.unit == world.G1 and token.created_by == world.office1
    assert raw not in client.get(f"/admin/api/servicetoken/{token.pk}/change/").content.decode()
    assert raw not in client.get("/admin/api/servicetoken/").content.decode()

    reader = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert reader.get("/api/v1/units").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None

    client.post("/admin/api/servicetoken/", {"action": "revoke", "_selected_action": [token.pk]})
    token.refresh_from_db()
    assert token.revoked_at and token.revoked_by == world.office1
    assert reader.get("/api/v1/units").status_code == 401


def test_a_token_lapses_with_its_unit(world):
    issued = _token(world, unit=world.G3, office=world.office2)
    assert _client(issued).get("/api/v1/units").status_code == 200
    unit_services.unit_dissolve(by=world.superuser, unit=Unit.objects.get(pk=world.B3.pk))
    unit_services.unit_dissolve(by=world.superuser, unit=Unit.objects.get(pk=world.G3.pk))
    assert _client(issued).get("/api/v1/units").status_code == 401


@pytest.mark.parametrize(
    "address, status, field",
    [
        ("/api/v1/units?updated_since=06/12/2026", 400, "updated_since"),
        ("/api/v1/units?updated_since=hôm-qua", 400, "updated_since"),
        ("/api/v1/units?ngay=31/12/2025", 400, "ngay"),
        ("/api/v1/units?page=0", 400, "page"),
        ("/api/v1/units?page_size=500", 400, "page_size"),
        ("/api/v1/units?updated_since=0001-01-01T00:00:00%2B10:00", 400, None),  # before the calendar in UTC
        ("/api/v1/units?page=40", 404, None),
        ("/api/v1/units/999999", 404, None),
        ("/api/v1/campaigns/abc", 400, "campaign_id"),
        ("/api/v1/khong-co", 404, None),
    ],
)
def test_bad_input_is_a_problem_document_in_vietnamese(world, address, status, field):
    client = _client(_token(world))
    with translation.override("vi"):
        response = client.get(address, HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == status and problem["title"] and problem["detail"]
    assert any(ch in problem["detail"] for ch in "ăâđêôơưạảấầẩậắằẳặẹẻẽếềểễệịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"), problem
    if field:
        assert [error["field"] for error in problem["errors"]] == [field]


def test_any_offset_iso_8601_allows_is_read(world):
    """PostgreSQL keeps offsets up to ±15:59 itself: the API reads every time in UTC first."""
    client = _client(_token(world))
    assert client.get("/api/v1/units", {"updated_since": "2026-01-01T00:00:00-20:33"}).status_code == 200
    assert client.get("/api/v1/units", {"updated_since": "2026-01-01T00:00:00"}).status_code == 200


def test_a_wrong_token_is_refused_the_same_way_whatever_is_wrong(world):
    made = _token(world)
    answers = set()
    for header in ("Bearer dtn_abc", "Bearer " + made.raw[:-1] + "x", "Bearer " + "x" * 500, "Basic YWJjOmRlZg=="):
        response = Client(HTTP_AUTHORIZATION=header).get("/api/v1/registrations")
        assert response.status_code == 401 and response["WWW-Authenticate"].startswith("Bearer")
        answers.add(response.content)
    assert len(answers) == 1  # nothing tells a made-up token from a revoked one
    assert ServiceToken.objects.get().last_used_at is None


def test_a_reader_learns_who_it_reads_as_and_until_when(world, client_for, django_assert_max_num_queries):
    """/api/v1/me: a token's unit, purpose and expiry in the one query that checks it; a signed-in person's name;
    nobody's without either; nothing of the token's secret."""
    issued = _token(world, days=10)
    with django_assert_max_num_queries(2):  # the token checked, its last use written (once a minute)
        mine = _client(issued).get("/api/v1/me").json()
    assert mine["kind"] == "token" and mine["unit_id"] == world.D1.pk
    assert mine["purpose"] == "Trang thông tin điện tử" and mine["name"] == f"{issued.token.lookup}…"
    assert datetime.fromisoformat(mine["expires_at"]) == issued.token.expires_at
    assert issued.raw not in str(mine) and issued.token.token_hash not in str(mine)
    person = client_for(world.office1).get("/api/v1/me").json()
    assert person["kind"] == "user" and person["name"] == world.office1.username and person["unit_id"] is None
    assert Client().get("/api/v1/me").status_code == 401


def test_too_many_requests_wait_for_the_next_minute(world, settings):
    settings.API_REQUESTS_PER_MINUTE = 3
    client, other = _client(_token(world)), _client(_token(world, unit=world.D2, office=world.office2))
    assert [client.get("/api/v1/campaigns").status_code for _ in range(3)] == [200, 200, 200]
    refused = client.get("/api/v1/campaigns")
    assert refused.status_code == 429 and 1 <= int(refused["Retry-After"]) <= 60
    assert refused.json()["status"] == 429
    assert other.get("/api/v1/campaigns").status_code == 200  # counted per token


def test_units_as_of_a_day_and_changed_since(world):
    client = _client(_token(world, unit=world.P, office=world.superuser))
    before = timezone.now()
    moved_on = date.today() - timedelta(days=10)
    unit_services.unit_move(by=world.superuser, unit=world.G2, new_parent=world.D2, on=moved_on)
    changed = client.get("/api/v1/units", {"updated_since": before.isoformat()}).json()
    assert [unit["id"] for unit in changed["results"]] == [world.G2.pk]
    now = client.get(f"/api/v1/units/{world.G2.pk}").json()
    then = client.get(f"/api/v1/units/{world.G2.pk}", {"ngay": (moved_on - timedelta(days=1)).isoformat()}).json()
    assert (now["parent_id"], then["parent_id"]) == (world.D2.pk, world.D1.pk)
    assert [(event["kind"], event["other_id"]) for event in now["lineage"]] == [("moved", world.D2.pk)]
    children_then = client.get("/api/v1/units", {"parent": world.D1.pk, "ngay": then and moved_on - timedelta(1)})
    assert world.G2.pk in [unit["id"] for unit in children_then.json()["results"]]


def test_lists_read_a_fixed_number_of_queries_whatever_their_length(world, campaign, django_assert_max_num_queries):
    """Two sizes: a page of 2 sheets and one of 40 read the same number of queries (and so do the others)."""
    client = _client(_token(world))

    def queries(address):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(address).status_code == 200
        return len(captured)

    def add_sheets(n):
        for i in range(n):
            person = make_cadre(world.B2, f"Nguyễn Văn Thử {Registration.objects.count()}-{i}")
            sheet = Registration.objects.create(
                campaign=campaign, person=person, unit=world.B2, status=Status.SUBMITTED, overall_commitment="Cam kết"
            )
            sheet.choices.create(criterion=campaign.criteria.first(), shortcomings="Chưa", actions="Sẽ làm")

    addresses = ["/api/v1/registrations?page_size=200", "/api/v1/units?page_size=200", "/api/v1/campaigns"]
    client.get("/api/v1/campaigns")  # the token's first use of the minute writes its "last used"
    add_sheets(2)
    small = [queries(address) for address in addresses]
    add_sheets(38)
    large = [queries(address) for address in addresses]
    assert small == large
    with django_assert_max_num_queries(8):
        client.get("/api/v1/registrations?page_size=200")
