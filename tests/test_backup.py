"""Backup and restore into an empty database: every record and every uploaded file comes back."""

import io
import shutil

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError

from organizations.models import Person, Position, Unit
from registrations.models import Registration

from .conftest import filled
from .test_photos import jpeg_with_gps


@pytest.fixture
def media(settings, tmp_path):
    """The private root, where people's photos are stored (the public one holds only story variants)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = settings.SENDFILE_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


def test_backup_then_restore_into_an_empty_database(transactional_db, world, campaign, media, tmp_path):
    filled(world, campaign)
    world.b2_person.photo.save("bich.jpg", ContentFile(jpeg_with_gps()))
    photo_name = world.b2_person.photo.name
    before = {
        "units": sorted(Unit.objects.values_list("code", "path", "is_active")),
        "people": sorted(Person.objects.values_list("member_number", "full_name", "home_unit__code", "photo")),
        "positions": Position.objects.count(),
        "registrations": sorted(Registration.objects.values_list("person__member_number", "status", "version")),
        "history": Person.history.count(),
    }
    out = io.StringIO()
    call_command("backup", "-o", str(tmp_path / "backups"), stdout=out)
    archive = out.getvalue().split(": ", 1)[1].strip()

    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(media)
    assert not Unit.objects.exists() and not media.exists()

    call_command("restore", archive, stdout=out)
    assert "Đã khôi phục và kiểm tra" in out.getvalue()
    after = {
        "units": sorted(Unit.objects.values_list("code", "path", "is_active")),
        "people": sorted(Person.objects.values_list("member_number", "full_name", "home_unit__code", "photo")),
        "positions": Position.objects.count(),
        "registrations": sorted(Registration.objects.values_list("person__member_number", "status", "version")),
        "history": Person.history.count(),
    }
    assert after == before
    assert (media / photo_name).read_bytes() == Person.objects.get(pk=world.b2_person.pk).photo.read()


def test_restore_refuses_to_overwrite_data_without_force(transactional_db, world, media, tmp_path):
    out = io.StringIO()
    call_command("backup", "-o", str(tmp_path), stdout=out)
    archive = out.getvalue().split(": ", 1)[1].strip()
    with pytest.raises(CommandError, match="--force"):
        call_command("restore", archive, stdout=out)
    with pytest.raises(CommandError, match="Không có tệp"):
        call_command("restore", str(tmp_path / "none.tar.gz"), stdout=out)


def test_restore_into_a_database_never_migrated_and_backup_into_backup_dir(transactional_db, world, media, tmp_path):
    """A new server: restore straight into an empty database (it crashed before `migrate`), then the nightly
    backup lands in BACKUP_DIR (the command ignored it)."""
    import os
    import subprocess
    import sys
    import uuid
    from pathlib import Path

    from django.db import connection

    root = Path(__file__).resolve().parent.parent
    out = io.StringIO()
    call_command("backup", "-o", str(tmp_path / "made"), stdout=out)
    archive = out.getvalue().split(": ", 1)[1].strip()
    if connection.vendor == "sqlite":
        url, drop = f"sqlite:///{tmp_path / 'new.sqlite3'}", None
    else:
        name = f"portal_restore_{uuid.uuid4().hex[:8]}"
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        where = connection.settings_dict
        url = f"postgres://{where['USER']}@{where['HOST'] or '127.0.0.1'}:{where['PORT'] or 5432}/{name}"
        drop = name
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "BACKUP_DIR": str(tmp_path / "nightly"),
        "MEDIA_ROOT": str(tmp_path / "new-media"),
        "PRIVATE_MEDIA_ROOT": str(tmp_path / "new-private"),
    }
    try:
        restored = subprocess.run(
            [sys.executable, "manage.py", "restore", archive], cwd=root, env=env, capture_output=True, text=True
        )
        assert restored.returncode == 0, restored.stderr[-2000:]
        assert "Đã khôi phục và kiểm tra" in restored.stdout or "Restored and checked" in restored.stdout
        nightly = subprocess.run(
            [sys.executable, "manage.py", "backup"], cwd=root, env=env, capture_output=True, text=True
        )
        assert nightly.returncode == 0, nightly.stderr[-2000:]
        assert [p.suffixes[-2:] for p in (tmp_path / "nightly").iterdir()] == [[".tar", ".gz"]]
    finally:
        if drop:
            with connection.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{drop}"')
