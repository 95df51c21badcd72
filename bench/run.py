"""Province-sized benchmark: `make bench` (or `python bench/run.py`).

Builds, once, a dataset the size of a province on the configured database (DATABASE_URL, or by
default its own SQLite file var/bench.sqlite3 so the demo database is left alone): 1 Tỉnh đoàn,
12 district-level units, 600 grassroots units, 8,000 branches, 60,000 cadres and 60,000
registrations. Then prints, from one run:

  * the coverage dashboard's server time next to a bare one-query Django view over the same rows;
  * the 60,000-row registrations export: time and peak memory, next to a plain xlsxwriter
    constant_memory write of the same rows (the lower bound) and django-import-export's default
    export of the same rows; each in its own process, so peak memory is that process's own;
  * the time to import 10,000 people (read, check, write).
"""

import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
if not os.environ.get("DATABASE_URL"):
    (ROOT / "var").mkdir(exist_ok=True)
    os.environ.setdefault("SQLITE_PATH", str(ROOT / "var" / "bench.sqlite3"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "campaign_portal.settings")
os.environ.setdefault("AXES_ENABLED", "0")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import OperationalError, connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.http import JsonResponse  # noqa: E402
from django.test import Client, RequestFactory  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from campaigns.models import Campaign, Criterion, Document, EligibilityRule  # noqa: E402
from organizations.models import (  # noqa: E402
    Membership,
    MembershipStart,
    Person,
    Position,
    PositionTitle,
    Unit,
    UnitKind,
    UnitSpan,
)
from registrations.models import Registration, RegistrationCriterion, Status  # noqa: E402

BASE_SIZES = {"districts": 12, "grassroots": 600, "branches": 8000, "cadres": 60000, "registrations": 60000}


class Dataset:
    """The province at a scale: ×1 is the province of the docs' tables; ×10 (`make bench SCALE=10`) is ten of
    them in one — 120 districts, 80,000 branches, 600,000 cadres and registrations. Each scale has its own slug,
    unit codes and member numbers, so one database holds both and one run compares them."""

    def __init__(self, scale: int = 1):
        self.scale = scale
        self.sizes = {key: value * scale for key, value in BASE_SIZES.items()}
        self.slug = "bench-tinh" if scale == 1 else f"bench-tinh-x{scale}"
        self.code = "BENCH" if scale == 1 else f"BX{scale}"
        self.member = "B" if scale == 1 else f"X{scale}-"


DATA = Dataset(1)
SLUG = DATA.slug  # bench/prod_check.py and the measures read the ×1 province
SIZES = DATA.sizes
STATUSES = [Status.APPROVED] * 6 + [Status.CONFIRMED, Status.SUBMITTED, Status.RETURNED, Status.DRAFT]


def built(data: Dataset = DATA) -> bool:
    return Campaign.objects.filter(slug=data.slug).exists()


def build(data: Dataset = DATA) -> float:
    started = time.perf_counter()
    rng = random.Random(2026)
    sizes, code = data.sizes, data.code
    with transaction.atomic():
        province = Unit(
            code=code,
            name="Tỉnh đoàn Thử tải" if data.scale == 1 else f"Tỉnh đoàn Thử tải ×{data.scale}",
            kind=UnitKind.PROVINCE,
            depth=1,
            path=Unit._get_path(None, 1, 1000 + data.scale - 1),
            numchild=sizes["districts"],
        )
        province.fill_derived_fields()
        units = [province]
        grassroots_per_district = sizes["grassroots"] // sizes["districts"]
        branch_counts = [
            sizes["branches"] // sizes["grassroots"] + (1 if i < sizes["branches"] % sizes["grassroots"] else 0)
            for i in range(sizes["grassroots"])
        ]
        branches = []
        g = 0
        for d in range(sizes["districts"]):
            district = Unit(
                code=f"{code}-{d:02d}",
                name=f"Huyện đoàn Thử {d + 1}",
                kind=UnitKind.DISTRICT,
                depth=2,
                path=Unit._get_path(province.path, 2, d + 1),
                numchild=grassroots_per_district,
            )
            units.append(district)
            for k in range(grassroots_per_district):
                grassroots = Unit(
                    code=f"{district.code}-{k:02d}",
                    name=f"Đoàn xã Thử {d + 1}.{k + 1}",
                    kind=UnitKind.GRASSROOTS,
                    sector="commune",
                    depth=3,
                    path=Unit._get_path(district.path, 3, k + 1),
                    numchild=branch_counts[g],
                )
                units.append(grassroots)
                for b in range(branch_counts[g]):
                    branch = Unit(
                        code=f"{grassroots.code}-{b:02d}",
                        name=f"Chi đoàn ấp {b + 1}",
                        kind=UnitKind.BRANCH,
                        sector="commune",
                        depth=4,
                        path=Unit._get_path(grassroots.path, 4, b + 1),
                        numchild=0,
                    )
                    units.append(branch)
                    branches.append(branch)
                g += 1
        for unit in units:
            unit.fill_derived_fields()
        Unit.objects.bulk_create(units, batch_size=2000)
        # bulk_create skips Unit.save: open each unit's span here (reports read the dated tree).
        pk_of = dict(Unit.objects.filter(path__startswith=province.path).values_list("path", "pk"))
        UnitSpan.objects.bulk_create(
            [
                UnitSpan(
                    unit_id=pk_of[u.path],
                    parent_id=pk_of.get(u.path[: -Unit.steplen]),
                    name=u.name,
                    kind=u.kind,
                    sector=u.sector,
                )
                for u in units
            ],
            batch_size=2000,
        )
        branches = list(Unit.objects.filter(kind=UnitKind.BRANCH, path__startswith=province.path).order_by("path"))
        families, given = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng"], ["An", "Bình", "Chi", "Dũng", "Hà"]
        people = []
        for i in range(sizes["cadres"]):
            person = Person(
                full_name=f"{rng.choice(families)} Văn {rng.choice(given)} {i}",
                member_number=f"{data.member}{i:08d}",
                home_unit=branches[i % len(branches)],
                birth_date=date(1990, 1, 1) + timedelta(days=rng.randrange(4000)),
            )
            person.fill_derived_fields()
            people.append(person)
        Person.objects.bulk_create(people, batch_size=2000)
        people = list(
            Person.objects.filter(member_number__startswith=data.member, home_unit__path__startswith=province.path)
            .select_related("home_unit")
            .order_by("pk")
        )
        Membership.objects.bulk_create(  # members of their branch, as on record (a bulk write sends no signal)
            [Membership(person=p, unit_id=p.home_unit_id, start=MembershipStart.ON_RECORD) for p in people],
            batch_size=2000,
        )
        Position.objects.bulk_create(
            [
                Position(
                    person=p,
                    unit=p.home_unit,
                    started_on=date(2022, 3, 1),
                    title=PositionTitle.SECRETARY if i < len(branches) else PositionTitle.EXECUTIVE_MEMBER,
                )
                for i, p in enumerate(people)
            ],
            batch_size=2000,
        )
        plan = Document.objects.create(
            number=f"{data.scale:02d}-KH/TĐTN",
            kind="KH",
            issuer=province.name,
            issued_on=date(2024, 1, 5),
            title="Kế hoạch thử tải",
        )
        campaign = Campaign.objects.create(
            slug=data.slug,
            title="Phong trào thử tải cấp tỉnh",
            plan=plan,
            organizer=province,
            starts_on=date(2024, 1, 10),
            ends_on=date(2024, 12, 31),
            registration_opens=date(2024, 1, 10),
            registration_closes=date(2024, 3, 31),
            min_criteria=1,
            max_criteria=3,
        )
        criteria = [Criterion.objects.create(campaign=campaign, order=n, title=f"Tiêu chí {n}") for n in (1, 2, 3, 4)]
        EligibilityRule.objects.create(campaign=campaign, unit_kind=UnitKind.BRANCH)
        moment = timezone.make_aware(datetime(2024, 2, 1, 9))
        Registration.objects.bulk_create(
            [
                Registration(
                    campaign=campaign,
                    person=p,
                    unit=p.home_unit,
                    position_title=PositionTitle.EXECUTIVE_MEMBER,
                    status=(status := STATUSES[i % len(STATUSES)]),
                    submitted_at=moment,
                    return_reason="Bổ sung" if status == Status.RETURNED else "",
                    confirmed_at=moment if status in (Status.CONFIRMED, Status.APPROVED) else None,
                    approved_at=moment if status == Status.APPROVED else None,
                )
                for i, p in enumerate(people[: sizes["registrations"]])
            ],
            batch_size=2000,
        )
        ids = list(Registration.objects.filter(campaign=campaign).values_list("pk", flat=True))
        RegistrationCriterion.objects.bulk_create(
            [
                RegistrationCriterion(
                    registration_id=pk, criterion=criteria[(pk + k) % 4], shortcomings="Hạn chế", actions="Việc làm"
                )
                for pk in ids
                for k in (0, 1)
            ],
            batch_size=5000,
        )
        User.objects.get_or_create(username="bench", defaults={"is_superuser": True, "is_staff": True})
    analyze()
    return time.perf_counter() - started


IMPORT_AT_SCALE = 200_000  # settings.IMPORT_MAX_ROWS: the largest file the import page takes
IMPORT_BATCH = 2000  # organizations.importers.BATCH

RESTRUCTURED_ON = date(2025, 7, 1)


def restructure() -> float:
    """After the campaign (01/07/2025): ten communes of the last district merge into two new communes directly
    under the province, through the organisation services. Once; returns the seconds it took."""
    from organizations import services

    if Unit.objects.filter(code="BENCH-X0").exists():
        return 0.0
    started = time.perf_counter()
    admin = User.objects.get(username="bench")
    province = Unit.objects.get(code="BENCH")
    last = Unit.objects.get(code=f"BENCH-{SIZES['districts'] - 1:02d}")
    communes = list(Unit.objects.get_children(last).order_by("path")[:10])
    for n in range(2):
        new = services.unit_create(
            by=admin,
            parent=province,
            code=f"BENCH-X{n}",
            name=f"Đoàn xã Mới {n + 1}",
            kind=UnitKind.GRASSROOTS,
            sector="commune",
            founded_on=RESTRUCTURED_ON,
        )
        for commune in communes[n * 5 : n * 5 + 5]:
            services.unit_merge(by=admin, source=commune, target=new, on=RESTRUCTURED_ON)
    return time.perf_counter() - started


def analyze() -> None:
    """Fresh planner statistics, as autovacuum keeps them in production. Right after a bulk load
    PostgreSQL still believes the tables are nearly empty and picks nested loops: the 60,000-row
    export then took 20 s instead of 9."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _median_ms(fn, repeat=5) -> float:
    fn()  # warm-up
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def bare_view(request, slug=SLUG):
    """The floor: one grouped query over the same registrations, as JSON."""
    campaign = Campaign.objects.only("pk").get(slug=slug)
    rows = list(
        Registration.objects.filter(campaign_id=campaign.pk)
        .values("unit_id", "status")
        .annotate(n=Count("id"))
        .order_by()
    )
    return JsonResponse({"rows": len(rows)})


def measure_dashboard(slug=SLUG, today=True) -> dict:
    """The province's dashboard as of the campaign's end (and, with `today`, as of today), the first request after
    a change of positions, and the bare view over the same registrations."""
    from django.urls import reverse

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username="bench"), backend="django.contrib.auth.backends.ModelBackend")
    url = reverse("reports:dashboard", args=[slug])
    assert client.get(url).status_code == 200
    now_url = url + "?ngay=" + timezone.localdate().strftime("%d/%m/%Y")
    if today:
        assert client.get(now_url).status_code == 200
    factory = RequestFactory()
    from django.core.cache import cache

    cache.clear()  # the first request after a change of positions computes who must register afresh
    started = time.perf_counter()
    client.get(url)
    cold_ms = (time.perf_counter() - started) * 1000
    from common import versions

    campaign_version = versions.of(Campaign, Campaign.objects.get(slug=slug).pk)

    def afresh(address):  # as after a sheet was sent: the kept figures are counted again
        versions.move(campaign_version)
        return client.get(address)

    dashboard_ms = _median_ms(lambda: afresh(url))
    now_ms = _median_ms(lambda: afresh(now_url)) if today else None
    kept_ms = _median_ms(lambda: client.get(url))
    bare_ms = _median_ms(lambda: bare_view(factory.get("/bare"), slug))
    return {"dashboard_ms": dashboard_ms, "now_ms": now_ms, "bare_ms": bare_ms, "cold_ms": cold_ms, "kept_ms": kept_ms}


def measure_every_member(slug=SLUG) -> dict:
    """The same dashboard with every member counted (organizations.Membership as of the report's day), the
    campaign switched back after."""
    from common import versions
    from organizations.models import Membership

    campaign = Campaign.objects.get(slug=slug)
    Campaign.objects.filter(pk=campaign.pk).update(members_register=True)
    versions.move(versions.of(Campaign, campaign.pk))  # an update() sends no signal
    try:
        found = measure_dashboard(slug, today=False)
        found["members"] = Membership.objects.as_of(campaign.report_date()).count()
        return found
    finally:
        Campaign.objects.filter(pk=campaign.pk).update(members_register=campaign.members_register)
        versions.move(versions.of(Campaign, campaign.pk))


def _peak_mb() -> float:
    """This process's peak resident memory. VmHWM starts afresh at exec; ru_maxrss would carry the
    parent's peak (Linux keeps it across exec), which is why the measures run in fresh processes."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def export_ours(path) -> dict:
    from reports.xlsx import write_registrations

    campaign = Campaign.objects.select_related("organizer").get(slug=SLUG)
    started = time.perf_counter()
    rows = write_registrations(campaign, campaign.organizer, path)
    return {"rows": rows, "seconds": time.perf_counter() - started, "peak_mb": _peak_mb()}


def export_job(path, slug=SLUG) -> dict:
    """The registrations export as a user gets it: a job (reports.exports) run by a worker. Here the worker is
    this process (TASKS_BACKEND=immediate, set by _in_subprocess), so its peak memory is the job's own."""
    from django.core.files.storage import storages

    from reports.coverage import Frame
    from reports.exports import start_export
    from reports.models import JobStatus

    campaign = Campaign.objects.select_related("organizer").get(slug=slug)
    started = time.perf_counter()
    job = start_export(
        user=User.objects.get(username="bench"),
        campaign=campaign,
        report="registrations",
        frame=Frame.of(campaign, campaign.organizer),
    )
    job.refresh_from_db()
    seconds = time.perf_counter() - started
    assert job.status == JobStatus.DONE, (job.status, job.error)
    storage = storages["default"]
    size_mb = storage.size(job.file.name) / 1e6
    storage.delete(job.file.name)
    job.delete()
    return {"rows": job.rows_written, "seconds": seconds, "peak_mb": _peak_mb(), "size_mb": size_mb}


def export_bound(path) -> dict:
    """Plain xlsxwriter constant_memory over the same rows and columns: the lower bound."""
    import xlsxwriter

    campaign = Campaign.objects.get(slug=SLUG)
    started = time.perf_counter()
    book = xlsxwriter.Workbook(path, {"constant_memory": True})
    sheet = book.add_worksheet()
    date_format = book.add_format({"num_format": "dd/mm/yyyy"})
    rows = 0
    query = (
        Registration.objects.filter(campaign=campaign)
        .order_by("unit__path", "person__sort_key", "pk")
        .values_list(
            "pk",
            "unit__name",
            "person__full_name",
            "person__birth_date",
            "person__member_number",
            "position_title",
            "status",
            "submitted_at",
            "confirmed_at",
            "approved_at",
        )
    )
    for rows, values in enumerate(query.iterator(chunk_size=2000), start=1):
        for column, value in enumerate(values):
            if isinstance(value, datetime):
                sheet.write_datetime(rows, column, timezone.localtime(value).date(), date_format)
            elif isinstance(value, date):
                sheet.write_datetime(rows, column, value, date_format)
            elif value is None:
                sheet.write_blank(rows, column, None)
            else:
                sheet.write(rows, column, value)
    book.close()
    return {"rows": rows, "seconds": time.perf_counter() - started, "peak_mb": _peak_mb()}


def export_import_export(path) -> dict:
    """django-import-export's default export of the same rows to XLSX."""
    from import_export import resources

    class RegistrationResource(resources.ModelResource):
        class Meta:
            model = Registration
            fields = (
                "id",
                "unit__name",
                "person__full_name",
                "person__birth_date",
                "person__member_number",
                "position_title",
                "status",
                "submitted_at",
                "confirmed_at",
                "approved_at",
            )

    campaign = Campaign.objects.get(slug=SLUG)
    started = time.perf_counter()
    queryset = Registration.objects.filter(campaign=campaign).order_by("unit__path", "person__sort_key", "pk")
    dataset = RegistrationResource().export(queryset)
    Path(path).write_bytes(dataset.export("xlsx"))
    return {"rows": len(dataset), "seconds": time.perf_counter() - started, "peak_mb": _peak_mb()}


# An office's own export, as the national member software or its own lists write it: its headers, a title block
# above them and a column the portal has no field for.
OFFICE_HEADERS = [
    "STT",
    "Số thẻ đoàn viên",
    "Họ và tên",
    "Giới tính",
    "Ngày, tháng, năm sinh",
    "Số điện thoại",
    "Mã đơn vị",
    "Ngày vào Đoàn",
    "Đảng viên",
    "Chức vụ chính quyền",
    "Chức vụ",
    "Từ ngày",
    "Quê quán",
]


def _office_file(n: int, branches: list[str]) -> str:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["DANH SÁCH ĐOÀN VIÊN"])
    sheet.append(OFFICE_HEADERS)
    for i in range(n):
        sheet.append(
            [
                i + 1,
                f"IMP{i:07d}",
                f"Lý Thị Nhập {i}",
                "Nữ",
                "15/08/1999",
                "0912345678",
                branches[i % len(branches)],
                datetime(2016, 3, 26),
                "x" if i % 9 == 0 else "",
                "Giáo viên",
                "Ủy viên Ban Chấp hành" if i % 20 == 0 else "",
                "01/01/2024" if i % 20 == 0 else "",
                "Xã Tân Hải",
            ]
        )
    handle = tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False)  # noqa: SIM115 (a path for the importer)
    book.save(handle.name)
    return handle.name


