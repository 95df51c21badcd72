"""The portal in a real browser at a phone's size: Debian's Chromium driven by Playwright.

Skipped when /usr/bin/chromium is missing (`apt-get install chromium`); CI installs it.
Screenshots land in test-artifacts/ for a person to look at.
"""

import io
import os
import shutil
import sqlite3
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from .test_oidc import provider  # noqa: F401  (the fixture: a local OpenID Connect provider)

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}

pytestmark = [
    pytest.mark.slow,
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which(CHROMIUM), reason="Chromium is not installed (apt-get install chromium)"),
]


_demo_copy: dict[str, sqlite3.Connection] = {}


def _load_demo() -> None:
    """The demo, as load_demo leaves it. On SQLite it is built once per worker and copied back into the test
    database for each test after (the live server shares that in-memory database); elsewhere, built each time."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    if connection.vendor != "sqlite":
        call_command("load_demo", stdout=io.StringIO())
        return
    connection.ensure_connection()
    if "demo" in _demo_copy:
        _demo_copy["demo"].backup(connection.connection)
        ContentType.objects.clear_cache()  # the flush after the last test made them again, under other ids
        return
    call_command("load_demo", stdout=io.StringIO())
    _demo_copy["demo"] = sqlite3.connect(":memory:", check_same_thread=False)
    connection.connection.backup(_demo_copy["demo"])


@pytest.fixture
def demo_site(transactional_db, live_server, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    _load_demo()
    ARTIFACTS.mkdir(exist_ok=True)
    return live_server.url


@pytest.fixture
def browser(demo_site):
    """Chromium, started after the demo data is in (see below)."""
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread. A database connection opened while
    # it runs would live in the loop's context, out of reach of the test database teardown, so
    # close ours first; and let Django's async-safety check pass the few reads the tests make.
    connections.close_all()
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()
        # And close what the test opened while the loop ran, from the same context, before the database goes.
        connections.close_all()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def log_in(page, base, username, password):
    page.goto(f"{base}/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    tap(page, "button[type=submit]")


def tap(page, selector, **options):
    """Click, and when that starts a page load, wait for the new page to finish loading.

    Playwright's click returns once a navigation it started has committed: the address is already
    the new page's while its HTML may still be arriving, and reads that do not wait (count(),
    content(), evaluate()) would see half a page. On a click that loads nothing this returns at once."""
    page.click(selector, **options)
    page.wait_for_load_state()


def test_office_walks_from_the_district_to_a_person_on_a_phone(browser, demo_site, settings):
    page = browser.new_context(**PHONE).new_page()
    blocked = []
    page.on(
        "console",
        lambda message: (
            blocked.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )
    log_in(page, demo_site, "vanphong.camau", "CaMau@2025")
    assert page.locator("h1").inner_text().startswith("Xin chào")
    tap(page, "a:has-text('Tỉnh đoàn Cà Mau')")
    # Since 01/07/2025: three new communes, three schools and five branches of agencies, all 177 Chi đoàn.
    assert page.locator("[data-figure=grassroots]").inner_text() == "11"
    assert page.locator("[data-figure=branches]").inner_text() == "177"
    # Nothing is wider than the phone's screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(ARTIFACTS / "unit-district-phone.png"), full_page=False)

    tap(page, "a:has-text('Đoàn xã Cái Đôi Vàm')")
    tap(page, "a.btn:has-text('Nhân sự')")
    page.fill("input[name=q]", "nguyen")
    tap(page, "button:has-text('Tìm')")
    first = page.locator("ul.list-group a").first
    assert "Nguyễn" in first.inner_text()
    first.click()
    page.wait_for_load_state()
    assert page.locator("h2:has-text('Chức vụ')").count() == 1
    page.screenshot(path=str(ARTIFACTS / "person-phone.png"), full_page=True)
    page.goto(f"{demo_site}/bao-cao/phong-cach-can-bo-doan-phu-tan-2022/")
    assert page.locator("[data-figure=grassroots]").inner_text() == "19/19"
    page.screenshot(path=str(ARTIFACTS / "dashboard-phone.png"), full_page=False)
    # The list of registrations as a background job: queued in the database until a worker takes it; the page
    # follows it by itself (no reload), then offers the file.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    tap(page, "button:has-text('Danh sách đăng ký')")
    page.wait_for_url("**/tai-ve/*/")
    bar = page.locator("#export-job progress")
    assert bar.is_visible() and bar.get_attribute("value") == "0"
    assert "Đang chờ đến lượt" in page.locator("#export-label").inner_text()
    assert page.locator("[data-ready]").is_hidden()
    page.screenshot(path=str(ARTIFACTS / "export-waiting-phone.png"), full_page=False)
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=io.StringIO())
    page.locator("[data-ready]").wait_for(state="visible", timeout=10000)
    assert page.evaluate("document.querySelector('#export-job progress').value") == 100
    assert "206/206 dòng" in page.locator("#export-label").inner_text()
    page.screenshot(path=str(ARTIFACTS / "export-ready-phone.png"), full_page=False)
    with page.expect_download() as download:
        page.click("a[data-file]")
    assert download.value.suggested_filename.startswith("danh-sach-dang-ky-phong-cach-can-bo-doan-phu-tan-2022")
    with open(download.value.path(), "rb") as file:
        assert file.read(2) == b"PK"  # an Excel (zip) file
    # This year's campaign on the new tree, compared with 2022 through the lineage, charts drawn as SVG.
    page.goto(f"{demo_site}/bao-cao/phong-cach-can-bo-doan-ca-mau-{timezone.localdate().year}/")
    compared = page.locator("#years-compared")
    assert "gồm: Đoàn thị trấn Cái Đôi Vàm" in compared.inner_text()
    assert page.locator("figure.chart svg").count() >= 4
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.locator("#weekly-chart-title").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "charts-phone.png"), full_page=False)
    compared.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "compare-phone.png"), full_page=False)
    assert blocked == []


def test_cadre_activates_an_account_with_a_printed_code(browser, demo_site):
    context = browser.new_context(**PHONE)
    office = context.new_page()
    log_in(office, demo_site, "vanphong.camau", "CaMau@2025")
    tap(office, "a:has-text('Tỉnh đoàn Cà Mau')")
    tap(office, "a:has-text('Chi đoàn Điện lực Phú Tân')")
    tap(office, "button:has-text('In mã kích hoạt')")
    row = office.locator("table.code-sheet tbody tr").first
    name, code = row.locator("td").nth(0).inner_text(), row.locator("td.code").inner_text()
    office.screenshot(path=str(ARTIFACTS / "activation-codes-phone.png"), full_page=True)

    cadre = browser.new_context(**PHONE).new_page()
    cadre.goto(f"{demo_site}/kich-hoat/")
    cadre.fill("#id_code", code)
    cadre.fill("#id_username", "canbo.dienluc")
    cadre.fill("#id_password1", "Song-Ganh-Hao-7")
    cadre.fill("#id_password2", "Song-Ganh-Hao-7")
    tap(cadre, "button[type=submit]")
    cadre.screenshot(path=str(ARTIFACTS / "activated-phone.png"), full_page=True)
    assert "Tài khoản của đồng chí đã sẵn sàng" in cadre.content()
    assert name in cadre.content()
    assert "Chi đoàn Điện lực Phú Tân" in cadre.content()


def test_registration_journey_on_a_phone(browser, demo_site):
    """Cadre registers, secretary returns, cadre fixes and resends, secretary confirms, office approves."""
    from django.utils import timezone

    slug = f"phong-cach-can-bo-doan-ca-mau-{timezone.localdate().year}"
    cadre = browser.new_context(**PHONE).new_page()
    # Anything the Content-Security-Policy blocks shows as a console error: there must be none.
    blocked = []
    cadre.on(
        "console",
        lambda message: (
            blocked.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )
    log_in(cadre, demo_site, "canbo.phutan", "PhuTan@2022")
    cadre.goto(f"{demo_site}/chien-dich/{slug}/")
    tap(cadre, "a:has-text('Tiếp tục đăng ký')")
    # The draft has criterion 1; add criterion 2 and the overall commitment, then send.
    second = cadre.locator("fieldset").nth(1)
    second.locator("input[type=checkbox]").check()
    second.locator("textarea").nth(0).fill("Chưa mạnh dạn đề xuất cách làm mới.")
    second.locator("textarea").nth(1).fill("Đề xuất một mô hình mới cho chi đoàn trong quý này.")
    # Sent too early (no overall commitment): refused with why, the draft saved with what was typed, and the very
    # next action on the same page (no reload) is accepted — the page carries the saved version.
    cadre.fill("#id_overall_commitment", "")
    tap(cadre, "button[name=submit]")
    assert cadre.locator(".alert-danger, .invalid-feedback").count() >= 1
    # The box to fix is marked, focused and on the screen (not 2,500 px below the top of the page).
    assert cadre.evaluate("document.activeElement.id") == "id_overall_commitment"
    assert "is-invalid" in cadre.locator("#id_overall_commitment").get_attribute("class")
    cadre.wait_for_function("window.scrollY > 0")  # scrolled there once the page had loaded
    box = cadre.locator("#id_overall_commitment").bounding_box()
    assert 0 <= box["y"] < PHONE["viewport"]["height"], box
    cadre.screenshot(path=str(ARTIFACTS / "journey-0-refused-phone.png"))
    assert "vừa được người khác thay đổi" not in cadre.content()
    assert cadre.locator("fieldset").nth(1).locator("textarea").nth(0).input_value().startswith("Chưa mạnh dạn")
    tap(cadre, "button[name=save]")
    assert "Đã lưu bản nháp" in cadre.content() and "Tải lại trang" not in cadre.content()
    cadre.fill("#id_overall_commitment", "Phấn đấu hoàn thành xuất sắc nhiệm vụ.")
    cadre.screenshot(path=str(ARTIFACTS / "journey-1-form-phone.png"), full_page=True)
    tap(cadre, "button[name=submit]")
    assert "Phiếu đăng ký đã được gửi" in cadre.content()
    sheet_url = cadre.url

    secretary = browser.new_context(**PHONE).new_page()
    log_in(secretary, demo_site, "bithu.caidoivam", "PhuTan@2022")
    secretary.goto(f"{demo_site}/chien-dich/{slug}/duyet/")
    assert "Nguyễn" in secretary.content() or secretary.locator("ul.list-group a").count() >= 1
    secretary.goto(sheet_url)
    secretary.fill("#id_reason", "Việc làm ở tiêu chí 2 cần ghi rõ thời gian hoàn thành.")
    tap(secretary, "button:has-text('Trả lại để chỉnh sửa')")
    assert "Đã trả lại phiếu" in secretary.content()

    cadre.goto(f"{demo_site}/chien-dich/{slug}/")
    assert "cần ghi rõ thời gian" in cadre.content()
    tap(cadre, "a:has-text('Tiếp tục đăng ký')")
    cadre.locator("fieldset").nth(1).locator("textarea").nth(1).fill(
        "Đề xuất một mô hình mới cho chi đoàn trước ngày 31/12."
    )
    tap(cadre, "button[name=submit]")
    assert "Phiếu đăng ký đã được gửi" in cadre.content()

    secretary.goto(sheet_url)
    tap(secretary, "button:has-text('Xác nhận')")
    assert "Đã xác nhận phiếu" in secretary.content()
    secretary.screenshot(path=str(ARTIFACTS / "journey-2-confirmed-phone.png"), full_page=True)

    office = browser.new_context(**PHONE).new_page()
    log_in(office, demo_site, "vanphong.camau", "CaMau@2025")
    office.goto(sheet_url)  # the portal's own sheet page offers the office "Duyệt phiếu"
    tap(office, "button:has-text('Duyệt phiếu')")
    assert "Đã duyệt phiếu đăng ký" in office.content() and "/duyet/" in office.url  # back on its queue

    cadre.goto(f"{demo_site}/chien-dich/{slug}/")
    assert cadre.locator("[data-status]").first.get_attribute("data-status") == "approved"
    assert "Đã duyệt" in cadre.content()
    cadre.screenshot(path=str(ARTIFACTS / "journey-3-approved-phone.png"), full_page=True)
    cadre.goto(f"{demo_site}/chien-dich/phong-cach-can-bo-doan-phu-tan-2022/")
    assert blocked == []


def test_year_end_evaluation_journey_on_a_phone(browser, demo_site):
    """Cadre assesses themself → the town's secretary proposes → the district office decides; then the public page."""
    from django.utils import timezone

    from registrations.models import Registration

    slug = f"phong-cach-can-bo-doan-ca-mau-{timezone.localdate().year}"
    # This year's sheet of the demo cadre, approved (the registration journey is tested above).
    Registration.objects.filter(campaign__slug=slug, person__user__username="canbo.phutan").update(status="approved")
    blocked = []

    def page_for(username):
        page = browser.new_context(**PHONE).new_page()
        page.on(
            "console",
            lambda message: (
                blocked.append(message.text)
                if message.type == "error" and "Content Security Policy" in message.text
                else None
            ),
        )
        log_in(page, demo_site, username, "CaMau@2025" if username == "vanphong.camau" else "PhuTan@2022")
        return page

    cadre = page_for("canbo.phutan")
    cadre.goto(f"{demo_site}/chien-dich/{slug}/")
    tap(cadre, "button:has-text('Bắt đầu tự đánh giá')")
    for box in cadre.locator("textarea[name^=achieved_]").all():
        box.fill("Chủ trì 6 buổi sinh hoạt chi đoàn; vận động 12 đoàn viên trở lại sinh hoạt.")
    cadre.fill("#id_summary", "Hoàn thành các việc làm đã cam kết, còn hạn chế về thời gian.")
    cadre.get_by_label("Hoàn thành tốt nhiệm vụ", exact=True).check()
    cadre.screenshot(path=str(ARTIFACTS / "evaluation-1-self-phone.png"), full_page=True)
    tap(cadre, "button[name=submit]")
    assert "Bản tự đánh giá đã được gửi cho đơn vị" in cadre.content()
    assert cadre.locator("[data-stage]").get_attribute("data-stage") == "submitted"
    evaluation_url = cadre.url

    secretary = page_for("bithu.caidoivam")
    secretary.goto(evaluation_url)
    secretary.fill("#id_comment", "Chi ủy thống nhất: đồng chí gương mẫu, sâu sát đoàn viên.")
    secretary.get_by_label("Hoàn thành tốt nhiệm vụ", exact=True).check()
    tap(secretary, "button:has-text('Ghi nhận đề xuất của đơn vị')")
    assert "Đã ghi nhận đề xuất của đơn vị" in secretary.content()

    office = page_for("vanphong.camau")
    office.goto(f"{demo_site}/chien-dich/{slug}/hieu-chinh/")
    assert "HTTNV" in office.content()
    office.screenshot(path=str(ARTIFACTS / "evaluation-2-calibration-phone.png"), full_page=True)
    office.goto(evaluation_url)
    office.fill("#id_number", "130-QĐ/HĐTN")
    office.fill("#id_on", timezone.localdate().strftime("%d/%m/%Y"))
    tap(office, "button:has-text('Quyết định và khóa phiếu')")
    assert "phiếu đánh giá được khóa" in office.content()
    assert office.locator("[data-stage]").get_attribute("data-stage") == "decided"
    assert office.evaluate("document.documentElement.scrollWidth") <= 390
    office.screenshot(path=str(ARTIFACTS / "evaluation-3-decided-phone.png"), full_page=True)

    cadre.goto(f"{demo_site}/chien-dich/{slug}/")
    assert "Hoàn thành tốt nhiệm vụ" in cadre.locator("#year-end").inner_text()

    public = browser.new_context(**PHONE).new_page()
    public.goto(f"{demo_site}/guong-sang/")
    assert public.locator("article.story-card").count() == 5
    assert public.evaluate("document.documentElement.scrollWidth") <= 390
    public.screenshot(path=str(ARTIFACTS / "stories-phone.png"), full_page=False)
    tap(public, "article.story-card a >> nth=0")
    assert public.locator("meta[property='og:image']").get_attribute("content").endswith(".jpg")
    public.screenshot(path=str(ARTIFACTS / "story-phone.png"), full_page=False)
    assert blocked == []


