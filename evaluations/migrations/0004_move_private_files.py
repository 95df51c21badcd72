"""Files uploaded before private storage existed sat under MEDIA_ROOT (public): move them to
PRIVATE_MEDIA_ROOT, and drop story variants of stories that are not shown publicly."""

from django.db import migrations


def move_private_files(apps, schema_editor):
    from common.storage import move_private_files_out_of_public

    move_private_files_out_of_public(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("evaluations", "0003_private_random_uploads"),
        ("organizations", "0004_private_random_uploads"),
        ("campaigns", "0002_private_random_uploads"),
    ]

    operations = [migrations.RunPython(move_private_files, migrations.RunPython.noop)]
