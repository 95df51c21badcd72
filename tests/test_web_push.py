"""Web Push end to end: a phone's subscription kept (a foreign endpoint or malformed keys refused), a notice
pushed through pywebpush to a push endpoint run by the test on 127.0.0.1, which decrypts it with the
subscription's keys (RFC 8291, aes128gcm) and checks the VAPID signature; a subscription the service says is gone
is dropped."""

import base64
import json
import os
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import http_ece
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.test import Client, TestCase
from django.urls import reverse

from notices import push
from notices.channels import Message, notify
from notices.models import PushSubscription

pytestmark = pytest.mark.database_independent  # what it checks is the same on SQLite and PostgreSQL


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


class PushService(BaseHTTPRequestHandler):
    """What a browser maker's push service does for the test: takes the encrypted message (201), or says the
    subscription is gone (410) for the address ending in /gone."""

    received: list = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        headers = {name.lower(): value for name, value in self.headers.items()}
        PushService.received.append({"path": self.path, "headers": headers, "body": body})
        self.send_response(410 if self.path.endswith("/gone") else 201)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def push_service(settings, tmp_path):
    server = HTTPServer(("127.0.0.1", 0), PushService)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    PushService.received = []
    key = ec.generate_private_key(ec.SECP256R1())
    settings.WEBPUSH_VAPID_PRIVATE_KEY = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    settings.WEBPUSH_PUSH_SERVICES = ["127.0.0.1"]
    settings.WEBPUSH_REQUIRE_HTTPS = False  # the test's service speaks plain HTTP on 127.0.0.1
    yield f"http://127.0.0.1:{server.server_port}", key.public_key()
    server.shutdown()


def a_phone(endpoint: str):
    """A subscriber's keys, as a browser makes them: its P-256 key pair and a 16-byte secret."""
    private = ec.generate_private_key(ec.SECP256R1())
    point = private.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    secret = os.urandom(16)
    return private, secret, {"endpoint": endpoint, "keys": {"p256dh": b64(point), "auth": b64(secret)}}


def test_a_notice_reaches_the_phone_encrypted_to_its_keys(world, push_service, client_for):
    service, vapid_public = push_service
    private, secret, subscription = a_phone(f"{service}/push/phone-1")
    client = client_for(world.cadre)
    page = client.get(reverse("notices:preferences")).content.decode()
    assert push.public_key() in page and "js/push.js" in page
    made = client.post(reverse("notices:push_subscribe"), json.dumps(subscription), content_type="application/json")
    assert made.status_code == 201 and PushSubscription.objects.filter(user=world.cadre).count() == 1

    with TestCase.captureOnCommitCallbacks(execute=True):
        notify([world.cadre], Message("registration.returned", "Phiếu bị trả lại", "Bổ sung hạn chế", "/dang-ky/1/"))
    (delivered,) = PushService.received
    assert delivered["path"] == "/push/phone-1" and delivered["headers"]["content-encoding"] == "aes128gcm"
    clear = http_ece.decrypt(delivered["body"], private_key=private, auth_secret=secret, version="aes128gcm")
    assert json.loads(clear) == {"title": "Phiếu bị trả lại", "body": "Bổ sung hạn chế", "url": "/dang-ky/1/"}
    # The VAPID signature: a JWT for this push service's origin, signed by the portal's key.
    token = delivered["headers"]["authorization"].split("t=")[1].split(",")[0]
    claims = jwt.decode(token, vapid_public, algorithms=["ES256"], audience=service)
    assert claims["sub"].startswith("mailto:")


def test_a_subscription_the_service_says_is_gone_is_dropped(world, push_service, client_for):
    service, _key = push_service
    _private, _secret, subscription = a_phone(f"{service}/push/gone")
    client_for(world.cadre).post(
        reverse("notices:push_subscribe"), json.dumps(subscription), content_type="application/json"
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        notify([world.cadre], Message("reminder.deadline", "Sắp hết hạn đăng ký"))
    assert len(PushService.received) == 1 and not PushSubscription.objects.exists()


@pytest.mark.parametrize(
    "change",
    [
        lambda s: {**s, "endpoint": "https://push.example.net/x"},  # not a known push service
        lambda s: {**s, "endpoint": "javascript:alert(1)"},
        lambda s: {**s, "keys": {**s["keys"], "p256dh": b64(b"\x04" + b"1" * 64)}},  # not a point on the curve
        lambda s: {**s, "keys": {**s["keys"], "auth": b64(b"short")}},
        lambda s: {"endpoint": s["endpoint"]},
        lambda s: ["not", "an", "object"],
    ],
)
def test_foreign_endpoints_and_malformed_keys_are_refused(world, push_service, change):
    service, _key = push_service
    _private, _secret, subscription = a_phone(f"{service}/push/phone-2")
    client = Client()
    client.force_login(world.cadre, backend="django.contrib.auth.backends.ModelBackend")
    answer = client.post(
        reverse("notices:push_subscribe"), json.dumps(change(subscription)), content_type="application/json"
    )
    assert answer.status_code == 400 and answer.json()["detail"]
    assert not PushSubscription.objects.exists()
    assert (
        client.post(reverse("notices:push_subscribe"), "{bad json", content_type="application/json").status_code == 400
    )
