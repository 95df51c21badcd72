# The two commands of the README: `make run` and `make test`. Only Python 3.11+ and make are needed.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-slow test-all install demo migrate check lint format messages bench concurrency backup clean slow-clients prod-check

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

install: $(VENV)/.installed

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	PORT=$(PORT) $(PY) manage.py load_demo

# The server, one task worker (exports, e-mails) and the scheduler of recurring jobs; Ctrl+C stops all three.
run: demo
	@$(PY) manage.py db_worker --no-startup-delay & worker=$$!; \
	$(PY) manage.py periodic & scheduler=$$!; \
	trap 'kill $$worker $$scheduler 2>/dev/null' EXIT INT TERM; \
	PORT=$(PORT) $(PY) manage.py runserver $(HOST):$(PORT)

# The suite on TEST_WORKERS processes (pytest-xdist; each has its own test database), a module's tests on one worker
# (the demo is loaded once per module that reads it). `make test` leaves out the tests marked slow (a browser, nginx,
# subprocesses: `make test-slow`); `make test-all` runs both, as CI does. TEST_WORKERS=0: one process.
TEST_WORKERS ?= 2
TEST_SELECT ?= not slow
test: install
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadscope --no-loadscope-reorder -m "$(TEST_SELECT)"

test-slow: install
	$(PY) -m pytest -n $(TEST_WORKERS) -m slow

test-all: test test-slow

check: lint
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

# ruff (lint and formatting) and import-linter (the layers), rules in pyproject.toml, as CI runs them;
# `make format` rewrites.
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Re-extract and compile the Vietnamese translations (needs GNU gettext; the .mo files are committed).
messages: install
	$(PY) manage.py makemessages -l vi --no-location --ignore=.venv --ignore=bench
	$(PY) manage.py compilemessages -l vi --ignore=.venv

# 500 cadres send their sheets twice at once and two reviewers confirm each at once, against gunicorn on
# 127.0.0.1; then nothing may be lost, duplicated or skipped. PostgreSQL only.
CONCURRENCY_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/portal_concurrency
concurrency: install
	-createdb -h 127.0.0.1 -U postgres portal_concurrency 2>/dev/null
	DATABASE_URL=$(CONCURRENCY_DATABASE_URL) $(PY) bench/concurrency.py

# Database and uploaded files into var/backups/backup-<time>.tar.gz; restore with
# `.venv/bin/python manage.py restore FILE` (add --force to replace existing data).
backup: install
	$(PY) manage.py backup

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-wal db.sqlite3-shm staticfiles .pytest_cache

# Province-sized benchmark (its own SQLite file var/bench.sqlite3 unless DATABASE_URL is set).
# `make bench SCALE=10`: the province at ×1 and ×10 (600,000 cadres and registrations) in one database —
# PostgreSQL on 127.0.0.1 unless DATABASE_URL says otherwise (created when missing) — and how each figure grows.
SCALE ?= 1
BENCH_SCALE_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/portal_bench_scale
bench: install
ifeq ($(SCALE),1)
	$(PY) bench/run.py
	$(PY) bench/http_pages.py
else
	DATABASE_URL=$${DATABASE_URL:-$(BENCH_SCALE_DATABASE_URL)} $(PY) bench/run.py --scale $(SCALE)
endif

# The production recipe (deploy/: nginx in front of gunicorn) against clients that send one byte every 1.5 s,
# on 127.0.0.1, about 25 s; installs nginx from Debian's packages when missing.
slow-clients: install
	$(PY) bench/slow_clients.py

# The production topology on 127.0.0.1 (deploy/: nginx → two gunicorn app servers, a task worker on Redis, the
# scheduler; PostgreSQL): one app server killed under load, the worker killed mid-export. About 2.5 minutes;
# PostgreSQL on 127.0.0.1:5432 required, Redis used when it answers, nginx installed when missing. CI runs it.
prod-check: install
	$(PY) bench/prod_check.py
