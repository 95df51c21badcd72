"""Memberships for the people already in the portal, read from their own history.

Each person's history rows say which home unit they had from when. A change that a merger or a split made counts
from that event's effective day (a 2025 merger recorded in December still moved the members on 01/07/2025); any
other change counts from the day it was recorded. The first unit a person had is "on record", with no start: a
member before the portal kept dates. Nobody is dropped: a person without history rows gets one open membership in
their home unit.
"""

from collections import defaultdict

from django.db import migrations

BATCH = 2000


def _effective_days(LineageEvent):
    """(from unit, to unit) -> the day a merger or a split moved people between them."""
    days = {}
    for unit_id, kind, other_id, on in LineageEvent.objects.filter(kind__in=["merged", "split"]).values_list(
        "unit_id", "kind", "other_id", "effective_on"
    ):
        if other_id is None:
            continue
        if kind == "merged":  # unit merged into other: its members went unit -> other
            days[(unit_id, other_id)] = on
        else:  # unit split off other: members went other -> unit
            days[(other_id, unit_id)] = on
    return days


def forwards(apps, schema_editor):
    Person = apps.get_model("organizations", "Person")
    HistoricalPerson = apps.get_model("organizations", "HistoricalPerson")
    LineageEvent = apps.get_model("organizations", "LineageEvent")
    Membership = apps.get_model("organizations", "Membership")
    carried_on = _effective_days(LineageEvent)
    changes = defaultdict(list)
    rows = HistoricalPerson.objects.order_by("id", "history_date", "history_id").values_list(
        "id", "home_unit_id", "history_date"
    )
    for person_id, unit_id, when in rows.iterator(chunk_size=BATCH):
        seen = changes[person_id]
        if unit_id and (not seen or seen[-1][0] != unit_id):
            seen.append((unit_id, when.date()))
    made = []
    for person_id, home_unit_id in Person.objects.values_list("id", "home_unit_id").iterator(chunk_size=BATCH):
        steps = changes.get(person_id) or [(home_unit_id, None)]
        if steps[-1][0] != home_unit_id:  # changed without a history row (an update() somewhere): now is now
            steps.append((home_unit_id, None))
        open_row = Membership(person_id=person_id, unit_id=steps[0][0], started_on=None, start="on_record")
        for (before, _at), (after, at) in zip(steps, steps[1:], strict=False):
            day = carried_on.get((before, after)) or at
            carried = (before, after) in carried_on
            if day is None or (open_row.started_on and day <= open_row.started_on):
                open_row.unit_id = after  # no day to tell them apart: the later unit, from the same start
                continue
            open_row.ended_on, open_row.end, open_row.other_unit_id = (
                day,
                "carried" if carried else "transferred_out",
                after,
            )
            made.append(open_row)
            open_row = Membership(
                person_id=person_id,
                unit_id=after,
                started_on=day,
                start="carried" if carried else "transferred_in",
                other_unit_id=before,
            )
        made.append(open_row)
        if len(made) >= BATCH:
            Membership.objects.bulk_create(made)
            made = []
    Membership.objects.bulk_create(made)


def backwards(apps, schema_editor):
    apps.get_model("organizations", "Membership").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("organizations", "0010_membership")]

    operations = [migrations.RunPython(forwards, backwards)]
