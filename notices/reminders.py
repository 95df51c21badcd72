"""Reminders before a window closes — registration, self-assessment, check-in — at 7, 3 and 1 days, each sent once
however often `send_reminders` runs (a claimed key per window, person and threshold).

Each app registers what it reminds of in its AppConfig.ready() (the apps above this one own the windows):

    reminders.register("checkin", checkin_reminders)   # provider(today, thresholds) -> Due items
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import IntegrityError, transaction

from .channels import Message, notify
from .models import SentReminder

THRESHOLDS = (7, 3, 1)


@dataclass(frozen=True)
class Due:
    key: str  # names the window, the person and the threshold: "checkin:12:345:7"
    user: object  # who to remind (None: a person without a login, reached at `also_email` and `also_phone`)
    message: Message
    also_email: tuple[str, ...] = ()
    also_phone: tuple[str, ...] = ()


Provider = Callable[[date, tuple[int, ...]], Iterable[Due]]
_PROVIDERS: dict[str, Provider] = {}


def register(name: str, provider: Provider) -> None:
    _PROVIDERS[name] = provider


def threshold(days_left: int, thresholds: tuple[int, ...] = THRESHOLDS) -> int | None:
    """The reminder a window `days_left` days from closing is due for: the nearest threshold not below it (5 days
    left: the 7-day one, if it has not gone yet); None when it closes later than the widest threshold."""
    fitting = [t for t in sorted(thresholds) if t >= days_left >= 0]
    return fitting[0] if fitting else None


def closing_soon(windows, today: date, thresholds: tuple[int, ...], *, opens: str, closes: str):
    """(window, the threshold due) for each of `windows` (a queryset) open today and closing within the widest
    threshold: what every kind of reminder starts from. `opens` and `closes` name its date fields."""
    found = windows.filter(
        **{f"{opens}__lte": today, f"{closes}__gte": today, f"{closes}__lte": today + timedelta(days=max(thresholds))}
    )
    for window in found:
        yield window, threshold((getattr(window, closes) - today).days, thresholds)


def claim(key: str) -> bool:
    """Claim a reminder before sending it: False when it was sent already (by this run or an earlier one)."""
    try:
        with transaction.atomic():
            SentReminder.objects.create(key=key[:200])
    except IntegrityError:
        return False
    return True


def reach(person) -> dict:
    """How a reminder reaches `person`: their login (and the channels they chose, else their phone on record), or,
    without one, the e-mail address and phone number on their record."""
    if person.user_id:
        return {"user": person.user}
    return {
        "user": None,
        "also_email": (person.email,) if person.email else (),
        "also_phone": (person.phone,) if person.phone else (),
    }


def send_reminders(today: date, thresholds: tuple[int, ...] = THRESHOLDS) -> dict[str, int]:
    """Every provider's due reminders, each claimed then sent: {provider: sent}."""
    sent = {}
    for name, provider in _PROVIDERS.items():
        count = 0
        for due in provider(today, thresholds):
            if claim(due.key):
                notify(
                    [due.user] if due.user else [],
                    due.message,
                    also_email=due.also_email,
                    also_phone=due.also_phone,
                    phone_on_record=True,  # a reminder that reaches no one is no reminder
                )
                count += 1
        sent[name] = count
    return sent