def _reset_peak() -> None:
    """Start the peak resident memory afresh (Linux: writing 5 to clear_refs resets VmHWM), so that each phase's
    peak is its own."""
    with open("/proc/self/clear_refs", "w") as refs:
        refs.write("5")


def import_people(n=IMPORT_AT_SCALE) -> dict:
    """An office's own file of `n` members, through the import page's path on a worker: stored, its headers paired
    by a saved profile, checked, confirmed, written (all rows or none). The time and peak memory of each step."""
    from django.conf import settings
    from django.core.files import File

    from reports import imports
    from reports.models import ImportJob
    from reports.profiles import save_profile

    settings.DEBUG = False  # as on a worker: with DEBUG on, Django keeps the last 9,000 queries' SQL in memory
    n = int(n)
    branches = list(
        Unit.objects.filter(kind=UnitKind.BRANCH, code__startswith="BENCH").values_list("code", flat=True)[:500]
    )
    # Left by an interrupted run: removed before the measure starts (the main process does it after each run).
    Person.objects.filter(member_number__startswith="IMP").delete()
    path = _office_file(n, branches)
    user = User.objects.get(username="bench")
    profile = save_profile(
        by=user,
        kind="people",
        name="Phần mềm quản lý đoàn viên",
        mapping=imports.columns.match("people", OFFICE_HEADERS),
    )
    _reset_peak()
    started = time.perf_counter()
    with open(path, "rb") as handle:
        job = imports.start_import(
            user=user, kind="people", uploaded=File(handle, name="doan-vien.xlsx"), profile=profile
        )
    imports.match_import(by=user, job=job, mapping=profile.mapping)  # the check runs here (tasks run in the call)
    checked_s, check_mb = time.perf_counter() - started, _peak_mb()
    job.refresh_from_db()
    assert job.status == "checked", (job.status, job.message, job.errors[:3])
    _reset_peak()
    started = time.perf_counter()
    imports.confirm_import(job)
    written_s, write_mb = time.perf_counter() - started, _peak_mb()
    job = ImportJob.objects.get(pk=job.pk)
    assert job.status == "done", (job.status, job.message)
    size_mb = os.path.getsize(path) / 1e6
    os.unlink(path)
    return {
        "rows": n,
        "checked_seconds": checked_s,
        "check_peak_mb": check_mb,
        "written_seconds": written_s,
        "write_peak_mb": write_mb,
        "created": Person.objects.filter(member_number__startswith="IMP").count(),
        "size_mb": size_mb,
        "ignored": job.summary.get("ignored", []),
    }


