# The two commands of the README: `make run` and `make test` (plus `make bench`, `make lint`,
# and `make lock` after a change to requirements*.txt).
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
TEST_SECRET := test-secret-key-not-for-production

.PHONY: run test lint bench venv lock

venv: $(INSTALLED)

# Installs the lock (every package, direct or not, at one version with its hashes), so
# each machine gets the same tree and a tampered download is refused.
$(INSTALLED): requirements-dev.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-dev.lock
	@touch $(INSTALLED)

# Re-resolves requirements.txt -> requirements.lock (what production installs) and
# requirements-dev.txt -> requirements-dev.lock (the same runtime versions, plus the tools).
# Keeps every pin a change does not force; LOCK_ARGS=--upgrade moves everything to the
# newest allowed. pip-tools runs from its own venv so it never changes the project's.
PIP_TOOLS := var/pip-tools
LOCK_ARGS ?=
LOCK_FLAGS := --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url \
	--no-emit-find-links $(LOCK_ARGS)
lock:
	@test -x $(PIP_TOOLS)/bin/pip-compile || ($(PYTHON) -m venv $(PIP_TOOLS) \
		&& $(PIP_TOOLS)/bin/pip install --quiet pip-tools==7.6.2)
	CUSTOM_COMPILE_COMMAND="make lock" $(PIP_TOOLS)/bin/pip-compile $(LOCK_FLAGS) \
		--output-file requirements.lock requirements.txt
	CUSTOM_COMPILE_COMMAND="make lock" $(PIP_TOOLS)/bin/pip-compile $(LOCK_FLAGS) \
		--constraint requirements.lock --output-file requirements-dev.lock requirements-dev.txt

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
