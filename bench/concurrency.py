"""Concurrent submissions and reviews against a running app server on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_concurrency python bench/concurrency.py [--cadres 500]

Builds a district with N cadres (each with a login and an open campaign), starts gunicorn
(4 workers × 4 threads) on 127.0.0.1, then from 64 client threads:
  1. every cadre sends their sheet twice at the same moment (a double click): 2 × N requests;
  2. the grassroots secretary and the district office both confirm every sheet at the same
     moment: 2 × N requests, of which exactly one per sheet may succeed.
Then it checks, from the database: no registration lost, none duplicated, and each one's history
went draft → submitted → confirmed with no step skipped and no step taken twice.
Only loopback traffic; every loop is bounded.
"""

import os
import re
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
    sys.exit("Set DATABASE_URL to a PostgreSQL database: this check is about PostgreSQL under concurrent load.")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "campaign_portal.settings")
os.environ["AXES_ENABLED"] = "0"

import django  # noqa: E402

django.setup()

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from campaigns.models import Campaign, Criterion, Document, EligibilityRule  # noqa: E402
from organizations.models import Person, Position, PositionTitle, Role, RoleKind, Unit, UnitKind  # noqa: E402  # noqa: E402
from registrations.models import Registration, Status  # noqa: E402

PORT = 8765
BASE = f"http://127.0.0.1:{PORT}"
SLUG = "dong-thoi"


def build(cadres: int):
    Registration.objects.filter(campaign__slug=SLUG).delete()
    Campaign.objects.filter(slug=SLUG).delete()
    Position.objects.filter(unit__code__startswith="DT").delete()
    Person.objects.filter(home_unit__code__startswith="DT").delete()
    User.objects.filter(username__startswith="dt-").delete()
    Unit.objects.filter(code__startswith="DT").order_by("-depth").delete()
    province = Unit.objects.add_root(instance=Unit(code="DT", name="Tỉnh đoàn Đồng thời", kind=UnitKind.PROVINCE))
    district = Unit.objects.add_child(province, instance=Unit(code="DT-H", name="Huyện đoàn Thử", kind="district"))
    grassroots = Unit.objects.add_child(district, instance=Unit(code="DT-H-X", name="Đoàn xã Thử", kind="grassroots"))
    branches = [
        Unit.objects.add_child(
            Unit.objects.get(pk=grassroots.pk),
            instance=Unit(code=f"DT-H-X-{i:02d}", name=f"Chi đoàn {i}", kind="branch"),
        )
        for i in range(25)
    ]
    today = timezone.localdate()
    plan = Document.objects.get_or_create(
        number="01-KH/DT",
        issuer="Thử",
        issued_on=today - timedelta(days=30),
        defaults={"kind": "KH", "title": "Kế hoạch thử"},
    )[0]
    campaign = Campaign.objects.create(
        slug=SLUG,
        title="Thử đồng thời",
        plan=plan,
        organizer=district,
        starts_on=today - timedelta(days=10),
        ends_on=today + timedelta(days=100),
        registration_opens=today - timedelta(days=5),
        registration_closes=today + timedelta(days=30),
        min_criteria=1,
        max_criteria=2,
    )
    criterion = Criterion.objects.create(campaign=campaign, order=1, title="Gương mẫu")
    EligibilityRule.objects.create(campaign=campaign, unit_kind=UnitKind.BRANCH)
    users = User.objects.bulk_create([User(username=f"dt-{i:04d}") for i in range(cadres)])
    users = list(User.objects.filter(username__startswith="dt-").order_by("username"))
    people = Person.objects.bulk_create(
        [
            Person(full_name=f"Cán Bộ Thử {i}", home_unit=branches[i % 25], user=user, member_number=f"DT{i:06d}")
            for i, user in enumerate(users)
        ]
    )
    Position.objects.bulk_create(
        [
            Position(
                person=p, unit=p.home_unit, title=PositionTitle.EXECUTIVE_MEMBER, started_on=today - timedelta(days=100)
            )
            for p in people
        ]
    )
    secretary = User.objects.create(username="dt-bithu")
    office = User.objects.create(username="dt-vanphong", is_staff=True)
    Role.objects.create(user=secretary, unit=grassroots, kind=RoleKind.REVIEWER)
    Role.objects.create(user=office, unit=district, kind=RoleKind.MANAGER)
    return campaign, criterion, users, secretary, office


def session_for(user) -> str:
    """A logged-in session made directly: 500 password checks would measure the hasher, not the portal."""
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