def test_the_admin_works_under_its_content_security_policy(browser, demo_site):
    """the admin sends a CSP, and its own pages (tree, forms with date widgets,
    history, the people export's "select all") run without one blocked script."""
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    blocked = []
    page.on(
        "console",
        lambda message: (
            blocked.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )
    page.goto(f"{demo_site}/admin/login/")
    page.fill("#id_username", "vanphong.camau")
    page.fill("#id_password", "CaMau@2025")
    tap(page, "input[type=submit]")
    for path in (
        "/admin/",
        "/admin/organizations/unit/",
        "/admin/organizations/person/",
        "/admin/evaluations/commendation/add/",
        "/admin/campaigns/campaign/",
    ):
        response = page.goto(f"{demo_site}{path}")
        assert "script-src 'self'" in response.headers["content-security-policy"], path
    page.goto(f"{demo_site}/admin/organizations/person/")
    tap(page, "a.row-link, #result_list tbody tr th a", timeout=5000)
    tap(page, "a.historylink")
    page.goto(f"{demo_site}/admin/evaluations/commendation/add/")
    page.click(".datetimeshortcuts a >> nth=0")  # "Hôm nay": the date widget's own script
    assert page.input_value("#id_decision_date")
    page.goto(f"{demo_site}/admin/organizations/person/export/")
    page.uncheck("input.select-toggle")  # the handler re-attached by admin-csp.js
    assert not page.locator(".selectable-field-export-row input[type=checkbox]:checked").count()
    page.check("input.select-toggle")
    assert page.locator(".selectable-field-export-row input[type=checkbox]:checked").count() >= 8
    page.screenshot(path=str(ARTIFACTS / "admin-export-csp.png"))
    assert not blocked, blocked


AXE_PAGES = {
    # role: (password, main pages)
    None: (None, ["/guong-sang/", "/dang-nhap/", "/kich-hoat/", "/hoat-dong/"]),
    "canbo.phutan": (
        "PhuTan@2022",
        ["/", "/chien-dich/", "/chien-dich/{current}/", "/chien-dich/{current}/dang-ky/", "/hop/{meeting}/"],
    ),
    "bithu.caidoivam": (
        "PhuTan@2022",
        [
            "/",
            "/chien-dich/{current}/duyet/",
            "/don-vi/",
            "/chien-dich/{current}/so-ket/",
            "/thong-bao/",
            "/chien-dich/{current}/hop/moi/",
            "/hop/{meeting}/",
        ],
    ),
    "vanphong.camau": (
        "CaMau@2025",
        [
            "/",
            "/bao-cao/{current}/",
            "/bao-cao/phong-cach-can-bo-doan-phu-tan-2022/",
            "/chien-dich/{past}/hieu-chinh/",
            "/bao-cao/{past}/tong-ket/",
            "/chien-dich/{past}/hoat-dong/",
            "/cuoc-van-dong/xay-dung-gia-tri-hinh-mau-thanh-nien-viet-nam/",
            "/chien-dich/{current}/gop-y/",
            "/gop-y/{round}/phieu/{sheet}/",
            # The office's admin: its index, a tree, lists with filters, a change form, an add form.
            "/admin/",
            "/admin/organizations/unit/",
            "/admin/organizations/person/",
            "/admin/registrations/registration/",
            "/admin/organizations/person/add/",
            "/admin/evaluations/commendation/",
        ],
    ),
    "vanphong.langson": ("LangSon@2023", ["/chien-dich/ren-luyen-tac-phong-lang-son-2023/xep-loai-don-vi/"]),
}


def test_main_pages_of_every_role_have_no_serious_accessibility_violation(browser, demo_site):
    """axe-core (bundled by axe-playwright-python) on each role's main pages, at a phone's width and, with the
    menu open, a desktop's: no serious or critical violation (contrast, names, labels, landmarks…)."""
    from axe_playwright_python.sync_playwright import Axe

    from feedback.models import CollectiveOpinion
    from meetings.models import Meeting

    axe = Axe()
    current = f"phong-cach-can-bo-doan-ca-mau-{timezone.localdate().year}"
    opinion = CollectiveOpinion.objects.get()
    ids = {"meeting": Meeting.objects.get().pk, "round": opinion.round_id, "sheet": opinion.registration_id}
    found, checked, lines = {}, 0, []
    for username, (password, paths) in AXE_PAGES.items():
        for size in (PHONE, {"viewport": {"width": 1366, "height": 900}}):
            page = browser.new_context(**size).new_page()
            if username:
                log_in(page, demo_site, username, password)
            for path in paths if size is PHONE else paths[:1]:
                page.goto(demo_site + path.format(current=current, past="phong-cach-can-bo-doan-phu-tan-2022", **ids))
                results = axe.run(page).response
                checked += 1
                bad = [
                    (v["id"], v["impact"], v["nodes"][0]["target"])
                    for v in results["violations"]
                    if v["impact"] in ("serious", "critical")
                ]
                if bad:
                    found[(username, path, size["viewport"]["width"])] = bad
                lesser = sum(len(v["nodes"]) for v in results["violations"] if v["impact"] in ("moderate", "minor"))
                lines.append(
                    f"  {username or 'anonymous'} {path} at {size['viewport']['width']} px: "
                    f"{len(bad)} serious or critical, {lesser} moderate or minor, {len(results['passes'])} rules passed"
                )
            page.context.close()
    print(f"\naxe: {checked} pages, serious or critical violations: {len(found)}", *lines, *found.items(), sep="\n")
    assert not found, found


def test_a_large_photo_is_shrunk_on_the_phone_and_its_sending_shown(browser, demo_site, tmp_path):
    """An 8-megapixel photo of several MB leaves the phone as a ≤1600 px JPEG; a file over the limit is refused
    before anything is sent."""
    import random

    from PIL import Image

    from campaigns.models import DeploymentPhoto
    from organizations.models import Unit

    rng = random.Random(7)
    big = tmp_path / "hoi-nghi.png"
    Image.frombytes("RGB", (3264, 2448), rng.randbytes(3264 * 2448 * 3)).save(big)  # noise: ~24 MB as PNG
    page = browser.new_context(**PHONE).new_page()
    log_in(page, demo_site, "bithu.caidoivam", "PhuTan@2022")
    unit = Unit.objects.get(code="CM-X-CDV")
    current = f"phong-cach-can-bo-doan-ca-mau-{timezone.localdate().year}"
    page.goto(f"{demo_site}/chien-dich/{current}/trien-khai/{unit.pk}/")
    assert "tối đa 5 MB" in page.content()
    too_big = tmp_path / "anh.gif"  # not a photo the browser can shrink, and over 5 MB
    too_big.write_bytes(b"GIF89a" + rng.randbytes(6 * 1024 * 1024))
    page.set_input_files("input[type=file]", str(too_big))
    page.wait_for_selector(".upload-note")
    assert page.evaluate("document.querySelector('input[type=file]').files.length") == 0  # refused at once
    assert "quá giới hạn" in page.locator(".upload-note").inner_text()
    page.set_input_files("input[type=file]", str(big))
    page.locator(".upload-note", has_text="thu nhỏ").wait_for()
    sent = page.evaluate("document.querySelector('input[type=file]').files[0].size")
    assert sent < big.stat().st_size and sent <= 5 * 1024 * 1024
    page.fill("#id_deployed_on", timezone.localdate().strftime("%d/%m/%Y"))
    page.fill("#id_attendance", "35")
    tap(page, "main button[type=submit]")
    page.locator("main progress.upload-progress").wait_for(state="attached")
    page.wait_for_url(f"**/chien-dich/{current}/trien-khai/")
    page.screenshot(path=str(ARTIFACTS / "photo-shrunk-phone.png"), full_page=False)
    photo = DeploymentPhoto.objects.filter(deployment__unit=unit).latest("pk")
    with Image.open(photo.image.path) as stored:
        assert max(stored.size) <= 1600


def test_a_draft_typed_before_the_connection_dropped_is_offered_back(browser, demo_site):
    """Typed, then the page is reloaded (as after a lost connection): the text is offered back and restored;
    logging out forgets it on this phone."""
    slug = f"phong-cach-can-bo-doan-ca-mau-{timezone.localdate().year}"
    page = browser.new_context(**PHONE).new_page()
    log_in(page, demo_site, "canbo.phutan", "PhuTan@2022")
    page.goto(f"{demo_site}/chien-dich/{slug}/dang-ky/")
    typed = "Gương mẫu trong mọi việc, nhận việc khó ở chi đoàn."
    page.fill("#id_overall_commitment", typed)
    page.wait_for_timeout(700)  # kept after a short pause in typing
    page.context.set_offline(True)
    from playwright.sync_api import Error as PlaywrightError

    with pytest.raises(PlaywrightError):  # the connection drops: the send never arrives
        tap(page, "button[name=submit]", timeout=3000)
        page.wait_for_url("**/dang-ky/*/", timeout=3000)
    page.context.set_offline(False)
    page.goto(f"{demo_site}/chien-dich/{slug}/dang-ky/")
    assert page.locator("#id_overall_commitment").input_value() != typed
    page.locator("#draft-found").wait_for()
    page.screenshot(path=str(ARTIFACTS / "draft-restore-phone.png"), full_page=False)
    tap(page, "#draft-found button:has-text('Khôi phục')")
    assert page.locator("#id_overall_commitment").input_value() == typed
    page.goto(f"{demo_site}/")
    tap(page, "button.navbar-toggler")
    page.locator(".navbar-collapse.show").wait_for()  # the menu has finished opening: the button stays put
    with page.expect_navigation():
        page.click("form[data-forget-drafts] button[type=submit]")
    page.wait_for_url("**/dang-nhap/**")
    # The logging-out page removed the drafts; Chromium hands those removals to the next page asynchronously,
    # so the count is read until it settles (a draft still kept after 3 s fails the test).
    left = None
    for _ in range(30):
        left = page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('draft:')).length")
        if left == 0:
            break
        page.wait_for_timeout(100)
    assert left == 0


