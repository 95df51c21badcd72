from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import ActivationCode, User, format_code, hash_code
from accounts.services import account_activate, activation_code_issue, activation_codes_issue_for_unit


def test_codes_are_stored_hashed_and_work_once(world, client_for):
    issued = activation_code_issue(by=world.office1, person=world.b2_person)
    stored = ActivationCode.objects.get(person=world.b2_person)
    assert issued.code not in stored.code_hash and stored.code_hash == hash_code(issued.code)
    assert len(format_code(issued.code)) == 12  # ABCD-EFGH-JK

    client = client_for(None)
    form = {
        "code": format_code(issued.code).lower(),
        "username": "bich.dang",
        "email": "",
        "password1": "Ren-luyen-2026",
        "password2": "Ren-luyen-2026",
    }
    response = client.post(reverse("activate"), form)
    assert response.status_code == 302
    user = User.objects.get(username="bich.dang")
    assert world.b2_person.__class__.objects.get(pk=world.b2_person.pk).user == user
    assert user.get_full_name() == "Đặng Thị Bích"

    client.logout()
    form["username"] = "bich.dang2"
    response = client.post(reverse("activate"), form)
    assert "đã được sử dụng" in response.content.decode()
    assert not User.objects.filter(username="bich.dang2").exists()


def test_a_new_code_replaces_the_old_one(world):
    first = activation_code_issue(by=world.office1, person=world.b2_person)
    second = activation_code_issue(by=world.office1, person=world.b2_person)
    with pytest.raises(ValidationError, match="đã được thay bằng mã mới"):
        account_activate(raw_code=first.code, username="x1", password="Ren-luyen-2026")
    assert account_activate(raw_code=second.code, username="x2", password="Ren-luyen-2026").pk


def test_expired_and_wrong_codes_are_refused(world):
    issued = activation_code_issue(by=world.office1, person=world.b2_person)
    ActivationCode.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(ValidationError, match="hết hạn"):
        account_activate(raw_code=issued.code, username="late", password="Ren-luyen-2026")
    with pytest.raises(ValidationError, match="không đúng"):
        account_activate(raw_code="AAAA-BBBB-CC", username="guess", password="Ren-luyen-2026")
    assert not User.objects.filter(username__in=["late", "guess"]).exists()


def test_weak_password_or_taken_name_changes_nothing(world, client_for):
    issued = activation_code_issue(by=world.office1, person=world.b2_person)
    client = client_for(None)
    response = client.post(
        reverse("activate"),
        {
            "code": issued.code,
            "username": "cadre",
            "email": "",
            "password1": "Ren-luyen-2026",
            "password2": "Ren-luyen-2026",
        },
    )
    assert "đã có người dùng" in response.content.decode()
    response = client.post(
        reverse("activate"),
        {"code": issued.code, "username": "new.one", "email": "", "password1": "12345678", "password2": "12345678"},
    )
    assert response.status_code == 200 and response.context["form"].errors
    assert ActivationCode.objects.get(person=world.b2_person).used_at is None
    assert not User.objects.filter(username="new.one").exists()


def test_codes_for_a_whole_unit_cover_cadres_without_accounts(world):
    issued = activation_codes_issue_for_unit(by=world.office1, unit=world.D1)
    names = {item.person.full_name for item in issued}
    # The cadre and the two secretaries already have accounts.
    assert names == {"Đặng Thị Bích"}
    with pytest.raises(PermissionDenied):
        activation_codes_issue_for_unit(by=world.office2, unit=world.D1)
    with pytest.raises(PermissionDenied):
        activation_code_issue(by=world.secretary1, person=world.b2_person)


def test_printable_code_list(world, client_for):
    response = client_for(world.office1).post(reverse("unit_activation_codes", args=[world.G1.pk]))
    body = response.content.decode()
    assert "Đặng Thị Bích" in body and "/kich-hoat/" in body
    assert "print.css" in body


def test_login_locks_after_repeated_failures_with_a_vietnamese_message(world, client):
    url = reverse("login")
    for _ in range(5):
        response = client.post(url, {"username": "cadre", "password": "sai-mat-khau"})
    assert response.status_code == 429  # django-axes: Too Many Requests
    assert "Đăng nhập sai quá nhiều lần" in response.content.decode()
    assert "Hãy thử lại sau 15 phút" in response.content.decode()
    # Even the right password is refused while locked.
    response = client.post(url, {"username": "cadre", "password": "Mat-khau-2026!"})
    assert response.status_code == 429


def test_login_and_password_pages_speak_vietnamese(world, client):
    assert "Đăng nhập" in client.get(reverse("login")).content.decode()
    response = client.post(reverse("login"), {"username": "cadre", "password": "Mat-khau-2026!"})
    assert response.status_code == 302
    assert "Đổi mật khẩu" in client.get(reverse("password_change")).content.decode()
    client.logout()
    assert "Đặt lại mật khẩu" in client.get(reverse("password_reset")).content.decode()