class Browser:
    def __init__(self, session_key: str):
        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect())
        self.session_key = session_key

    def request(self, path, data=None):
        headers = {
            "Cookie": f"sessionid={self.session_key}"
            + "".join(f"; {c.name}={c.value}" for c in self.jar if c.name == "csrftoken"),
            "Referer": BASE + path,
        }
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(BASE + path, data=body, headers=headers)
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")

    def csrf(self, path) -> str:
        status, html = self.request(path)
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        if not match:
            raise RuntimeError(f"no form at {path}: {status}")
        return match.group(1)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def start_server():
    env = {**os.environ, "DJANGO_DEBUG": "1", "AXES_ENABLED": "0"}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "campaign_portal.wsgi",
            "-b",
            f"127.0.0.1:{PORT}",
            "-w",
            "4",
            "--threads",
            "4",
            "--timeout",
            "120",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(60):
        try:
            urllib.request.urlopen(f"{BASE}/healthz", timeout=2)
            return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise RuntimeError("the app server did not start")


def main():
    cadres = int(sys.argv[sys.argv.index("--cadres") + 1]) if "--cadres" in sys.argv else 500
    call_command("migrate", verbosity=0)
    campaign, criterion, users, secretary, office = build(cadres)
    server = start_server()
    try:
        register_path = f"/chien-dich/{SLUG}/dang-ky/"

        def submit_twice(user):
            browser = Browser(session_for(user))
            token = browser.csrf(register_path)
            form = {
                "csrfmiddlewaretoken": token,
                "version": "",
                f"pick_{criterion.pk}": "on",
                f"short_{criterion.pk}": "Còn ngại phát biểu",
                f"act_{criterion.pk}": "Phát biểu mỗi buổi",
                "overall_commitment": "Hoàn thành tốt nhiệm vụ",
                "submit": "1",
            }
            with ThreadPoolExecutor(2) as pair:  # the double click: both requests at the same moment
                return [f.result()[0] for f in [pair.submit(browser.request, register_path, form) for _ in range(2)]]

        started = time.perf_counter()
        with ThreadPoolExecutor(32) as pool:
            submit_statuses = [s for pair in pool.map(submit_twice, users) for s in pair]
        submit_seconds = time.perf_counter() - started

        reviewers = [Browser(session_for(secretary)), Browser(session_for(office))]
        for reviewer in reviewers:  # one CSRF cookie per reviewer before the threads share it
            reviewer.request(f"/chien-dich/{SLUG}/duyet/")
        registration_ids = list(Registration.objects.filter(campaign=campaign).values_list("pk", flat=True))

        def confirm_by_both(pk):
            path = f"/dang-ky/{pk}/"
            tokens = [reviewer.csrf(path) for reviewer in reviewers]
            with ThreadPoolExecutor(2) as pair:
                futures = [
                    pair.submit(reviewer.request, f"/dang-ky/{pk}/confirm/", {"csrfmiddlewaretoken": token})
                    for reviewer, token in zip(reviewers, tokens, strict=False)
                ]
                return [f.result()[0] for f in futures]

        started = time.perf_counter()
        with ThreadPoolExecutor(32) as pool:
            review_statuses = [s for pair in pool.map(confirm_by_both, registration_ids) for s in pair]
        review_seconds = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=30)

    registrations = Registration.objects.filter(campaign=campaign)
    stored = registrations.count()
    duplicated = stored - registrations.values("person").distinct().count()
    skipped = twice = 0
    for registration in registrations:
        steps = [s for s in registration.history.order_by("history_id").values_list("status", flat=True)]
        changes = [s for i, s in enumerate(steps) if i == 0 or s != steps[i - 1]]
        if changes != [Status.DRAFT, Status.SUBMITTED, Status.CONFIRMED]:
            skipped += 1
        if steps.count(Status.CONFIRMED) > 1 or steps.count(Status.SUBMITTED) > 1:
            twice += 1
    from collections import Counter

    print("submission answers:", dict(Counter(submit_statuses)), "review answers:", dict(Counter(review_statuses)))
    fired = len(submit_statuses) + len(review_statuses)
    errors = sum(1 for s in submit_statuses + review_statuses if s >= 500)
    print(
        f"requests fired: {fired} ({len(submit_statuses)} submissions in {submit_seconds:.1f} s, "
        f"{len(review_statuses)} reviews in {review_seconds:.1f} s); server errors: {errors}"
    )
    print(f"registrations: expected {cadres}, stored {stored}, lost {cadres - stored}, duplicated {duplicated}")
    print(
        f"history: transitions skipped {skipped}, steps taken twice {twice}, "
        f"confirmed {registrations.filter(status=Status.CONFIRMED).count()}"
    )
    ok = stored == cadres and duplicated == 0 and skipped == 0 and twice == 0 and errors == 0
    print("OK" if ok else "FAILED")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
