"""An import killed in the middle (power cut, OOM killer, kill -9) leaves nothing behind.

A separate Python process on a file database runs the real `import_xlsx` command and kills
itself with SIGKILL after the people rows were inserted and before the positions: no commit,
no rollback, no cleanup code. The database, opened afterwards, holds none of the rows.
"""

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from .test_imports import people_rows, xlsx

ROOT = Path(__file__).resolve().parent.parent

SCRIPT = textwrap.dedent("""
    import os, signal, sys
    import django
    django.setup()
    from django.core.management import call_command
    from accounts.models import User
    from organizations.models import Unit
    from organizations import services  # where the import's rows are written

    call_command("migrate", verbosity=0)
    User.objects.create_superuser("root", password="x")
    root = Unit.objects.add_root(instance=Unit(code="TN", name="Tỉnh đoàn Thử nghiệm", kind="province"))
    Unit.objects.add_child(root, instance=Unit(code="TN-D1-G1-B2", name="Chi đoàn ấp 2", kind="branch"))
    print("ready", flush=True)
    if sys.argv[2] == "kill":
        real = services.bulk_create_with_history

        def bulk_create_then_die(objs, model, *args, **kwargs):
            if model.__name__ == "Position":  # the people are in, the positions not yet: die here
                from organizations.models import Person
                print("people written:", Person.objects.count(), flush=True)
                os.kill(os.getpid(), signal.SIGKILL)
            return real(objs, model, *args, **kwargs)

        services.bulk_create_with_history = bulk_create_then_die
    call_command("import_xlsx", sys.argv[1], kind="people")
""")


def run(tmp_path, mode):
    database = tmp_path / f"{mode}.sqlite3"
    header = imports_columns()
    upload = tmp_path / "nhan-su.xlsx"
    upload.write_bytes(xlsx(header, people_rows(300, unit="TN-D1-G1-B2")))
    env = {
        **os.environ,
        "SQLITE_PATH": str(database),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "DJANGO_SETTINGS_MODULE": "campaign_portal.settings",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(upload), mode],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    with sqlite3.connect(database) as connection:  # opening it recovers from the dead process's journal
        counts = [
            connection.execute(f"select count(*) from {table}").fetchone()[0]
            for table in ("organizations_person", "organizations_position", "organizations_historicalperson")
        ]
    return done, counts


def imports_columns():
    from organizations import importers as imports

    return imports.columns("people")


@pytest.mark.slow
@pytest.mark.starts_first  # ~25 s: first on a worker, not left to the end
@pytest.mark.django_db
def test_an_import_killed_midway_leaves_nothing_behind(tmp_path):
    killed, counts = run(tmp_path, "kill")
    assert "ready" in killed.stdout and "people written: 300" in killed.stdout  # inside the transaction
    assert killed.returncode == -signal.SIGKILL, killed.stderr[-2000:]
    assert counts == [0, 0, 0]
    # The same file, not killed, imports every row: the kill, not the file, is why nothing is there.
    finished, counts = run(tmp_path, "finish")
    assert finished.returncode == 0, finished.stderr[-2000:]
    assert counts[0] == 300 and counts[2] == 300