def documents(path, n=1000) -> dict:
    """One registration sheet as a .docx (what the sheet's Word link does, median of 5), and `n` certificates of
    merit as one PDF (what the export job of "Giấy khen (PDF)" does): its time, the worker's peak memory and
    LibreOffice's (the largest child process)."""
    from datetime import date

    from documents import writers
    from evaluations.models import Commendation, CommendationForm

    campaign = Campaign.objects.select_related("organizer", "plan").get(slug=SLUG)
    registration = Registration.objects.filter(campaign=campaign).select_related("person", "unit").first()
    sheet_ms = _median_ms(lambda: writers.registration_sheet(registration).to_bytes())
    people = list(Person.objects.filter(member_number__startswith="B").order_by("pk")[: int(n)])
    Commendation.objects.filter(decision_number="BENCH-QĐ").delete()
    Commendation.objects.bulk_create(
        Commendation(
            decision_number="BENCH-QĐ",
            decision_date=date(2023, 12, 20),
            issuing_unit=campaign.organizer,
            person=person,
            campaign=campaign,
            form=CommendationForm.CERTIFICATE,
            reason="Đạt danh hiệu “Phong cách cán bộ Đoàn”, hoàn thành xuất sắc nhiệm vụ năm 2023.",
        )
        for person in people
    )
    _reset_peak()
    started = time.perf_counter()
    try:
        pages = writers.write_certificates_pdf(campaign, campaign.organizer, path)
    finally:
        Commendation.objects.filter(decision_number="BENCH-QĐ").delete()
    return {
        "sheet_ms": sheet_ms,
        "certificates": pages,
        "seconds": time.perf_counter() - started,
        "peak_mb": _peak_mb(),
        "office_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        "size_mb": os.path.getsize(path) / 1e6,
    }


