"""Sign-in through an OpenID Connect provider, against a real one: django-oauth-toolkit's, started on 127.0.0.1 by
these tests (tests/oidc_provider/). Accounts are matched by a verified e-mail or a member number, never given a
grant; ID tokens for another audience, from another issuer, with another nonce or a broken signature are refused,
and so is an e-mail the provider did not verify."""

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import requests
from django.core.exceptions import SuspiciousOperation
from django.test import Client
from django.urls import reverse
from jwcrypto import jwk

from accounts.models import User
from accounts.oidc import PortalOIDCBackend
from organizations.models import Role

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "Mat-khau-nha-cung-cap-1"
PORTAL_CALLBACK = "http://testserver/oidc/callback/"

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _provider_command(env, *args, **kwargs):
    command = [sys.executable, "-m", "django", *args]
    return subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True, text=True, timeout=120, **kwargs)


def register_client(provider, client_id: str, secret: str, redirect_uri: str) -> None:
    _provider_command(
        provider["env"],
        "shell",
        "-c",
        "from oauth2_provider.models import Application as A; "
        f"A.objects.update_or_create(client_id='{client_id}', defaults=dict(name='{client_id}', "
        f"client_secret='{secret}', client_type='confidential', authorization_grant_type='authorization-code', "
        f"redirect_uris='{redirect_uri}', skip_authorization=True, algorithm='RS256'))",
    )


