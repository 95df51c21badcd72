"""A small world for the tests: one province, two districts, and a user for every role.

P   Tỉnh đoàn Thử nghiệm (province)
├── D1  Huyện đoàn Một (district)            office1 manages it
│   ├── G1  Đoàn xã An Bình (grassroots)     secretary1 reviews it
│   │   ├── B1  Chi đoàn ấp 1 (branch)       branch_secretary reviews it; cadre lives here
│   │   └── B2  Chi đoàn ấp 2 (branch)
│   └── G2  Chi đoàn Công an huyện (grassroots branch)
└── D2  Huyện đoàn Hai (district)            office2 manages it
    └── G3  Đoàn xã Tân Lập (grassroots)
        └── B3  Chi đoàn ấp 3 (branch)
"""

import io
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.signals import setting_changed
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from campaigns.models import Campaign, Criterion, Document, DocumentKind, EligibilityRule
from organizations.models import Person, Position, PositionTitle, Role, RoleKind, Sector, Unit, UnitKind
from registrations import services as registration_services

# Background tasks run inside the call that queues them (a test that needs a real worker switches the backend
# itself), and the cache is this process's memory, cleared around each test without a database.
for _name, _value in (
    # Signed-in offices skip the second step, except in the tests of it (test_second_factor.py), which turn it on.
    ("SECOND_FACTOR_FOR_OFFICES", False),
    ("TASKS", {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}}),
    (
        "CACHES",
        {
            "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
            "api_rate": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "api-rate"},
        },
    ),
):
    setattr(settings, _name, _value)
    # The tasks and cache handlers were set up from the settings already: they start again from these.
    setting_changed.send(sender=None, setting=_name, value=_value, enter=True)


def pytest_collection_modifyitems(config, items):
    """The order pytest-xdist hands tests to its workers (`make test`: a module at a time, `--dist loadscope
    --no-loadscope-reorder`; `make test-slow`: a test at a time): those marked `starts_first` (few but long), then
    the modules by their number of tests, most first. A long one handed out last leaves one worker running it alone
    at the end."""
    tests_in = Counter(item.nodeid.split("::")[0] for item in items)

    def order(item):
        module = item.nodeid.split("::")[0]
        return (item.get_closest_marker("starts_first") is None, -tests_in[module], module)

    items.sort(key=order)  # stable: a module's tests keep their order


def export(client, slug, report, query=None, data=None, **headers):
    """Press an export button of the dashboard: the job starts (and, tasks running inline, finishes), its page
    offers the file, which is fetched. Returns the file's response, or the refusal when the job could not start."""
    from urllib.parse import urlencode

    url = reverse("reports:export", args=[slug, report])
    if query:
        url += "?" + (query if isinstance(query, str) else urlencode(query))
    with TestCase.captureOnCommitCallbacks(execute=True):
        started = client.post(url, data or {})
    if started.status_code != 302:
        return started
    page = client.get(started["Location"])
    status = page.context["status"]
    assert status["status"] == "done" and status["url"], (status, page.context["job"].error)
    return client.get(status["url"], **headers)


@dataclass
class World:
    P: Unit
    D1: Unit
    G1: Unit
    B1: Unit
    B2: Unit
    G2: Unit
    D2: Unit
    G3: Unit
    B3: Unit
    superuser: User
    office1: User
    office2: User
    secretary1: User
    branch_secretary: User
    cadre: User
    cadre_person: Person
    b2_person: Person
    b3_person: Person

    def refresh(self):
        for name in ("P", "D1", "G1", "B1", "B2", "G2", "D2", "G3", "B3"):
            setattr(self, name, Unit.objects.get(pk=getattr(self, name).pk))
        return self


def make_unit(parent, code, name, kind, sector=""):
    unit = Unit(code=code, name=name, kind=kind, sector=sector)
    if parent is None:
        return Unit.objects.add_root(instance=unit)
    return Unit.objects.add_child(Unit.objects.get(pk=parent.pk), instance=unit)


def make_person(unit, name, number=None, **extra):
    return Person.objects.create(full_name=name, home_unit=unit, member_number=number, **extra)