def test_without_a_network_the_app_shows_its_offline_page_and_kept_no_page(browser, demo_site):
    page = browser.new_context(**PHONE).new_page()
    log_in(page, demo_site, "canbo.phutan", "PhuTan@2022")
    page.goto(f"{demo_site}/chien-dich/")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()  # now controlled by the service worker
    kept = page.evaluate(
        "caches.keys().then(names => Promise.all(names.map(n => caches.open(n).then(c => c.keys()))))"
        ".then(lists => lists.flat().map(r => new URL(r.url).pathname))"
    )
    assert "/ngoai-tuyen/" in kept and all(p == "/ngoai-tuyen/" or p.startswith("/static/") for p in kept), kept
    page.context.set_offline(True)
    page.goto(f"{demo_site}/dang-ky/")
    assert page.locator("#offline").is_visible() and "canbo.phutan" not in page.content()
    page.screenshot(path=str(ARTIFACTS / "offline-phone.png"), full_page=False)
    page.context.set_offline(False)


def test_a_cadre_reports_progress_in_a_check_in_and_the_secretary_follows_who_has_not(browser, demo_site):
    """The commune secretary has an approved sheet of their own and this year's first check-in is open: they
    send too early (refused, nothing kept), then report each action from the phone, then open their commune's list
    of who has not reported."""
    from checkins.models import CheckIn

    slug = f"phong-cach-can-bo-doan-ca-mau-{timezone.localdate().year}"
    page = browser.new_context(**PHONE).new_page()
    log_in(page, demo_site, "bithu.caidoivam", "PhuTan@2022")
    page.goto(f"{demo_site}/chien-dich/{slug}/")
    tap(page, "#checkin a:has-text('Báo cáo tiến độ')")
    page.wait_for_url("**/so-ket/*/cap-nhat/")
    page.click("main button[type=submit]")  # nothing chosen yet
    page.locator(".invalid-feedback", has_text="Chọn mức độ thực hiện").first.wait_for()
    assert not CheckIn.objects.filter(registration__person__user__username="bithu.caidoivam").exists()
    blocks = page.locator("main fieldset.card")
    assert blocks.count() == 2
    # Typed with a photo, then the page is reloaded (a lost connection): the text comes back, and the person is
    # told the photo must be chosen again (a browser cannot keep a chosen file).
    form_url = page.url
    blocks.nth(0).locator("textarea").fill("Ghi chú gõ trước khi mất sóng.")
    blocks.nth(0).locator("input[type=file]").set_input_files(
        {"name": "anh.jpg", "mimeType": "image/jpeg", "buffer": _jpeg_bytes()}
    )
    page.wait_for_timeout(700)  # kept after a short pause
    page.goto(form_url)
    tap(page, "#draft-found button:has-text('Khôi phục')")
    assert (
        page.locator("main fieldset.card").nth(0).locator("textarea").input_value() == "Ghi chú gõ trước khi mất sóng."
    )
    assert page.locator(".draft-photo-lost", has_text="chọn lại").count() == 1
    blocks = page.locator("main fieldset.card")
    for index, status in ((0, "Đang làm"), (1, "Đã xong")):
        block = blocks.nth(index)
        block.get_by_label(status).check()
        block.locator("textarea").fill(f"Đã xuống 3 ấp trong tháng, phần việc {index + 1}.")
    page.screenshot(path=str(ARTIFACTS / "checkin-form-phone.png"), full_page=False)
    tap(page, "main button[type=submit]")
    page.wait_for_url(f"**/chien-dich/{slug}/so-ket/")
    page.locator(".alert-success", has_text="Đã ghi nhận").wait_for()
    assert page.locator(".badge", has_text="Đã cập nhật").count() == 1
    checkin = CheckIn.objects.get(registration__person__user__username="bithu.caidoivam")
    assert sorted(checkin.updates.values_list("status", flat=True)) == ["doing", "done"]
    tap(page, "a:has-text('Ai chưa cập nhật')")
    page.wait_for_url("**/chua-cap-nhat/")
    names = page.locator("#not-reported li:not(.list-group-item-secondary)")
    assert names.count() > 0 and "Tất cả đã cập nhật" not in page.inner_text("#not-reported")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling on a phone
    page.screenshot(path=str(ARTIFACTS / "checkin-not-reported-phone.png"), full_page=False)
    tap(page, "main form button:has-text('Nhắc')")  # the secretary reminds them all at once
    page.locator(".alert-success", has_text="Đã gửi lời nhắc").wait_for()


