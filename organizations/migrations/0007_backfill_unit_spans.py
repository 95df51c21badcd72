"""One span per existing unit, from the tree as it stands: no recorded start (the unit predates the records);
a dissolved unit's span ends on its dissolution date (today when none was recorded), with a "dissolved"
event."""

from datetime import date

from django.db import migrations


def backfill(apps, schema_editor):
    Unit = apps.get_model("organizations", "Unit")
    UnitSpan = apps.get_model("organizations", "UnitSpan")
    LineageEvent = apps.get_model("organizations", "LineageEvent")
    units = list(
        Unit.objects.order_by("path").values("pk", "path", "name", "kind", "sector", "is_active", "dissolved_on")
    )
    pk_of = {unit["path"]: unit["pk"] for unit in units}
    spans, events = [], []
    today = date.today()
    for unit in units:
        if not unit["is_active"] and not unit["dissolved_on"]:
            unit["dissolved_on"] = today  # closed without a recorded date: closed as of the records' start
        parent = pk_of.get(unit["path"][:-4]) if len(unit["path"]) > 4 else None
        spans.append(
            UnitSpan(
                unit_id=unit["pk"],
                parent_id=parent,
                name=unit["name"],
                kind=unit["kind"],
                sector=unit["sector"],
                valid_to=unit["dissolved_on"],
            )
        )
        if unit["dissolved_on"]:
            events.append(LineageEvent(unit_id=unit["pk"], kind="dissolved", effective_on=unit["dissolved_on"]))
    UnitSpan.objects.bulk_create(spans, batch_size=1000)
    LineageEvent.objects.bulk_create(events, batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("organizations", "0006_unit_spans")]
    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
