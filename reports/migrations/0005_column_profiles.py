import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Import profiles become column profiles: the same named sets of columns now also say which columns the
    members' results are written in."""

    dependencies = [("reports", "0004_import_status_matching")]

    operations = [
        migrations.RenameModel("ImportProfile", "ColumnProfile"),
        migrations.AlterModelOptions(
            name="columnprofile",
            options={"ordering": ["name"], "verbose_name": "column profile", "verbose_name_plural": "column profiles"},
        ),
        migrations.AddField(
            model_name="exportjob",
            name="profile",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="reports.columnprofile",
                verbose_name="columns",
            ),
        ),
        migrations.AlterField(
            model_name="columnprofile",
            name="kind",
            field=models.CharField(
                choices=[
                    ("units", "Units (import)"),
                    ("people", "People and positions (import)"),
                    ("results", "Members' results (export)"),
                ],
                max_length=10,
                verbose_name="what the file holds",
            ),
        ),
        migrations.AlterField(
            model_name="columnprofile",
            name="mapping",
            field=models.JSONField(default=dict, verbose_name="columns"),
        ),
    ]