def _jpeg_bytes() -> bytes:
    import io as _io

    from PIL import Image as _Image

    out = _io.BytesIO()
    _Image.new("RGB", (64, 48), (200, 30, 30)).save(out, format="JPEG")
    return out.getvalue()


def test_each_demo_roles_home_says_what_to_do_next(browser, demo_site):
    """On a phone, each demo login's home opens with its "Việc cần làm": the cadre's draft, the commune secretary's
    own check-in and the sheets and cadres waiting in the commune, the province office's proposals to decide."""
    expected = {
        "canbo.phutan": ("PhuTan@2022", "Hoàn thành và gửi phiếu đăng ký"),
        "bithu.caidoivam": ("PhuTan@2022", "Báo cáo tiến độ các phần việc đã đăng ký"),
        "vanphong.camau": ("CaMau@2025", "Đề xuất xếp loại chờ quyết định"),
    }
    for username, (password, first_thing) in expected.items():
        page = browser.new_context(**PHONE).new_page()
        log_in(page, demo_site, username, password)
        page.wait_for_url(f"{demo_site}/")
        todo = page.locator("#todo")
        todo.wait_for()
        assert first_thing in todo.inner_text(), username
        assert int(page.locator("[data-todo-count]").inner_text()) >= 1
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.screenshot(path=str(ARTIFACTS / f"home-todo-{username}-phone.png"), full_page=False)
        page.locator("#todo a").first.click()  # one tap to act
        page.wait_for_load_state()
        assert page.url != f"{demo_site}/"
        page.context.close()
    secretary = browser.new_context(**PHONE).new_page()
    log_in(secretary, demo_site, "bithu.caidoivam", "PhuTan@2022")
    secretary.wait_for_url(f"{demo_site}/")
    assert "Phiếu chờ đơn vị xác nhận" in secretary.inner_text("#todo")
    assert "Cán bộ chưa cập nhật" in secretary.inner_text("#todo")


