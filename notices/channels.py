"""One channel layer for everything the portal tells people.

`notify(users, message)` puts the message in each user's in-app list (always), and sends it through the outside
channels each user chose (notices.models.Preference): e-mail, and a phone channel — Zalo Official Account's ZNS
template messages, through its documented HTTP API (POST {ZALO_ZNS_URL} with the `access_token` header and a JSON
body `phone`, `template_id`, `template_data`, `tracking_id`; success is `"error": 0`). The phone channel is off
unless NOTIFY_PHONE_BACKEND=zalo_zns and its token and template are configured. An outside channel that fails is
recorded (Delivery) and logged, never raised: the step that caused the message is already committed.

Call it inside the step's transaction: the in-app list, the unread counts and the outside messages (an outbox
row, notices.models.Outgoing) are written with the step, so a committed step always notifies, and a step rolled
back notifies no one. After the commit a task worker sends the outbox row (`send_outgoing`, once: the row is
claimed), trying a failed e-mail or Zalo message again later (RETRY_AFTER) and recording the failure once it gives
up; the periodic `drain_outgoing` sends the rows whose task never came (a server that died right after commit).
"""

import json
import logging
import re
import urllib.error
import urllib.request
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import default_task_backend, task

from organizations.models import Person

from . import push
from .models import Delivery, Notification, Outgoing, Preference, PushSubscription

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Message:
    event: str  # "registration.submitted", "evaluation.decided", "reminder.checkin", …
    title: str  # one line: the in-app list, the e-mail's subject, the Zalo message's title
    body: str = ""  # a few lines for the in-app list and the phone
    url: str = ""  # where to act, relative to the site ("/dang-ky/12/")
    email_text: str = ""  # a richer e-mail of the app's own template (else the generic one)
    email_html: str = ""

    def absolute_url(self) -> str:
        return f"{settings.SITE_URL.rstrip('/')}{self.url}" if self.url else settings.SITE_URL


def phone_for_zalo(raw: str) -> str:
    """A Vietnamese number as ZNS wants it: 84, then the subscriber number ("0912 345 678" → "84912345678")."""
    digits = re.sub(r"\D", "", raw or "")
    if digits.startswith("84"):
        return digits
    if digits.startswith("0"):
        return "84" + digits[1:]
    return digits


