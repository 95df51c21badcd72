from django.db import migrations


def create(apps, schema_editor):
    from evaluations.schemes import ensure_default_schemes

    ensure_default_schemes(apps.get_model("evaluations", "RatingScheme"), apps.get_model("evaluations", "RatingLevel"))


class Migration(migrations.Migration):
    dependencies = [("evaluations", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