def test_password_reset_sends_a_vietnamese_mail(world, client, mailoutbox):
    world.cadre.email = "an@example.com"
    world.cadre.save()
    response = client.post(reverse("password_reset"), {"email": "an@example.com"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1 and "mật khẩu" in mailoutbox[0].body.lower()


def test_activation_codes_cannot_be_guessed_freely(world, client, settings):
    """ten wrong codes from one address, or five for one login name, pause the form."""
    from accounts.models import ActivationFailure

    issued = activation_code_issue(by=world.office1, person=world.b2_person)
    url = reverse("activate")

    def attempt(code, username, ip="203.0.113.7"):
        return client.post(
            url,
            {
                "code": code,
                "username": username,
                "email": "",
                "password1": "Ren-luyen-2026",
                "password2": "Ren-luyen-2026",
            },
            REMOTE_ADDR=ip,
        )

    for i in range(settings.ACTIVATION_FAILURES_PER_IP):
        response = attempt(f"AAAA-BBBB-{i:02d}", f"doan.{i}")
        assert response.status_code == 200 and "Mã kích hoạt không đúng" in response.content.decode()
    # Now even the right code is refused from that address, with the minutes to wait, and nothing is created.
    response = attempt(issued.code, "bich.dang")
    assert response.status_code == 429 and "15 phút" in response.content.decode()
    assert not User.objects.filter(username="bich.dang").exists()
    # Per login name too: five wrong codes for one name, from five addresses.
    for i in range(settings.ACTIVATION_FAILURES_PER_USERNAME):
        assert attempt("CCCC-DDDD-EE", "bich.dang", ip=f"198.51.100.{i}").status_code == 200
    assert attempt(issued.code, "bich.dang", ip="198.51.100.99").status_code == 429
    # Once the window has passed, the right code works and the name's failures are forgotten.
    ActivationFailure.objects.update(attempted_at=timezone.now() - timedelta(minutes=16))
    assert attempt(issued.code, "bich.dang").status_code == 302
    assert not ActivationFailure.objects.filter(username="bich.dang").exists()


def test_behind_the_proxy_each_client_is_throttled_by_its_own_address(world, client, settings):
    """Behind nginx every request comes from 127.0.0.1: the client is the address nginx appended to
    X-Forwarded-For. Five wrong passwords from one address lock that (name, address) pair, not the account for
    everyone; a forged X-Forwarded-For entry is not believed; wrong activation codes pause one address."""
    from django.test import RequestFactory

    from accounts.throttle import client_address

    settings.TRUSTED_PROXY_COUNT = 1
    factory = RequestFactory()

    def seen(forwarded=None):
        extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
        return client_address(factory.get("/", REMOTE_ADDR="127.0.0.1", **extra))

    assert seen("203.0.113.5") == "203.0.113.5"
    assert seen("6.6.6.6, 203.0.113.5") == "203.0.113.5"  # what the client wrote itself stands further left
    assert seen() == "127.0.0.1" and seen("not-an-address") == "127.0.0.1"

    def log_in(password, address):
        return client.post(
            reverse("login"),
            {"username": "cadre", "password": password},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=address,
        )

    for _ in range(5):
        response = log_in("sai-mat-khau", "198.51.100.66")
    assert response.status_code == 429
    assert log_in("Mat-khau-2026!", "198.51.100.66").status_code == 429  # the attacker's pair stays locked
    assert log_in("Mat-khau-2026!", "203.0.113.5").status_code == 302  # the cadre, from their phone, signs in
    client.logout()

    for i in range(settings.ACTIVATION_FAILURES_PER_IP):
        client.post(
            reverse("activate"),
            {"code": f"AAAA-BBBB-{i:02d}", "username": f"bia.{i}", "password1": "x", "password2": "x"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR="198.51.100.66",
        )
    paused = client.post(reverse("activate"), {"code": "X"}, HTTP_X_FORWARDED_FOR="198.51.100.66")
    assert paused.status_code == 429
    assert client.post(reverse("activate"), {"code": "X"}, HTTP_X_FORWARDED_FOR="203.0.113.5").status_code == 200


def test_password_reset_is_throttled_and_links_to_the_site_address(world, client, settings, mailoutbox):
    settings.SITE_URL = "https://doan.example.vn"
    settings.ALLOWED_HOSTS = ["testserver", "doan.example.vn", "attacker.example"]
    world.cadre.email = "an@example.com"
    world.cadre.save()
    url = reverse("password_reset")
    # The link follows SITE_URL, never the Host header a request carries.
    assert client.post(url, {"email": "an@example.com"}, HTTP_HOST="attacker.example").status_code == 302
    assert "https://doan.example.vn/dat-lai-mat-khau/" in mailoutbox[0].body
    assert "attacker.example" not in mailoutbox[0].body
    # Eleven more asks for one mailbox, from many addresses: three mails in the hour, the same page for each.
    for i in range(10):
        response = client.post(url, {"email": "An@Example.com"}, REMOTE_ADDR=f"198.51.100.{i}")
        assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")
    assert len(mailoutbox) == settings.PASSWORD_RESETS_PER_EMAIL
    # One address asking for many mailboxes is told to wait (429, in Vietnamese).
    for i in range(settings.PASSWORD_RESETS_PER_IP):
        client.post(url, {"email": f"x{i}@example.com"}, REMOTE_ADDR="192.0.2.1")
    refused = client.post(url, {"email": "an@example.com"}, REMOTE_ADDR="192.0.2.1")
    assert refused.status_code == 429 and "Quá nhiều yêu cầu đặt lại mật khẩu" in refused.content.decode()
    assert len(mailoutbox) == settings.PASSWORD_RESETS_PER_EMAIL


def test_the_printed_codes_give_the_sites_own_address_with_its_port(world, client_for, settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    sheet = client_for(world.office1).post(
        reverse("person_activation_code", args=[world.b2_person.pk]), HTTP_HOST="127.0.0.1"
    )
    assert "127.0.0.1:8000/kich-hoat/" in sheet.content.decode()  # behind nginx the Host header has no port
