"""Role now lives in organizations (organizations.0005); here it leaves the accounts app's state only.
The content types follow, so the admin's change history and any permissions stay attached."""

from django.db import migrations


def move_content_types(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    for model in ("role", "historicalrole"):
        if not content_type.objects.filter(app_label="organizations", model=model).exists():
            content_type.objects.filter(app_label="accounts", model=model).update(app_label="organizations")


def move_content_types_back(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    for model in ("role", "historicalrole"):
        if not content_type.objects.filter(app_label="accounts", model=model).exists():
            content_type.objects.filter(app_label="organizations", model=model).update(app_label="accounts")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_activation_failure"),
        ("organizations", "0005_move_role"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(move_content_types, move_content_types_back),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="HistoricalRole"),
                migrations.DeleteModel(name="Role"),
            ],
            database_operations=[],
        ),
    ]
