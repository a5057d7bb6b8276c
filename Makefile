# The two commands of the README: `make run` and `make test` (plus `make bench`, `make lint`).
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
TEST_SECRET := test-secret-key-not-for-production

.PHONY: run test lint bench venv

venv: $(INSTALLED)

$(INSTALLED): requirements.txt requirements-dev.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $(INSTALLED)

# Local use on the embedded default (SQLite + ORM broker), web and cluster together.
run: export DEBUG ?= 1
run: export HOST := 127.0.0.1
# honcho kills what is still running 5 s after Ctrl-C: the cluster must stop before that.
run: export JOB_WATCHDOG_STOP_GRACE_SECONDS ?= 4
run: $(INSTALLED)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py ensure_admin
	$(PY) manage.py load_sample
	@echo "==> http://127.0.0.1:8000/  (admin login and API token: var/admin-login.txt)"
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(VENV)/bin/honcho start --port 8000 web worker

lint: $(INSTALLED)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

# Uses PostgreSQL / Redis when DATABASE_URL / REDIS_URL are set, SQLite + ORM otherwise.
test: export SECRET_KEY ?= $(TEST_SECRET)
test: lint
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest

# The production configuration: the local PostgreSQL and Redis (scripts use scratch
# databases `bench_*` and Redis db 11, never the data of a running service).
bench: export SECRET_KEY ?= $(TEST_SECRET)
bench: export DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/postgres
bench: export REDIS_URL ?= redis://127.0.0.1:6379/0
bench: $(INSTALLED)
	$(PY) bench/run_all.py
