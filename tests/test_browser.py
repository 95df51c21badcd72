"""The portal in a real browser at a phone's size: Debian's Chromium driven by Playwright.

Skipped when /usr/bin/chromium is missing (`apt-get install chromium`); CI installs it.
Screenshots land in test-artifacts/ for a person to look at.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which(CHROMIUM), reason="Chromium is not installed (apt-get install chromium)"),
]


@pytest.fixture
def demo_site(transactional_db, live_server, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("load_demo", stdout=open(os.devnull, "w"))
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
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        yield browser
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def log_in(page, base, username, password):
    page.goto(f"{base}/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")


def test_office_walks_from_the_district_to_a_person_on_a_phone(browser, demo_site):
    page = browser.new_context(**PHONE).new_page()
    log_in(page, demo_site, "vanphong.phutan", "PhuTan@2022")
    assert page.locator("h1").inner_text().startswith("Xin chào")
    page.click("a:has-text('Huyện đoàn Phú Tân')")
    assert page.locator("[data-figure=grassroots]").inner_text() == "19"
    assert page.locator("[data-figure=branches]").inner_text() == "177"
    # Nothing is wider than the phone's screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(ARTIFACTS / "unit-district-phone.png"), full_page=False)

    page.click("a:has-text('Đoàn thị trấn Cái Đôi Vàm')")
    page.click("a.btn:has-text('Nhân sự')")
    page.fill("input[name=q]", "nguyen")
    page.click("button:has-text('Tìm')")
    first = page.locator("ul.list-group a").first
    assert "Nguyễn" in first.inner_text()
    first.click()
    assert page.locator("h2:has-text('Chức vụ')").count() == 1
    page.screenshot(path=str(ARTIFACTS / "person-phone.png"), full_page=True)


def test_cadre_activates_an_account_with_a_printed_code(browser, demo_site):
    context = browser.new_context(**PHONE)
    office = context.new_page()
    log_in(office, demo_site, "vanphong.phutan", "PhuTan@2022")
    office.click("a:has-text('Huyện đoàn Phú Tân')")
    office.click("a:has-text('Chi đoàn Điện lực Phú Tân')")
    office.click("button:has-text('In mã kích hoạt')")
    row = office.locator("table.code-sheet tbody tr").first
    name, code = row.locator("td").nth(0).inner_text(), row.locator("td.code").inner_text()
    office.screenshot(path=str(ARTIFACTS / "activation-codes-phone.png"), full_page=True)

    cadre = browser.new_context(**PHONE).new_page()
    cadre.goto(f"{demo_site}/kich-hoat/")
    cadre.fill("#id_code", code)
    cadre.fill("#id_username", "canbo.dienluc")
    cadre.fill("#id_password1", "Song-Ganh-Hao-7")
    cadre.fill("#id_password2", "Song-Ganh-Hao-7")
    cadre.click("button[type=submit]")
    cadre.screenshot(path=str(ARTIFACTS / "activated-phone.png"), full_page=True)
    assert "Tài khoản của bạn đã sẵn sàng" in cadre.content()
    assert name in cadre.content()
    assert "Chi đoàn Điện lực Phú Tân" in cadre.content()