class ZaloZns:
    """Zalo Notification Service: a pre-approved template filled with the message (template parameters `tieu_de`,
    `noi_dung`, `duong_dan`)."""

    name = "zalo_zns"

    def __init__(self, url: str, access_token: str, template_id: str, timeout: float = 5.0):
        self.url, self.access_token, self.template_id, self.timeout = url, access_token, template_id, timeout

    def send(self, phone: str, message: Message, tracking_id: str) -> tuple[bool, str]:
        payload = {
            "phone": phone_for_zalo(phone),
            "template_id": self.template_id,
            "template_data": {
                "tieu_de": message.title[:100],
                "noi_dung": (message.body or message.title)[:200],
                "duong_dan": message.absolute_url(),
            },
            "tracking_id": tracking_id,
        }
        request = urllib.request.Request(
            self.url,
            data=json.dumps(payload).encode(),
            headers={"Content-Type": "application/json", "access_token": self.access_token},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 (configured URL)
                answer = json.loads(response.read() or b"{}")
        except (urllib.error.URLError, TimeoutError, ValueError, OSError) as error:
            return False, str(error)[:300]
        if answer.get("error") == 0:
            return True, str((answer.get("data") or {}).get("msg_id", ""))[:300]
        return False, f"{answer.get('error')}: {answer.get('message', '')}"[:300]


def phone_backend():
    if getattr(settings, "NOTIFY_PHONE_BACKEND", "") != "zalo_zns":
        return None
    if not (settings.ZALO_ZNS_ACCESS_TOKEN and settings.ZALO_ZNS_TEMPLATE_ID):
        return None
    return ZaloZns(settings.ZALO_ZNS_URL, settings.ZALO_ZNS_ACCESS_TOKEN, settings.ZALO_ZNS_TEMPLATE_ID)


# Seconds before each new try of a failed outside message: 1 min, 5 min, 30 min; then it is recorded as failed.
RETRY_AFTER = (60, 300, 1800)
# Sends per outbox row: a message to a whole province (10,000 people) is queued as rows of this many, each sent
# by its own task, so the worker delivers it in batches and a retry repeats one batch, not everything.
OUTBOX_BATCH = 500


def _email(address: str, message: Message) -> tuple[bool, str]:
    context = {"message": message, "link": message.absolute_url()}
    try:
        send_mail(
            subject=message.title,
            message=message.email_text or render_to_string("notices/email.txt", context),
            html_message=message.email_html or render_to_string("notices/email.html", context),
            from_email=None,
            recipient_list=[address],
        )
    except Exception as error:  # the step is committed; a mail server failure must not undo or hide it
        logger.warning("Could not send an e-mail (%s): %s", message.event, error)
        return False, str(error)[:300]
    return True, ""


def _deliver(outgoing: Outgoing) -> int:
    """Send each of the row's sends; those that fail are tried again after RETRY_AFTER[attempt - 1] seconds (a new
    row, so that a task's arguments never carry an address: workers log them), then recorded as failed (Delivery).
    Returns how many went."""
    message = Message(**outgoing.message)
    phone = phone_backend()
    failed = []
    for send in outgoing.sends:
        if send["channel"] == "email":
            ok, detail = _email(send["address"], message)
        elif send["channel"] == "webpush":
            ok, detail = push.send(int(send["address"]), message)
        elif phone is not None and send["channel"] == phone.name:
            ok, detail = phone.send(send["address"], message, tracking_id=f"{message.event}:{send['user']}")
            # Every phone message is recorded: the OA's quota is counted in them.
            Delivery.objects.create(
                user_id=send["user"],
                channel=phone.name,
                event=message.event,
                address=send["address"],
                ok=ok,
                detail=detail,
            )
        else:
            ok, detail = False, "channel not configured"
        if not ok:
            failed.append({**send, "detail": detail})
    if failed and outgoing.attempt <= len(RETRY_AFTER):
        later = timezone.now() + timedelta(seconds=RETRY_AFTER[outgoing.attempt - 1])
        retry = Outgoing.objects.create(
            sends=[{key: value for key, value in send.items() if key != "detail"} for send in failed],
            message=outgoing.message,
            attempt=outgoing.attempt + 1,
            send_after=later,
        )
        if default_task_backend.supports_defer:  # else the periodic drain sends it once it is due
            send_outgoing.using(run_after=later).enqueue(retry.pk)
    else:
        for send in failed:
            if send["channel"] == "email":  # a phone message's failure is recorded above already
                Delivery.objects.create(
                    user_id=send["user"],
                    channel="email",
                    event=message.event,
                    address=send["address"],
                    ok=False,
                    detail=send["detail"],
                )
            logger.error("Gave up sending %s to user %s by %s", message.event, send["user"], send["channel"])
    return len(outgoing.sends) - len(failed)


def notify(
    users: Iterable,
    message: Message,
    *,
    also_email: Iterable[str] = (),
    also_phone: Iterable[str] = (),
    phone_on_record: bool = False,
    outside: bool = True,
) -> int:
    """Tell each of `users` (once each): in-app, and by the outside channels they chose (unless `outside` is False:
    news for many people at once, which the reminders carry outside later); `also_email` and `also_phone`: the
    addresses and phone numbers of people without an account. `phone_on_record` (reminders): a user whom no outside
    channel would reach — no e-mail address, no phone chosen — gets the message on the phone on their record, when
    the portal has a phone channel. Returns the number of people told."""
    users = list({user.pk: user for user in users if user is not None and user.is_active}.values())
    Notification.objects.bulk_create(
        [
            Notification(user=user, event=message.event, title=message.title[:300], body=message.body, url=message.url)
            for user in users
        ]
    )
    get_user_model().objects.filter(pk__in=[user.pk for user in users]).update(
        unread_notifications=F("unread_notifications") + 1
    )
    preferences = {p.user_id: p for p in Preference.objects.filter(user__in=users)}
    phones = dict(Person.objects.filter(user__in=users).exclude(phone="").values_list("user_id", "phone"))
    emails = dict(Person.objects.filter(user__in=users).exclude(email="").values_list("user_id", "email"))
    backend = phone_backend()
    sends, sent_to = [], set()
    pushed = {}
    if outside and push.enabled():
        for subscription_id, user_id in PushSubscription.objects.filter(user__in=users).values_list("pk", "user_id"):
            pushed.setdefault(user_id, []).append(subscription_id)
    for user in users if outside else []:
        sends += [{"user": user.pk, "channel": "webpush", "address": str(pk)} for pk in pushed.get(user.pk, [])]
        preference = preferences.get(user.pk) or Preference(user=user)
        address = user.email or emails.get(user.pk, "")
        by_email = preference.by_email and address
        if by_email:
            sends.append({"user": user.pk, "channel": "email", "address": address})
            sent_to.add(address)
        if backend and phones.get(user.pk) and (preference.by_phone or (phone_on_record and not by_email)):
            sends.append({"user": user.pk, "channel": backend.name, "address": phones[user.pk]})
    strangers = sorted(address for address in set(also_email) - sent_to if address)
    sends += [{"user": None, "channel": "email", "address": address} for address in strangers]
    phoned = sorted({phone for phone in also_phone if phone}) if backend else []
    sends += [{"user": None, "channel": backend.name, "address": phone} for phone in phoned]
    if sends:
        kept = {k: str(v) for k, v in asdict(message).items()}
        rows = Outgoing.objects.bulk_create(
            Outgoing(sends=sends[start : start + OUTBOX_BATCH], message=kept)
            for start in range(0, len(sends), OUTBOX_BATCH)
        )
        ids = [row.pk for row in rows]
        transaction.on_commit(lambda: [send_outgoing.enqueue(pk) for pk in ids])
    return len(users) + len(strangers) + len(phoned)


@task()
def send_outgoing(outgoing_id: int) -> int:
    """Send one outbox row, if no one took it yet. Returns how many messages went."""
    if not Outgoing.objects.filter(pk=outgoing_id, taken_at__isnull=True).update(taken_at=timezone.now()):
        return 0
    return _deliver(Outgoing.objects.get(pk=outgoing_id))


def drain_outgoing(now=None) -> int:
    """The outbox rows due for a minute that no task took (their task was lost with its server, or the task queue
    cannot wait until a retry is due): sent now. Rows sent more than a week ago are removed. Returns how many rows
    were sent."""
    now = now or timezone.now()
    Outgoing.objects.filter(taken_at__lt=now - timedelta(days=7)).delete()
    left = list(
        Outgoing.objects.filter(taken_at__isnull=True, send_after__lt=now - timedelta(minutes=1)).values_list(
            "pk", flat=True
        )[:500]
    )
    for pk in left:
        send_outgoing.call(pk)
    return len(left)
