"""Report rules on small, made-up data (the Phú Tân demo's figures are in test_reports.py): cells stay text,
query counts stay flat, "who must register" follows every change."""

import openpyxl
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from registrations.models import Registration

from .conftest import filled, make_cadre, make_unit, make_user


def header_and_rows(sheet):
    rows = list(sheet.iter_rows(values_only=True))
    header_index = 4
    return rows[header_index], rows[header_index + 1 :]


def test_formulas_and_control_characters_stay_text(world, campaign, tmp_path):
    from reports.xlsx import write_registrations

    person = world.cadre_person
    person.full_name = '=HYPERLINK("http://x.invalid","bấm")'
    person.member_number = None
    person.save()
    registration = filled(world, campaign)
    Registration.objects.filter(pk=registration.pk).update(overall_commitment="+1")
    world.b2_person.full_name = "@SUM(A1)\x07 Bích"
    world.b2_person.save()
    bich = make_user("bich", person=world.b2_person)
    filled(world, campaign, bich)
    path = str(tmp_path / "r.xlsx")
    write_registrations(campaign, world.D1, path)
    sheet = openpyxl.load_workbook(path).active
    header, rows = header_and_rows(sheet)
    names = {r[header.index("Họ và tên")] for r in rows}
    assert '=HYPERLINK("http://x.invalid","bấm")' in names and "@SUM(A1) Bích" in names
    for cell in sheet.iter_rows(min_row=6):
        for value in cell:
            assert value.data_type != "f"


def test_dashboard_queries_do_not_grow_with_units_or_registrations(
    world, campaign, client, django_assert_max_num_queries
):
    from registrations import services

    client.force_login(world.office1, backend="django.contrib.auth.backends.ModelBackend")
    url = reverse("reports:dashboard", args=[campaign.slug])

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    small = count()
    for i in range(10):
        grassroots = make_unit(world.D1, f"TN-R-{i}", f"Đoàn xã Thêm {i}", "grassroots")
        branch = make_unit(grassroots, f"TN-R-{i}-1", f"Chi đoàn Thêm {i}", "branch")
        user = make_user(f"r{i}", person=make_cadre(branch, f"Trịnh Văn {i}"))
        services.registration_submit(by=user, registration=filled(world, campaign, user), expected_version=None)
    assert count() == small
    # 15: the year-end results section looks up the campaign's evaluation round (none here);
    # 16 since the chart of sheets sent per week (one grouped query).
    with django_assert_max_num_queries(16):
        client.get(url)


def test_who_must_register_follows_every_change_at_once(world, campaign, client):
    from datetime import date

    from organizations.models import Position, PositionTitle
    from organizations.services import position_end

    client.force_login(world.office1, backend="django.contrib.auth.backends.ModelBackend")
    url = reverse("reports:dashboard", args=[campaign.slug])
    before = client.get(url).context["totals"].must_register
    client.get(url)  # served from the cache now
    newcomer = make_cadre(world.B2, "Đinh Văn Mới", title=PositionTitle.SECRETARY, started_on=date(2024, 1, 1))
    assert client.get(url).context["totals"].must_register == before + 1
    from datetime import timedelta

    from django.utils import timezone

    yesterday = timezone.localdate() - timedelta(days=1)  # a term ending today is still held today
    position_end(by=world.office1, position=Position.objects.get(person=newcomer), on=yesterday)
    assert client.get(url).context["totals"].must_register == before