COHORT = 10_000


def cohort_message(_path, n=COHORT) -> dict:
    """A message to a group of `n` people (half with an account, all with an e-mail address) as the page sends it:
    the request's time (recipients kept, in-app notices written, the outbox queued) and the worker's (each outbox
    row of notices.channels.OUTBOX_BATCH sends delivered by its task, e-mail to Django's in-memory backend)."""
    from django.test import override_settings
    from django_tasks_db.models import DBTaskResult

    from messaging.models import Cohort, CohortMessage
    from messaging.services import message_send
    from notices.channels import send_outgoing
    from notices.models import Notification, Outgoing
    from organizations.models import UnitKind

    n = int(n)
    unit = Unit.objects.filter(code="BENCH-COHORT").first() or Unit.objects.add_root(
        code="BENCH-COHORT", name="Đoàn cơ sở thử tin nhắn", kind=UnitKind.GRASSROOTS
    )
    Person.objects.filter(home_unit=unit).delete()
    User.objects.filter(username__startswith="bench-cohort-").delete()
    users = User.objects.bulk_create(
        User(username=f"bench-cohort-{i}", email=f"cb{i}@example.vn", password="!") for i in range(n // 2)
    )
    Person.objects.bulk_create(
        Person(
            full_name=f"Đoàn viên {i:05d}",
            sort_key=f"{i:05d}",
            home_unit=unit,
            email=f"dv{i}@example.vn",
            user=users[i] if i < len(users) else None,
        )
        for i in range(n)
    )
    office = User.objects.filter(is_superuser=True).first() or User.objects.create_superuser("bench-admin", "", "x")
    before = Outgoing.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    queued = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}  # as in production
    with override_settings(
        COHORT_MAX_RECIPIENTS=n, EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend", TASKS=queued
    ):
        queued_from, started = timezone.now(), time.perf_counter()
        with transaction.atomic():
            message = message_send(
                by=office, cohort=Cohort.MEMBERS, unit=unit, campaign=None, title="Họp toàn tỉnh", body="Mời dự họp."
            )
        request_seconds = time.perf_counter() - started
        rows = list(Outgoing.objects.filter(pk__gt=before).values_list("pk", flat=True))
        started = time.perf_counter()
        delivered = sum(send_outgoing.call(pk) for pk in rows)
        worker_seconds = time.perf_counter() - started
    told = Notification.objects.filter(event="message.cohort", user__username__startswith="bench-cohort-").count()
    DBTaskResult.objects.filter(task_path__endswith="send_outgoing", enqueued_at__gte=queued_from).delete()
    CohortMessage.objects.filter(pk=message.pk).delete()
    Outgoing.objects.filter(pk__in=rows).delete()
    Notification.objects.filter(user__username__startswith="bench-cohort-").delete()
    Person.objects.filter(home_unit=unit).delete()
    User.objects.filter(username__startswith="bench-cohort-").delete()
    return {
        "people": n,
        "request_seconds": request_seconds,
        "batches": len(rows),
        "delivered": delivered,
        "in_app": told,
        "worker_seconds": worker_seconds,
    }


