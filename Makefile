# Dialog — the two commands a newcomer needs are `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.13 || command -v python3.12 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: run test lint typecheck check install messages compose-config bench clean backup restore

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else "Dialog needs Python 3.12 or newer; found " + sys.version.split()[0])'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@rm -f $(VENV)/.installed-*
	@touch $@

install: $(STAMP)

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

compose-config:
	docker-compose -f docker-compose.yml config --quiet

bench: install
	$(BIN)/python -m portal.bench

clean:
	rm -rf var/ .pytest_cache .mypy_cache .ruff_cache
