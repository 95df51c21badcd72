"""The collectives' scale (Vững mạnh – Khá – Trung bình – Yếu, scored in points) for the units' year-end rating."""

from django.db import migrations


def add_schemes(apps, schema_editor):
    from evaluations.schemes import ensure_default_schemes

    ensure_default_schemes(apps.get_model("evaluations", "RatingScheme"), apps.get_model("evaluations", "RatingLevel"))


class Migration(migrations.Migration):
    dependencies = [("evaluations", "0005_evaluation_resubmit_by")]

    operations = [migrations.RunPython(add_schemes, migrations.RunPython.noop)]
