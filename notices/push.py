"""Web Push to the installed app (pywebpush, VAPID): the person turns it on from their notification settings on
each phone; the notices arrive on the lock screen like any app's. A subscription whose push service answers that
it is gone (404, 410) is dropped.

The portal signs its messages with a VAPID key pair: WEBPUSH_VAPID_PRIVATE_KEY (PEM) in production; in development
one is made once into var/webpush-vapid.pem. Only push services of the browser makers are accepted as endpoints
(WEBPUSH_PUSH_SERVICES), so that a forged subscription cannot make the server post to an address of its choosing."""

import base64
import json
import logging
from pathlib import Path
from urllib.parse import urlsplit

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import PushSubscription

logger = logging.getLogger(__name__)
DEV_KEY = Path(settings.BASE_DIR) / "var" / "webpush-vapid.pem"


def _b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _private_pem() -> str:
    if settings.WEBPUSH_VAPID_PRIVATE_KEY:
        return settings.WEBPUSH_VAPID_PRIVATE_KEY
    if not settings.DEBUG:
        return ""
    if not DEV_KEY.exists():
        DEV_KEY.parent.mkdir(parents=True, exist_ok=True)
        key = ec.generate_private_key(ec.SECP256R1())
        pem = key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        DEV_KEY.write_bytes(pem)
    return DEV_KEY.read_text()


def enabled() -> bool:
    return bool(_private_pem())


def public_key() -> str:
    """The application server key the browser subscribes with (the uncompressed point, base64url)."""
    key = serialization.load_pem_private_key(_private_pem().encode(), password=None)
    point = key.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    return base64.urlsafe_b64encode(point).decode().rstrip("=")


def _checked(data) -> tuple[str, str, str]:
    refused = ValidationError(_("This phone's subscription cannot be used: try turning notifications on again."))
    if not isinstance(data, dict) or not isinstance(data.get("keys"), dict):
        raise refused
    endpoint, keys = str(data.get("endpoint", "")), data["keys"]
    parts = urlsplit(endpoint)
    host = (parts.hostname or "").lower()
    secure = parts.scheme == "https" or not settings.WEBPUSH_REQUIRE_HTTPS
    known = any(host == service or host.endswith("." + service) for service in settings.WEBPUSH_PUSH_SERVICES)
    if len(endpoint) > 500 or not secure or not known:
        raise refused
    try:
        p256dh, auth = _b64url_decode(str(keys.get("p256dh", ""))), _b64url_decode(str(keys.get("auth", "")))
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), p256dh)
    except (ValueError, TypeError):
        raise refused from None
    if len(auth) != 16:
        raise refused
    return endpoint, str(keys["p256dh"]), str(keys["auth"])


def subscribe(*, user, data) -> PushSubscription:
    endpoint, p256dh, auth = _checked(data)
    subscription, _created = PushSubscription.objects.update_or_create(
        endpoint=endpoint, defaults={"user": user, "p256dh": p256dh, "auth": auth}
    )
    return subscription


def unsubscribe(*, user, endpoint: str) -> int:
    return PushSubscription.objects.filter(user=user, endpoint=endpoint).delete()[0]


def send(subscription_id: int, message) -> tuple[bool, str]:
    """Push one message; a subscription its service says is gone is dropped (counted as done: nothing to retry)."""
    from py_vapid import Vapid
    from pywebpush import WebPushException, webpush

    subscription = PushSubscription.objects.filter(pk=subscription_id).first()
    if subscription is None:
        return True, "dropped before"
    payload = json.dumps({"title": message.title, "body": message.body, "url": message.url or "/"}, ensure_ascii=False)
    try:
        webpush(
            subscription_info={
                "endpoint": subscription.endpoint,
                "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth},
            },
            data=payload,
            vapid_private_key=Vapid.from_pem(_private_pem().encode()),
            vapid_claims={"sub": settings.WEBPUSH_CONTACT},
            ttl=86400,
            timeout=10,
        )
    except WebPushException as error:
        status = getattr(error.response, "status_code", None)
        if status in (404, 410):
            subscription.delete()
            return True, f"gone ({status}): dropped"
        logger.warning("Web push to subscription %s failed: %s", subscription_id, error)
        return False, str(error)[:300]
    with transaction.atomic():
        PushSubscription.objects.filter(pk=subscription.pk).update(last_sent_at=timezone.now())
    return True, ""
