# Two commands: `make run` serves the demo ward, `make test` runs every test.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
MANAGE  := $(BIN)/python manage.py
STAMP   := $(VENV)/.installed
TSTAMP  := $(VENV)/.installed-test

.PHONY: run setup system-deps test test-only browser-deps lint bench bench-metro messages clean

run: setup
	$(MANAGE) load_demo
	$(MANAGE) serve --host 127.0.0.1 --port 8000

setup: system-deps $(STAMP)
	$(BIN)/pybabel compile -d src/hocvuso/locale -D django >/dev/null
	$(MANAGE) migrate --no-input -v 0
	$(MANAGE) collectstatic --no-input -v 0

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q -e .
	touch $(STAMP)

$(TSTAMP): $(STAMP)
	$(BIN)/pip install -q -e ".[test]"
	touch $(TSTAMP)

test: setup $(TSTAMP) browser-deps test-only

test-only:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(MANAGE) makemigrations --check --dry-run -v 0
	$(BIN)/pytest

# WeasyPrint draws PDFs with Pango, and certificates need a font with Vietnamese letters.
system-deps:
	@(ldconfig -p | grep -q libpangoft2-1.0 && fc-list | grep -qi dejavu) || \
	  (apt-get update -q && apt-get install -y -q libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core)

browser-deps:
	@command -v chromium >/dev/null || (apt-get update -q && apt-get install -y -q chromium)
	@command -v xgettext >/dev/null || (apt-get update -q && apt-get install -y -q gettext)

bench: setup $(TSTAMP) browser-deps bench/node_modules/.installed
	$(BIN)/python bench/run.py

# The demo ward's pages in a metropolis of 14 million (168 wards) on a PostgreSQL 15 of its
# own, against the ward alone; generated once into var/bench/ (about half an hour), then reused.
# Smaller: make bench-metro METRO_ARGS="--wards 168 --residents-per-ward 5000"
bench-metro: setup $(TSTAMP)
	$(BIN)/python bench/registry_metro.py $(METRO_ARGS)

# Lighthouse, pinned in bench/package-lock.json; it drives Debian's chromium.
bench/node_modules/.installed: bench/package-lock.json
	cd bench && npm ci --no-audit --no-fund
	touch $@

messages: setup $(TSTAMP) browser-deps
	cd src/hocvuso && ../../$(BIN)/django-admin makemessages -l vi -l en --no-obsolete --no-location

lint:
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) var