def test_an_offices_own_list_is_paired_on_a_phone_saved_as_a_profile_and_imported(browser, demo_site, tmp_path):
    """The province office uploads a list from its own software (its own headers, a title row, extra columns):
    the portal proposes a pairing, the office reads it at 390 px, names it, and the file is checked and imported."""
    import openpyxl

    from organizations.models import Person
    from reports.models import ColumnProfile

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["DANH SÁCH ĐOÀN VIÊN (xuất từ phần mềm)"])
    sheet.append(["STT", "Mã đoàn viên", "Họ tên", "Ngày, tháng, năm sinh", "Mã chi đoàn", "Ngày kết nạp", "Ghi chú"])
    sheet.append([1, "QL0000001", "Lưu Thị Hạnh", "02/09/2000", "CM-PT-CDV-01", "26/03/2017", "chuyển về 2024"])
    sheet.append([2, "QL0000002", "Mạc Văn Khôi", "15/01/1999", "CM-PT-CDV-02", "26/03/2015", ""])
    path = tmp_path / "danh-sach-qldv.xlsx"
    book.save(path)

    page = browser.new_context(**PHONE).new_page()
    log_in(page, demo_site, "vanphong.camau", "CaMau@2025")
    page.goto(f"{demo_site}/nhap-du-lieu/")
    page.select_option("#id_kind", "people")
    page.set_input_files("#id_file", str(path))
    tap(page, "main button[type=submit]")
    page.locator("#import-match").wait_for()
    assert page.locator("#import-match select").count() == 7  # one per column of the file
    assert page.locator("label:has-text('STT') + div select").input_value() == ""  # not imported
    assert page.locator("label:has-text('Họ tên') + div select").input_value() == "Họ và tên"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(ARTIFACTS / "import-match-phone.png"), full_page=True)
    page.fill("#id_profile_name", "Danh sách của văn phòng tỉnh")
    tap(page, "#import-match button[type=submit]")
    page.locator("#import-summary").wait_for()
    assert page.locator("[data-count=create]").inner_text() == "2"
    assert "STT" in page.locator("#import-ignored").inner_text()
    tap(page, "main form button:has-text('Nhập')")
    page.locator("#import-done").wait_for()
    assert Person.objects.get(member_number="QL0000001").joined_on.year == 2017
    assert ColumnProfile.objects.filter(name="Danh sách của văn phòng tỉnh", kind="people").exists()
    # Next time the saved pairing is offered at the upload.
    page.goto(f"{demo_site}/nhap-du-lieu/")
    assert page.locator("#id_profile option", has_text="Danh sách của văn phòng tỉnh").count() == 1


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice (soffice) is not installed")
def test_certificates_as_a_pdf_and_a_units_report_sent_again_on_a_phone(browser, demo_site, settings, tmp_path):
    import subprocess

    office = browser.new_page(**PHONE)
    log_in(office, demo_site, "vanphong.camau", "CaMau@2025")
    office.goto(f"{demo_site}/bao-cao/phong-cach-can-bo-doan-phu-tan-2022/")
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    tap(office, "button:has-text('Giấy khen (PDF)')")
    office.wait_for_url("**/tai-ve/*/")
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=io.StringIO())
    office.locator("[data-ready]").wait_for(state="visible", timeout=60000)
    assert "Tải tệp PDF" in office.locator("[data-ready]").inner_text()
    office.screenshot(path=str(ARTIFACTS / "certificates-ready-phone.png"), full_page=False)
    with office.expect_download() as download:
        office.click("a[data-file]")
    assert download.value.suggested_filename.startswith("giay-khen-phong-cach-can-bo-doan-phu-tan-2022")
    pdf = Path(download.value.path())
    assert pdf.read_bytes()[:5] == b"%PDF-"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert text.count("GIẤY KHEN") == 7 and "BCH ĐOÀN HUYỆN PHÚ TÂN" in text  # the seven commended cadres
    subprocess.run(["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", str(pdf), str(ARTIFACTS / "certificate")])
    assert (ARTIFACTS / "certificate-1.png").stat().st_size > 5000

    # The registration sheets of one unit (its dashboard's), as one PDF: each sheet with its three signatures.
    from organizations.models import Unit

    unit = Unit.objects.get(code="CM-PT-CA")
    office.goto(f"{demo_site}/bao-cao/phong-cach-can-bo-doan-phu-tan-2022/?unit={unit.pk}")
    tap(office, "button:has-text('Phiếu đăng ký (PDF)')")
    office.wait_for_url("**/tai-ve/*/")
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=io.StringIO())
    office.locator("[data-ready]").wait_for(state="visible", timeout=60000)
    office.screenshot(path=str(ARTIFACTS / "sheets-ready-phone.png"), full_page=False)
    with office.expect_download() as download:
        office.click("a[data-file]")
    sheets = Path(download.value.path())
    text = subprocess.run(["pdftotext", str(sheets), "-"], capture_output=True, text=True).stdout
    assert text.count("PHIẾU ĐĂNG KÝ RÈN LUYỆN") >= 1 and text.count("NGƯỜI ĐĂNG KÝ") == text.count("PHIẾU ĐĂNG KÝ RÈN")
    subprocess.run(["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", str(sheets), str(ARTIFACTS / "sheet")])
    assert (ARTIFACTS / "sheet-1.png").stat().st_size > 5000

    # The commune's report was returned: its secretary finds it on the home page, adds what was missing, sends it.
    secretary = browser.new_page(**PHONE)
    log_in(secretary, demo_site, "bithu.caidoivam", "PhuTan@2022")
    tap(secretary, "a:has-text('Sửa và gửi lại báo cáo')")
    assert "Bổ sung số buổi sinh hoạt chi đoàn" in secretary.locator(".alert-warning").inner_text()
    secretary.fill("#id_narrative", "Đã bổ sung: 12 buổi sinh hoạt chi đoàn trong đợt.")
    secretary.screenshot(path=str(ARTIFACTS / "unit-report-phone.png"), full_page=True)
    tap(secretary, "button[name=send]")
    assert "Đã gửi báo cáo." in secretary.locator(".alert-success").inner_text()
    office.goto(f"{demo_site}/chien-dich/phong-cach-can-bo-doan-ca-mau-{timezone.localdate().year}/bao-cao-don-vi/")
    assert office.locator("[data-sent]").first.get_attribute("data-sent") == "8/11"


