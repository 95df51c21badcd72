"""The database cache's table (settings.CACHES without REDIS_URL), made by every `migrate`: a new server, the CI and
the deploy check all have it without a separate `createcachetable` step. It does nothing when the cache is Redis."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = []
    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
