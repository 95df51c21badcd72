"""Role (a grant on a subtree) moves from accounts to organizations, so that scope rules need nothing from
the app above. Only Django's idea of where the model lives changes: the tables keep their names
(accounts_role, accounts_historicalrole) and no row moves. accounts.0004 removes it from the old app."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

ROLE_KINDS = [("manager", "Office (manages the subtree)"), ("reviewer", "Secretary (reviews the subtree)")]


class Migration(migrations.Migration):
    dependencies = [
        ("organizations", "0004_private_random_uploads"),
        ("accounts", "0003_activation_failure"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="HistoricalRole",
                    fields=[
                        ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                        ("kind", models.CharField(choices=ROLE_KINDS, max_length=20, verbose_name="role")),
                        ("created_at", models.DateTimeField(blank=True, editable=False)),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.TextField(null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "unit",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="organizations.unit",
                                verbose_name="unit",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="user",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical role",
                        "verbose_name_plural": "historical roles",
                        "db_table": "accounts_historicalrole",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="Role",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("kind", models.CharField(choices=ROLE_KINDS, max_length=20, verbose_name="role")),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "unit",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="roles",
                                to="organizations.unit",
                                verbose_name="unit",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="roles",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="user",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "role",
                        "verbose_name_plural": "roles",
                        "db_table": "accounts_role",
                        "constraints": [
                            models.UniqueConstraint(fields=("user", "unit", "kind"), name="role_unique_grant")
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