MEASURES = {
    "cohort-message": cohort_message,
    "documents": documents,
    "export-ours": export_ours,
    "export-bound": export_bound,
    "export-import-export": export_import_export,
    "export-job": export_job,
    "import-people": lambda _path, n: import_people(n),
}


def _in_subprocess(name: str, *extra: str) -> dict:
    env = {**os.environ, "TASKS_BACKEND": "immediate"}
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as handle, tempfile.TemporaryDirectory() as private:
        env.setdefault("PRIVATE_MEDIA_ROOT", private)
        output = subprocess.run(
            [sys.executable, __file__, name, handle.name, *extra], check=True, capture_output=True, text=True, env=env
        ).stdout
    return json.loads(output.strip().splitlines()[-1])


def _ensure_database() -> None:
    """`DATABASE_URL=postgres://…/portal_bench make bench SCALE=10` on a server without that database creates it."""
    import psycopg
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        return
    try:
        connection.ensure_connection()
    except OperationalError:  # most likely missing: create it; if that was not the cause, migrate fails loudly
        with psycopg.connect(
            host=db["HOST"], port=db["PORT"] or 5432, user=db["USER"], password=db["PASSWORD"], dbname="postgres"
        ) as admin:
            admin.autocommit = True
            admin.execute(f'CREATE DATABASE "{db["NAME"]}"')


