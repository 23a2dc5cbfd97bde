# Dialog — the two commands a newcomer needs are `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.13 || command -v python3.12 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
LOCK := requirements.lock
DEV_LOCK := requirements-dev.lock
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml $(DEV_LOCK) 2>/dev/null | cksum | cut -d' ' -f1)
# `make lock`: pip-compile both locks from pyproject.toml, every package with its hashes. It keeps
# the pins already in the locks where they still fit (same input, same output); delete a lock
# to re-resolve it from scratch.
PIP_COMPILE := CUSTOM_COMPILE_COMMAND="make lock" $(BIN)/pip-compile --quiet --generate-hashes \
	--allow-unsafe --all-build-deps --strip-extras --no-emit-index-url --no-emit-find-links --newline=lf

.PHONY: run test lint typecheck check install messages compose-config bench clean schemathesis backup restore lock lock-check audit loadtest

# Installs exactly what the dev lock says (hashes checked), then the portal itself without
# resolving anything.
$(STAMP): pyproject.toml $(DEV_LOCK)
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else "Dialog needs Python 3.12 or newer; found " + sys.version.split()[0])'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r $(DEV_LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@rm -f $(VENV)/.installed-*
	@touch $@

install: $(STAMP)

# pip-tools alone (pinned in pyproject.toml), so `make lock` works even when a lock is missing
# or was left mid-merge.
$(BIN)/pip-compile:
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet "$$(grep -o 'pip-tools==[^"]*' pyproject.toml)"

## lock: regenerate requirements.lock and requirements-dev.lock from pyproject.toml
lock: $(BIN)/pip-compile
	$(PIP_COMPILE) --output-file $(LOCK) pyproject.toml
	$(PIP_COMPILE) --extra dev --output-file $(DEV_LOCK) pyproject.toml
	@rm -rf dialog.egg-info

## lock-check: fail when pyproject.toml and the locks disagree (no network)
lock-check: install
	$(BIN)/python -m portal.lockfile

## audit: known vulnerabilities in every locked package (PyPI's advisory data; --strict: a
## package it could not look up is a failure, not a silent pass)
audit: install
	$(BIN)/pip-audit --strict --disable-pip --require-hashes -r $(LOCK) -r $(DEV_LOCK) --progress-spinner off

# Translation catalogues are compiled at install time (the .mo files are not committed).
messages: install
	@$(BIN)/python manage.py compile_translations

## run: the portal with demo data on embedded defaults (SQLite, filesystem broker) at :8000
run: messages
	$(BIN)/python -m portal.runlocal

## test: the whole suite (PostgreSQL/Redis when DATABASE_URL/REDIS_URL are set)
test: messages
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: install
	$(BIN)/mypy .

check: lint typecheck test

## backup: pg_dump (custom format) + uploaded files + manifest into backups/<UTC time>/ (or BACKUP_DIR)
backup: install
	$(BIN)/python manage.py backup --out "$(or $(BACKUP_DIR),backups/$(shell date -u +%Y%m%dT%H%M%SZ))"

## restore: make restore BACKUP=backups/<dir>, into the empty database DATABASE_URL names
restore: install
	@test -n "$(BACKUP)" || { echo "usage: make restore BACKUP=backups/<dir> (DATABASE_URL: an empty database)" >&2; exit 2; }
	$(BIN)/python manage.py restore "$(BACKUP)"

## loadtest: locust on loopback against gunicorn + Celery + PostgreSQL + Redis, then checks that
## nothing was lost or doubled (LOADTEST_USERS, LOADTEST_TIME, …: see loadtest/run.py)
loadtest: messages
	$(BIN)/python -m loadtest.run

compose-config:
	docker-compose -f docker-compose.yml config --quiet

## bench: the performance suite against PostgreSQL, Redis and gunicorn, each figure next to its
## lower bound from the same run; one table, figures in bench/results/ (issue 13).
## SIZES="100000 1000000" adds the million-appeal run; BENCH_SECONDS: wrk load per figure.
SIZES ?= 100000
BENCH_SECONDS ?= 10
bench: messages
	@command -v wrk >/dev/null || { echo "make bench needs wrk: apt-get install -y wrk (or brew install wrk)" >&2; exit 2; }
	$(BIN)/python -m bench --sizes $(SIZES) --duration $(BENCH_SECONDS)

clean:
	rm -rf var/ .pytest_cache .mypy_cache .ruff_cache

## schemathesis: fuzz the live API against its OpenAPI schema as a citizen and an official
schemathesis: messages
	$(BIN)/python -m portal.fuzz
