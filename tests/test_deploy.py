"""The documented production setup (deploy/: nginx in front of gunicorn) against slow clients, on 127.0.0.1.

Three clients sending a body one byte at a time froze gunicorn's sync workers. The
check starts gunicorn and nginx from deploy/, shows the freeze without nginx, and requires that behind
nginx every health probe is answered within a second while twelve slow clients send. Bounded: ~25 s.
"""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = [pytest.mark.slow, pytest.mark.deploy, pytest.mark.starts_first]  # ~35 s: first on a worker


def test_slow_clients_do_not_freeze_the_site_behind_nginx():
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "slow_clients.py")], cwd=ROOT, capture_output=True, text=True, timeout=240
    )
    print(result.stdout)
    if result.returncode == 2:
        pytest.skip("nginx is not installed and could not be installed here")
    assert result.returncode == 0, result.stdout + result.stderr[-2000:]
    assert "0 of" in result.stdout.split("behind nginx")[1]