def make_cadre(unit, name, title=PositionTitle.SECRETARY, number=None, started_on=date(2022, 1, 1)):
    person = make_person(unit, name, number)
    Position.objects.create(person=person, unit=unit, title=title, started_on=started_on)
    return person


def make_user(username, *, staff=False, superuser=False, person=None, role=None, unit=None):
    user = User.objects.create_user(
        username=username, password="Mat-khau-2026!", is_staff=staff or superuser, is_superuser=superuser
    )
    if person is not None:
        person.user = user
        person.save(update_fields=["user"])
    if role:
        Role.objects.create(user=user, unit=unit, kind=role)
    return user


@pytest.fixture
def world(db):
    P = make_unit(None, "TN", "Tỉnh đoàn Thử nghiệm", UnitKind.PROVINCE)
    D1 = make_unit(P, "TN-D1", "Huyện đoàn Một", UnitKind.DISTRICT)
    G1 = make_unit(D1, "TN-D1-G1", "Đoàn xã An Bình", UnitKind.GRASSROOTS, Sector.COMMUNE)
    B1 = make_unit(G1, "TN-D1-G1-B1", "Chi đoàn ấp 1", UnitKind.BRANCH, Sector.COMMUNE)
    B2 = make_unit(G1, "TN-D1-G1-B2", "Chi đoàn ấp 2", UnitKind.BRANCH, Sector.COMMUNE)
    G2 = make_unit(D1, "TN-D1-G2", "Chi đoàn Công an huyện", UnitKind.GRASSROOTS_BRANCH, Sector.ARMED_FORCES)
    D2 = make_unit(P, "TN-D2", "Huyện đoàn Hai", UnitKind.DISTRICT)
    G3 = make_unit(D2, "TN-D2-G3", "Đoàn xã Tân Lập", UnitKind.GRASSROOTS, Sector.COMMUNE)
    B3 = make_unit(G3, "TN-D2-G3-B3", "Chi đoàn ấp 3", UnitKind.BRANCH, Sector.COMMUNE)

    cadre_person = make_cadre(B1, "Nguyễn Văn An", number="TN0001")
    b2_person = make_cadre(B2, "Đặng Thị Bích", number="TN0002")
    b3_person = make_cadre(B3, "Lê Văn Cường", number="TN0003")
    secretary_person = make_cadre(G1, "Trần Thị Dung", number="TN0004")
    branch_secretary_person = make_cadre(B1, "Võ Minh Em", title=PositionTitle.DEPUTY_SECRETARY, number="TN0005")

    return World(
        P=P,
        D1=D1,
        G1=G1,
        B1=B1,
        B2=B2,
        G2=G2,
        D2=D2,
        G3=G3,
        B3=B3,
        superuser=make_user("root", superuser=True),
        office1=make_user("office1", staff=True, role=RoleKind.MANAGER, unit=D1),
        office2=make_user("office2", staff=True, role=RoleKind.MANAGER, unit=D2),
        secretary1=make_user("secretary1", person=secretary_person, role=RoleKind.REVIEWER, unit=G1),
        branch_secretary=make_user("branchsec", person=branch_secretary_person, role=RoleKind.REVIEWER, unit=B1),
        cadre=make_user("cadre", person=cadre_person),
        cadre_person=cadre_person,
        b2_person=b2_person,
        b3_person=b3_person,
    ).refresh()


@pytest.fixture
def client_for(client):
    """client_for(user) -> a test client logged in as that user (None: anonymous)."""

    def _login(user):
        client.logout()
        if user is not None:
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return _login


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The real hasher takes ~0.3 s a user by design; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def private_files_in_tmp(settings, tmp_path_factory):
    # Uploads of a test never land in the project's var/private (nor its media/).
    root = tmp_path_factory.mktemp("private")
    settings.PRIVATE_MEDIA_ROOT = root
    settings.SENDFILE_ROOT = str(root)
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("public")


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    # Persistent connections (production's CONN_MAX_AGE) would keep the live server's
    # connection open and block dropping the PostgreSQL test database at the end.
    from django.conf import settings

    settings.DATABASES["default"]["CONN_MAX_AGE"] = 0


@pytest.fixture(autouse=True)
def empty_cache():
    # Cached figures are keyed on history ids, which a rolled-back test database may hand out again; the API's
    # request counts on token and user ids likewise.
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