def run_scale(scale: int) -> None:
    """`make bench SCALE=10`: the province at ×1 and at ×scale in one database, the dashboard and the export job
    measured at both, and how each grows (time per row)."""
    _ensure_database()
    call_command("migrate", verbosity=0)
    small, large = DATA, Dataset(scale)
    print(f"Scale ×{scale} on {connection.vendor}: the province at ×1 and at ×{scale} in one database.", flush=True)
    for data in (small, large):
        if not built(data):
            print(f"  building ×{data.scale}…", flush=True)
            print(f"  ×{data.scale} built in {build(data):.1f} s", flush=True)
    analyze()
    figures = {}
    for data in (small, large):
        units = Unit.objects.filter(code__startswith=data.code).count()
        registrations = Registration.objects.filter(campaign__slug=data.slug).count()
        print(f"  ×{data.scale}: {units:,} units, {registrations:,} registrations", flush=True)
        figures[data.scale] = {
            "units": units,
            "rows": registrations,
            **measure_dashboard(data.slug, today=False),
            "job": _in_subprocess("export-job", data.slug),
        }
    one, many = figures[1], figures[scale]

    def grows(key, per="rows"):
        a, b = one[key], many[key]
        return f"{b / a:5.1f}×   {a * 1000 / one[per]:7.2f} → {b * 1000 / many[per]:7.2f} µs per {per[:-1]}"

    print(f"\n{'':44}{'×1':>12}{'×' + str(scale):>12}   growth   time per row / unit")
    for label, key, per in (
        ("dashboard, province (median of 5)", "dashboard_ms", "units"),
        ("bare one-query view, same registrations", "bare_ms", "rows"),
        ("dashboard, first after positions changed", "cold_ms", "units"),
    ):
        print(f"  {label:<42}{one[key]:>9.0f} ms{many[key]:>9.0f} ms   {grows(key, per)}")
    print(
        f"  {'dashboard / bare view':<42}{one['dashboard_ms'] / one['bare_ms']:>12.2f}"
        f"{many['dashboard_ms'] / many['bare_ms']:>12.2f}"
    )
    a, b = one["job"], many["job"]
    per_row = f"{a['seconds'] * 1e6 / a['rows']:7.1f} → {b['seconds'] * 1e6 / b['rows']:7.1f} µs per row"
    print(
        f"  {'export job, registrations':<42}{a['seconds']:>10.1f} s{b['seconds']:>10.1f} s"
        f"   {b['seconds'] / a['seconds']:5.1f}×   {per_row}"
    )
    print(
        f"  {'export job, peak memory (target < 200 MB)':<42}{a['peak_mb']:>9.0f} MB{b['peak_mb']:>9.0f} MB"
        f"   ({b['rows']:,} rows, a file of {b['size_mb']:.0f} MB)"
    )


