"""The apps form a line (pyproject.toml, [tool.importlinter]): each imports only those below it.

    common <- organizations <- (accounts | notices | campaigns) <- registrations <- checkins <- evaluations
           <- reports <- unitratings <- demo <- campaign_portal     ("a | b": neither imports the other)

A page that shows the data of several apps is composed from above (common.panels); the demo data
lives in its own app at the top. lint-imports fails this test on the first import that points up.
"""

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.database_independent  # what it checks is the same on SQLite and PostgreSQL

ROOT = Path(__file__).resolve().parent.parent


def test_the_apps_import_only_the_layers_below_them():
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "1 kept, 0 broken" in result.stdout