@pytest.fixture(scope="module")
def provider(tmp_path_factory):
    """The identity provider: its own database, an RSA key, three people (a verified e-mail, a member number, an
    e-mail not verified) and the portal registered as a client."""
    folder = tmp_path_factory.mktemp("oidc-provider")
    port = _free_port()
    issuer = f"http://127.0.0.1:{port}/o"
    key = jwk.JWK.generate(kty="RSA", size=2048).export_to_pem(private_key=True, password=None).decode()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.oidc_provider.settings",
        "PYTHONPATH": str(ROOT),
        "PROVIDER_DB": str(folder / "provider.sqlite3"),
        "PROVIDER_KEY": key,
        "PROVIDER_ISSUER": issuer,
    }
    _provider_command(env, "migrate", "-v0")
    _provider_command(
        env,
        "shell",
        "-c",
        "from django.contrib.auth.models import User as U; "
        f"U.objects.create_user('an.nguyen', email='an@doan.example.vn', password='{PASSWORD}'); "
        f"U.objects.create_user('bich.dang', email='bich@doan.example.vn', first_name='CM0000123', "
        f"last_name='unverified', password='{PASSWORD}'); "
        f"U.objects.create_user('gia.mao', email='an@doan.example.vn', last_name='unverified', password='{PASSWORD}')",
    )
    found = {"url": f"http://127.0.0.1:{port}", "issuer": issuer, "env": env}
    register_client(found, "portal", "portal-secret", PORTAL_CALLBACK)
    server = subprocess.Popen(
        [sys.executable, "-m", "django", "runserver", f"127.0.0.1:{port}", "--noreload", "--nothreading"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.2)
    yield found
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture
def portal_uses(provider, settings):
    settings.OIDC_RP_CLIENT_ID, settings.OIDC_RP_CLIENT_SECRET = "portal", "portal-secret"
    settings.OIDC_OP_ISSUER = provider["issuer"]
    for name, path in (
        ("AUTHORIZATION", "/authorize/"),
        ("TOKEN", "/token/"),
        ("USER", "/userinfo/"),
        ("JWKS", "/.well-known/jwks.json"),
    ):
        setattr(settings, f"OIDC_OP_{name}_ENDPOINT", provider["issuer"] + path)
    return provider


def at_provider(provider, authorize_url: str, username: str) -> str:
    """Sign in at the provider as `username` for this authorization request; returns where it sends the browser."""
    browser = requests.Session()
    page = browser.get(authorize_url, timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    next_url = parse_qs(urlsplit(page.url).query)["next"][0]
    sent = browser.post(
        page.url,
        data={"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD, "next": next_url},
        headers={"Referer": page.url},
        allow_redirects=False,
        timeout=10,
    )
    assert sent.status_code == 302, sent.text[:300]
    back = browser.get(provider["url"] + sent.headers["Location"], allow_redirects=False, timeout=10)
    assert back.status_code == 302, back.text[:300]
    return back.headers["Location"]


def sign_in(client: Client, provider, username: str):
    start = client.get(reverse("oidc_authentication_init"))
    assert start.status_code == 302 and start["Location"].startswith(provider["issuer"])
    callback = urlsplit(at_provider(provider, start["Location"], username))
    return client.get(f"{callback.path}?{callback.query}")


def test_a_person_signs_in_with_a_verified_e_mail_and_keeps_only_the_portals_roles(world, portal_uses):
    User.objects.filter(pk=world.office1.pk).update(email="an@doan.example.vn")
    client = Client()
    assert "oidc/dang-nhap" in client.get(reverse("login")).content.decode()
    back = sign_in(client, portal_uses, "an.nguyen")
    assert back.status_code == 302
    assert client.get(reverse("organizations:home")).context["user"] == world.office1
    assert Role.objects.filter(user=world.office1).count() == 1  # nothing granted by signing in


def test_a_member_on_record_gets_a_login_without_any_grant(world, portal_uses):
    world.b2_person.member_number = "CM0000123"
    world.b2_person.save()
    client = Client()
    sign_in(client, portal_uses, "bich.dang")
    made = User.objects.get(person=world.b2_person)
    assert not made.has_usable_password() and not made.is_staff and not Role.objects.filter(user=made).exists()
    assert client.get(reverse("organizations:home")).context["user"] == made
    # Again: the same login, not a second one.
    client.post(reverse("logout"))
    sign_in(client, portal_uses, "bich.dang")
    assert User.objects.filter(person=world.b2_person).count() == 1


def test_an_e_mail_the_provider_did_not_verify_matches_no_one(world, portal_uses):
    User.objects.filter(pk=world.office1.pk).update(email="an@doan.example.vn")
    client = Client()
    back = sign_in(client, portal_uses, "gia.mao")
    assert back.status_code == 302 and back["Location"] == reverse("login")
    page = client.get(back["Location"])
    assert not page.context["user"].is_authenticated
    assert "mã kích hoạt" in page.content.decode()  # the same sentence as for anyone unknown


def id_token(provider, client_id: str, secret: str, nonce: str, username: str = "an.nguyen") -> str:
    """An ID token as the provider issues it to `client_id` (its own code flow, no portal in between)."""
    query = urlencode(
        {
            "response_type": "code",
            "client_id": client_id,
            "redirect_uri": PORTAL_CALLBACK,
            "scope": "openid email profile",
            "state": "s",
            "nonce": nonce,
        }
    )
    code = parse_qs(urlsplit(at_provider(provider, f"{provider['issuer']}/authorize/?{query}", username)).query)
    answer = requests.post(
        f"{provider['issuer']}/token/",
        data={
            "grant_type": "authorization_code",
            "code": code["code"][0],
            "redirect_uri": PORTAL_CALLBACK,
            "client_id": client_id,
            "client_secret": secret,
        },
        timeout=10,
    )
    return answer.json()["id_token"]


def test_id_tokens_not_meant_for_the_portal_are_refused(world, portal_uses, settings):
    backend = PortalOIDCBackend()
    good = id_token(portal_uses, "portal", "portal-secret", nonce="n-1")
    assert backend.verify_token(good, nonce="n-1")["aud"] == "portal"

    with pytest.raises(SuspiciousOperation):
        backend.verify_token(good, nonce="another")  # a replayed or swapped response
    head, body, signature = good.split(".")
    broken = f"{head}.{body}.{signature[:-4]}{'AAAA' if not signature.endswith('AAAA') else 'BBBB'}"
    with pytest.raises(SuspiciousOperation):
        backend.verify_token(broken, nonce="n-1")
    register_client(portal_uses, "website", "website-secret", PORTAL_CALLBACK)
    theirs = id_token(portal_uses, "website", "website-secret", nonce="n-2")
    with pytest.raises(SuspiciousOperation):
        backend.verify_token(theirs, nonce="n-2")  # issued to another client
    settings.OIDC_OP_ISSUER = "http://127.0.0.1:1/o"
    with pytest.raises(SuspiciousOperation):
        PortalOIDCBackend().verify_token(good, nonce="n-1")  # signed by the right key, but not the expected issuer