def main():
    if len(sys.argv) >= 3 and sys.argv[1] in MEASURES:
        print(json.dumps(MEASURES[sys.argv[1]](*sys.argv[2:])))
        return
    if len(sys.argv) == 3 and sys.argv[1] == "--scale" and int(sys.argv[2]) > 1:
        run_scale(int(sys.argv[2]))
        return
    if sys.argv[1:] == ["build"]:  # the dataset only (bench/prod_check.py builds it on its own database)
        call_command("migrate", verbosity=0)
        if not built():
            print(f"  dataset built in {build():.1f} s", flush=True)
        return
    call_command("migrate", verbosity=0)
    vendor = connection.vendor
    if built():
        print(f"Dataset already built on {vendor}.")
        analyze()
    else:
        print(f"Building the province-sized dataset on {vendor}…", flush=True)
        print(f"  built in {build():.1f} s")
    print(
        f"  {Unit.objects.filter(code__startswith='BENCH').count():,} units, "
        f"{Person.objects.filter(member_number__startswith='B').count():,} cadres, "
        f"{Registration.objects.filter(campaign__slug=SLUG).count():,} registrations"
    )
    seconds = restructure()
    if seconds:
        print(f"  restructured (10 communes merged into 2, dated {RESTRUCTURED_ON:%d/%m/%Y}) in {seconds:.1f} s")
    d = measure_dashboard()
    print(
        f"\nDashboard (province, {SIZES['branches']:,} branches), figures counted afresh, as of the campaign's end "
        "(before the restructure): "
        f"{d['dashboard_ms']:.0f} ms; bare one-query view: {d['bare_ms']:.0f} ms; "
        f"ratio {d['dashboard_ms'] / d['bare_ms']:.2f} (target ≤ 2)\n"
        f"  as of today (after the restructure): {d['now_ms']:.0f} ms; ratio {d['now_ms'] / d['bare_ms']:.2f}\n"
        f"  first request after positions changed (who must register counted afresh): {d['cold_ms']:.0f} ms\n"
        f"  figures kept (no write since the last view; common.versions): {d['kept_ms']:.0f} ms"
    )
    every = measure_every_member()
    print(
        f"  every member registers (the Lạng Sơn model: {every['members']:,} memberships counted as of the "
        f"campaign's end): {every['dashboard_ms']:.0f} ms, {every['dashboard_ms'] / d['dashboard_ms']:.2f} × the "
        f"cadres-only dashboard (target ≤ 1.3); first request {every['cold_ms']:.0f} ms"
    )
    results = {name: _in_subprocess(name) for name in ("export-ours", "export-bound", "export-import-export")}
    ours, bound, default = results["export-ours"], results["export-bound"], results["export-import-export"]
    print(f"\nExport of {ours['rows']:,} registrations:")
    for label, r in (
        ("ours (xlsxwriter constant_memory, 11 columns)", ours),
        ("bound: plain xlsxwriter constant_memory", bound),
        ("django-import-export default", default),
    ):
        print(f"  {label:<48} {r['seconds']:6.1f} s   peak {r['peak_mb']:6.0f} MB")
    print(
        f"  ours / bound = {ours['seconds'] / bound['seconds']:.2f} (target ≤ 1.5); "
        f"import-export default / ours = {default['seconds'] / ours['seconds']:.1f}× (target ≥ 3×)"
    )
    made = _in_subprocess("documents")
    print(
        f"\nDocuments: a registration sheet in Word (.docx) {made['sheet_ms']:.0f} ms (target < 1 s); "
        f"{made['certificates']:,} certificates of merit as one PDF (LibreOffice headless, 100 pages at a time) "
        f"{made['seconds']:.0f} s, worker peak {made['peak_mb']:.0f} MB, LibreOffice peak {made['office_mb']:.0f} MB, "
        f"a file of {made['size_mb']:.1f} MB"
    )
    sent = _in_subprocess("cohort-message", str(COHORT))
    print(
        f"\nA message to a group of {sent['people']:,} people (half with an account): queued in one request in "
        f"{sent['request_seconds']:.1f} s ({sent['in_app']:,} in-app notices, {sent['batches']} outbox batches); "
        f"the worker delivered its {sent['delivered']:,} e-mails batch by batch in {sent['worker_seconds']:.1f} s"
    )
    Person.objects.filter(member_number__startswith="IMP").delete()  # an interrupted run's, outside the measure
    imported = _in_subprocess("import-people", str(IMPORT_AT_SCALE))
    Person.objects.filter(member_number__startswith="IMP").delete()
    print(
        f"\nImport of an office's own file of {imported['rows']:,} members (the page's limit, IMPORT_MAX_ROWS; "
        f"{imported['size_mb']:.1f} MB, its headers paired by a saved profile, "
        f"{', '.join(imported['ignored'])} left out), as on the worker, {IMPORT_BATCH:,} rows a batch:\n"
        f"  check {imported['checked_seconds']:.0f} s, peak {imported['check_peak_mb']:.0f} MB; "
        f"import {imported['written_seconds']:.0f} s, peak {imported['write_peak_mb']:.0f} MB; "
        f"{imported['created']:,} created ({imported['written_seconds'] * 10_000 / imported['rows']:.1f} s per "
        f"10,000 rows, target < 20 s)"
    )


if __name__ == "__main__":
    main()
