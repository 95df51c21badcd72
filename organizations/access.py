"""The record of who opened or exported whose personal data (organizations.models.AccessRecord).

    access.record(request.user, AccessKind.VIEW, request.path, people=[person.pk])
    access.record(job.requested_by, AccessKind.EXPORT, title, unit=job.root, count=rows)

Two queries a call whatever the number of people (the record, then its people in one insert); a person reading
their own record is not recorded. Records older than ACCESS_LOG_KEEP_DAYS are removed by a recurring job."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import AccessKind, AccessRecord, Person, Unit
from .scope import person_of


def record(by, kind: str, where: str, *, people=(), unit: Unit | None = None, count: int | None = None) -> None:
    token_id = getattr(by, "token_id", None)
    user = by if getattr(by, "is_authenticated", False) and token_id is None else None
    ids = set(people)
    own = person_of(user) if user is not None and ids else None  # kept on the user for the request (scope)
    if own is not None:
        ids.discard(own.pk)  # one's own record is not logged
    if not ids and unit is None:
        return
    with transaction.atomic(savepoint=False):  # one commit for the record and its people (one write a read)
        entry = AccessRecord.objects.create(
            user=user,
            client=str(by) if token_id is not None else "",
            kind=kind,
            where=where[:300],
            unit=unit,
            count=len(ids) if count is None else count,
        )
        if ids:
            through = AccessRecord.people.through
            through.objects.bulk_create([through(accessrecord_id=entry.pk, person_id=pk) for pk in ids])


def of_person(person: Person):
    """What the log holds about one person: their record opened or read, and the exports of a subtree that held
    their unit (newest first)."""
    above = Unit.path_and_above(person.home_unit.path)
    return (
        AccessRecord.objects.filter(Q(people=person) | Q(kind=AccessKind.EXPORT, unit__path__in=above))
        .select_related("user", "unit")
        .distinct()
    )


def remove_old(now=None) -> int:
    cutoff = (now or timezone.now()) - timedelta(days=settings.ACCESS_LOG_KEEP_DAYS)
    _total, by_model = AccessRecord.objects.filter(at__lt=cutoff).delete()
    return by_model.get(AccessRecord._meta.label, 0)
