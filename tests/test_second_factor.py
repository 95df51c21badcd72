"""Two-step sign-in: required of offices and administrators (enrolment by QR code, recovery codes shown once),
optional for cadres; wrong, replayed and spent codes refused and throttled; a remembered phone; a reset by an
office above; the admin and the API behind it."""

import time

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import second_factor

PASSWORD = "Mat-khau-2026!"

pytestmark = pytest.mark.database_independent  # what it checks is the same on SQLite and PostgreSQL


@pytest.fixture(autouse=True)
def offices_must(settings):
    settings.SECOND_FACTOR_FOR_OFFICES = True


def code_for(device: TOTPDevice, steps_ahead: int = 0) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, steps_ahead):06d}"


def sign_in(client, user, next_url="/"):
    return client.post(f"{reverse('login')}?next={next_url}", {"username": user.username, "password": PASSWORD})


def enrol(client, user) -> list[str]:
    """Sign in and set the phone up; returns the recovery codes shown."""
    sign_in(client, user)
    client.get(reverse("second_factor_setup"))
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    page = client.post(reverse("second_factor_setup"), {"code": code_for(device), "next": "/"})
    assert page.status_code == 200, page.content.decode()[:500]
    return page.context["codes"]


def test_an_office_sees_nothing_before_setting_up_its_phone(world):
    client = Client()
    signed = sign_in(client, world.office1, "/chien-dich/")
    assert signed.status_code == 302
    page = client.get("/chien-dich/")
    assert page.status_code == 302 and page["Location"].startswith(reverse("second_factor_setup"))
    assert client.get("/admin/").status_code == 302
    assert client.get("/api/v1/campaigns").status_code == 401  # the session reads nothing through the API either

    setup = client.get(page["Location"])
    assert setup.status_code == 200 and "data:image/svg+xml" in setup.content.decode()
    device = TOTPDevice.objects.get(user=world.office1, confirmed=False)
    assert client.get(reverse("second_factor_setup")).context["secret"] == setup.context["secret"]  # a reload
    # Sent empty, then a wrong code: the form again, nothing confirmed.
    assert client.post(reverse("second_factor_setup"), {"code": ""}).status_code == 400
    assert client.post(reverse("second_factor_setup"), {"code": "000000"}).status_code == 400
    device.refresh_from_db()
    assert not device.confirmed

    device.throttling_failure_count = 0  # the wrong code above made the next try wait a second
    device.throttling_failure_timestamp = None
    device.save()
    shown = client.post(reverse("second_factor_setup"), {"code": code_for(device), "next": "/chien-dich/"})
    codes = shown.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10 and all(len(code) == 8 for code in codes)
    assert "no-store" in shown["Cache-Control"] or "no-cache" in shown["Cache-Control"]
    assert client.get("/chien-dich/").status_code == 200
    assert client.get("/admin/").status_code == 200
    assert client.get("/api/v1/campaigns").status_code == 200


def test_a_cadre_is_not_asked_unless_they_turned_it_on(world):
    client = Client()
    sign_in(client, world.cadre)
    assert client.get("/").status_code == 200
    assert client.get(reverse("security")).status_code == 200
    enrol(client, world.cadre)  # turned on from the security page
    client.post(reverse("logout"))
    sign_in(client, world.cadre)
    assert client.get("/")["Location"].startswith(reverse("second_factor_verify"))


def test_codes_wrong_replayed_or_spent_are_refused_and_slow_down(world):
    client = Client()
    codes = enrol(client, world.office1)
    device = TOTPDevice.objects.get(user=world.office1, confirmed=True)
    used = code_for(device)  # the enrolment used this time step
    client.post(reverse("logout"))

    sign_in(client, world.office1)
    replay = client.post(reverse("second_factor_verify"), {"code": used})
    assert replay.status_code == 400 and client.get("/").status_code == 302
    # Wrong codes: each makes the next try wait longer (1 s, 2 s, …), even the right one in the meantime.
    client.post(reverse("second_factor_verify"), {"code": "123456"})
    refused = client.post(reverse("second_factor_verify"), {"code": code_for(device, steps_ahead=1)})
    assert refused.status_code == 400 and "giây" in refused.content.decode()

    device.refresh_from_db()
    device.throttling_failure_count, device.throttling_failure_timestamp = 0, None
    device.save()
    assert client.post(reverse("second_factor_verify"), {"code": codes[0]}).status_code == 302  # a recovery code
    assert client.get("/").status_code == 200
    assert StaticToken.objects.filter(device__user=world.office1).count() == 9
    client.post(reverse("logout"))
    sign_in(client, world.office1)
    spent = client.post(reverse("second_factor_verify"), {"code": codes[0].upper()})
    assert spent.status_code == 400


def test_a_remembered_phone_is_not_asked_again_until_the_second_step_is_reset(world):
    client = Client()
    enrol(client, world.office1)
    device = TOTPDevice.objects.get(user=world.office1, confirmed=True)
    client.post(reverse("logout"))
    sign_in(client, world.office1)
    time.sleep(0)  # the next time step is not needed: a recovery code is not used here
    device.last_t = -1  # allow the current step again (the enrolment consumed it)
    device.save()
    remembered = client.post(reverse("second_factor_verify"), {"code": code_for(device), "remember": "on"})
    assert remembered.status_code == 302 and second_factor.REMEMBER_COOKIE in remembered.cookies
    client.post(reverse("logout"))
    sign_in(client, world.office1)
    assert client.get("/").status_code == 200  # no code asked on this phone

    # Another browser, the cookie copied from another account: worthless.
    other = Client()
    other.cookies[second_factor.REMEMBER_COOKIE] = client.cookies[second_factor.REMEMBER_COOKIE].value
    enrol(Client(), world.office2)
    sign_in(other, world.office2)
    assert other.get("/").status_code == 302

    # Lost phone: an office above (the province's) resets; the remembered phone stops counting.
    from organizations.models import Role, RoleKind

    from .conftest import make_user

    province = make_user("vanphong.tinh", staff=True, role=RoleKind.MANAGER, unit=world.P)
    with pytest.raises(PermissionDenied):
        second_factor.second_factor_reset(by=world.office2, user=world.office1)  # a neighbour may not
    assert not second_factor.may_reset(world.office1, world.office1)
    second_factor.second_factor_reset(by=province, user=world.office1)
    assert not TOTPDevice.objects.filter(user=world.office1).exists()
    client.post(reverse("logout"))
    sign_in(client, world.office1)
    assert client.get("/")["Location"].startswith(reverse("second_factor_setup"))
    assert Role.objects.filter(user=world.office1).exists()


def test_an_office_above_resets_from_the_admin(world):
    from organizations.models import Role, RoleKind

    from .conftest import make_user

    enrol(Client(), world.secretary1)  # a secretary who turned it on, then lost the phone
    province = make_user("vanphong.tinh", staff=True, role=RoleKind.MANAGER, unit=world.P)
    admin = Client()
    enrol(admin, province)
    role = Role.objects.get(user=world.secretary1)
    done = admin.post(
        reverse("admin:organizations_role_changelist"), {"action": "reset_second_factor", "_selected_action": [role.pk]}
    )
    assert done.status_code == 302
    assert not TOTPDevice.objects.filter(user=world.secretary1).exists()
    # District One's office cannot reset its own district's office colleague: only an office above.
    assert not second_factor.may_reset(world.office1, world.office1)


def test_office_accounts_cannot_turn_it_off(world):
    client = Client()
    enrol(client, world.office1)
    client.post(reverse("second_factor_off"))
    assert TOTPDevice.objects.filter(user=world.office1, confirmed=True).exists()