# --- A campaign of Huyện đoàn Một with its window open --------------------------------------


@pytest.fixture
def campaign(world):
    today = timezone.localdate()
    plan = Document.objects.create(
        number="09-KH/HĐTN",
        kind=DocumentKind.PLAN,
        issuer="BCH Huyện đoàn Một",
        issuing_unit=world.D1,
        issued_on=today - timedelta(days=30),
        title="Kế hoạch phát động rèn luyện phong cách cán bộ Đoàn",
    )
    campaign = Campaign.objects.create(
        slug="phong-cach-thu",
        title="Phong cách cán bộ Đoàn huyện Một",
        plan=plan,
        organizer=world.D1,
        starts_on=today - timedelta(days=20),
        ends_on=today + timedelta(days=300),
        registration_opens=today - timedelta(days=10),
        registration_closes=today + timedelta(days=20),
        min_criteria=2,
        max_criteria=3,
    )
    for order, title in enumerate(
        ["Gương mẫu, đoàn kết", "Năng động, tư duy, sáng tạo", "Sâu sát cơ sở", "Ham học hỏi, sẵn sàng hội nhập"],
        start=1,
    ):
        Criterion.objects.create(campaign=campaign, order=order, title=title)
    EligibilityRule.objects.create(campaign=campaign, unit_kind=UnitKind.BRANCH)
    EligibilityRule.objects.create(campaign=campaign, unit_kind=UnitKind.GRASSROOTS)
    return campaign


def choices(campaign, n=2, text="Còn ngại phát biểu"):
    """The first n criteria of the campaign, each with a shortcoming and an action."""
    return [
        registration_services.Choice(c.pk, text, "Phát biểu ở mỗi buổi sinh hoạt") for c in campaign.criteria.all()[:n]
    ]


def filled(world, campaign, user=None):
    """A draft registration of `user` (the cadre by default) with two criteria filled in."""
    user = user or world.cadre
    registration = registration_services.registration_start(by=user, campaign=campaign)
    return registration_services.registration_save(
        by=user,
        registration=registration,
        choices=choices(campaign),
        overall_commitment="Hoàn thành tốt nhiệm vụ",
        expected_version=1,
    )


# --- Its year-end round, open, and an approved registration of the cadre ------------------------


@pytest.fixture
def round_(campaign):
    from evaluations.models import EvaluationRound, RatingScheme
    from evaluations.schemes import ensure_default_schemes

    ensure_default_schemes()  # a flushed database (after a browser test) has lost the migration's rows
    today = timezone.localdate()
    scheme = RatingScheme.objects.get(name="Bốn mức (2023–2027)")
    return EvaluationRound.objects.create(
        campaign=campaign, scheme=scheme, opens_on=today - timedelta(days=5), closes_on=today + timedelta(days=20)
    )


@pytest.fixture
def approved(world, campaign):
    registration = registration_services.registration_submit(
        by=world.cadre, registration=filled(world, campaign), expected_version=None
    )
    registration_services.registration_confirm(by=world.secretary1, registration=registration)
    return registration_services.registration_approve(by=world.office1, registration=registration)


def person_admin_form(world, **fields):
    """The admin's change form of Đặng Thị Bích (world.b2_person) as the page posts it, with `fields` over it."""
    return {
        "full_name": "Đặng Thị Bích",
        "gender": "",
        "birth_date": "",
        "phone": "",
        "email": "",
        "member_number": "TN0002",
        "home_unit": world.B2.pk,
        "positions-TOTAL_FORMS": "0",
        "positions-INITIAL_FORMS": "0",
        **fields,
    }


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    """The demo (both seeds, every campaign), loaded once for a module whose tests read it (each test still runs in
    its own rolled-back transaction) and removed at the module's end; `make test` keeps a module on one worker."""
    from django.test import override_settings

    from evaluations.schemes import ensure_default_schemes

    with django_db_blocker.unblock():
        with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
            call_command("load_demo", stdout=io.StringIO())
        yield
        call_command("flush", interactive=False, verbosity=0)
        ensure_default_schemes()  # rows of a data migration, which the flush removed