def test_an_office_sets_up_its_phone_and_signs_in_with_a_code(browser, demo_site, settings):
    """Two-step sign-in on a phone: the QR code (its key typed here, as the app would read it), the first code,
    the recovery codes shown once; then a sign-in that asks for the app's code."""
    from base64 import b32decode

    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    settings.SECOND_FACTOR_FOR_OFFICES = True
    page = browser.new_context(**PHONE).new_page()
    log_in(page, demo_site, "vanphong.camau", "CaMau@2025")
    assert "/xac-thuc-hai-buoc/thiet-lap/" in page.url
    page.screenshot(path=str(ARTIFACTS / "second-factor-setup-phone.png"), full_page=True)
    typed = page.locator("details code").text_content().replace(" ", "")
    key = b32decode(typed + "=" * (-len(typed) % 8))

    def code(ahead=0):
        return f"{totp(key, 30, 0, 6, ahead):06d}"

    page.fill("#id_code", "000000")
    tap(page, "form:has(#id_code) button[type=submit]")
    assert page.locator(".invalid-feedback, .errorlist").count() >= 1  # refused, still here
    page.wait_for_timeout(1100)  # the wrong code made the next try wait a second
    page.fill("#id_code", code())
    tap(page, "form:has(#id_code) button[type=submit]")
    assert page.locator(".recovery-codes li").count() == 10
    page.screenshot(path=str(ARTIFACTS / "second-factor-recovery-codes-phone.png"), full_page=True)
    tap(page, "a.btn-doan")
    tap(page, "button.navbar-toggler")
    page.locator(".navbar-collapse.show").wait_for()
    with page.expect_navigation():
        page.click("form[data-forget-drafts] button[type=submit]")

    log_in(page, demo_site, "vanphong.camau", "CaMau@2025")
    assert "/xac-thuc-hai-buoc/" in page.url
    page.screenshot(path=str(ARTIFACTS / "second-factor-verify-phone.png"), full_page=False)
    # The step after the one the setup spent, whatever the clock did since (a setup at a step's very end is taken
    # as the step before, and the device then counts one step behind: OTP_TOTP_SYNC).
    spent = TOTPDevice.objects.get(user__username="vanphong.camau").last_t
    page.fill("#id_code", code(ahead=spent + 1 - int(time.time() // 30)))
    tap(page, "form:has(#id_code) button[type=submit]")
    assert page.url.rstrip("/") == demo_site.rstrip("/") or "/xac-thuc" not in page.url
    assert page.locator("text=Bảo mật đăng nhập").count() >= 1


def test_a_cadre_signs_in_through_the_provinces_identity_provider(browser, demo_site, provider, settings):  # noqa: F811
    """The "tài khoản Đoàn" button on a phone: the provider's login page (tests/oidc_provider), back signed in."""
    from accounts.models import User

    from .test_oidc import PASSWORD, register_client

    register_client(provider, "portal", "portal-secret", f"{demo_site}/oidc/callback/")
    settings.OIDC_RP_CLIENT_ID, settings.OIDC_RP_CLIENT_SECRET = "portal", "portal-secret"
    settings.OIDC_OP_ISSUER = provider["issuer"]
    for name, path in (("AUTHORIZATION", "/authorize/"), ("TOKEN", "/token/"), ("USER", "/userinfo/")):
        setattr(settings, f"OIDC_OP_{name}_ENDPOINT", provider["issuer"] + path)
    settings.OIDC_OP_JWKS_ENDPOINT = provider["issuer"] + "/.well-known/jwks.json"
    User.objects.filter(username="canbo.phutan").update(email="an@doan.example.vn")

    page = browser.new_context(**PHONE).new_page()
    page.goto(f"{demo_site}/dang-nhap/")
    page.screenshot(path=str(ARTIFACTS / "oidc-login-phone.png"), full_page=True)
    tap(page, "a[href*='/oidc/dang-nhap/']")
    assert page.url.startswith(provider["url"])
    page.fill("#id_username", "an.nguyen")
    page.fill("#id_password", PASSWORD)
    tap(page, "#provider-login")
    page.wait_for_url(f"{demo_site}/**")
    page.screenshot(path=str(ARTIFACTS / "oidc-signed-in-phone.png"), full_page=False)
    assert "/dang-nhap/" not in page.url
    assert page.locator("form[data-forget-drafts] button").first.text_content().strip().endswith("(canbo.phutan)")


def test_an_invitee_replies_and_is_on_the_roster_and_a_member_comments_on_a_cadre(browser, demo_site):
    """The demo cadre answers the branch meeting's invitation from their home page (an absence without its reason
    is refused) and is ticked on the roster the secretary takes on the day; then comments on their commune
    secretary's sheet in a round whose names are hidden, and the secretary reads the comment on their sheet
    without the writer's name."""
    from accounts.models import User
    from campaigns.models import Campaign
    from feedback.services import round_open
    from meetings.models import Invitation, Meeting
    from registrations.models import Registration

    slug = f"phong-cach-can-bo-doan-ca-mau-{timezone.localdate().year}"
    meeting = Meeting.objects.get(campaign__slug=slug)
    cadre = browser.new_context(**PHONE).new_page()
    log_in(cadre, demo_site, "canbo.phutan", "PhuTan@2022")
    tap(cadre, f"a[href='/hop/{meeting.pk}/']")
    cadre.get_by_label("Tôi vắng có lý do").check()
    tap(cadre, "#my-reply button[type=submit]")  # no reason given
    cadre.locator(".invalid-feedback", has_text="lý do").wait_for()
    cadre.get_by_label("Tôi sẽ tham dự").check()
    tap(cadre, "#my-reply button[type=submit]")
    cadre.locator(".alert-success", has_text="Đã gửi trả lời").wait_for()
    cadre.screenshot(path=str(ARTIFACTS / "meeting-reply-phone.png"), full_page=False)
    assert Invitation.objects.get(meeting=meeting, person__user__username="canbo.phutan").reply == "yes"
    Meeting.objects.filter(pk=meeting.pk).update(day=timezone.localdate())  # the day has come
    secretary = browser.new_context(**PHONE).new_page()
    log_in(secretary, demo_site, "bithu.caidoivam", "PhuTan@2022")
    secretary.goto(f"{demo_site}/hop/{meeting.pk}/")
    tap(secretary, "a:has-text('Điểm danh')")
    ticked = secretary.get_by_label("Quách Hữu Trí", exact=False)
    assert ticked.is_checked()  # from the reply
    secretary.screenshot(path=str(ARTIFACTS / "meeting-roster-phone.png"), full_page=True)
    tap(secretary, "main button[type=submit]")
    secretary.locator(".alert-success", has_text="điểm danh").wait_for()
    meeting.refresh_from_db()
    assert meeting.activity.attendees.filter(user__username="canbo.phutan").exists()
    assert "có mặt" in secretary.inner_text("#replies")

    # Comments: the commune opens a round (names hidden); the cadre, a member under it, comments on the secretary.
    office = User.objects.get(username="vanphong.camau")
    commune = User.objects.get(username="bithu.caidoivam").person.home_unit
    feedback_round = round_open(
        by=office,
        campaign=Campaign.objects.get(slug=slug),
        unit=commune,
        closes_on=timezone.localdate(),
        names_hidden=True,
    )
    sheet = Registration.objects.get(campaign__slug=slug, person__user__username="bithu.caidoivam")
    cadre.goto(f"{demo_site}/")
    tap(cadre, f"a[href='/gop-y/{feedback_round.pk}/']")
    tap(cadre, f"a[href='/gop-y/{feedback_round.pk}/phieu/{sheet.pk}/']")
    tap(cadre, "#my-comment button[type=submit]")  # nothing written
    cadre.locator(".invalid-feedback").first.wait_for()
    cadre.get_by_label("Phê bình").check()
    cadre.fill("#my-comment textarea", "Đồng chí cần xuống khóm 1 thường xuyên hơn.")
    tap(cadre, "#my-comment button[type=submit]")
    cadre.locator(".alert-success", has_text="Đã lưu ý kiến").wait_for()
    secretary.goto(f"{demo_site}/dang-ky/{sheet.pk}/")
    feedback = secretary.locator("#feedback")
    feedback.wait_for()
    text = feedback.inner_text()
    assert "Đồng chí cần xuống khóm 1 thường xuyên hơn." in text and "Quách Hữu Trí" not in text
    assert secretary.evaluate("document.documentElement.scrollWidth") <= 390
    secretary.screenshot(path=str(ARTIFACTS / "feedback-read-by-cadre-phone.png"), full_page=True)
