# Two commands: `make run` serves the demo ward, `make test` runs every test.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
MANAGE  := $(BIN)/python manage.py
STAMP   := $(VENV)/.installed
TSTAMP  := $(VENV)/.installed-test
# Where `make run` serves: `make run PORT=8001`, or `HOST=0.0.0.0` for the whole network (then
# list the machine's name or address in HOCVUSO_ALLOWED_HOSTS).
HOST    ?= 127.0.0.1
PORT    ?= 8000

.PHONY: run setup system-deps test test-only typecheck browser-deps lint bench bench-metro messages clean

run: setup
	@echo "Nạp phường mẫu (khoảng 15 giây)…"
	$(MANAGE) load_demo
	$(MANAGE) serve --host $(HOST) --port $(PORT)

# The demo and the tests serve static files from the source folders (WHITENOISE_USE_FINDERS):
# no collectstatic here; deploy/run-profile setup runs it for production.
setup: system-deps $(STAMP)
	@echo "Tạo cơ sở dữ liệu…"
	$(BIN)/pybabel compile -d src/hocvuso/locale -D django >/dev/null
	$(MANAGE) migrate --no-input -v 0

# uv installs the dependencies in about 5 s where pip takes three minutes; pip still does it
# if uv cannot (no uv wheel for this machine, or an index only pip is configured for).
# Compiling the bytecode at install, as pip does, spares each first start a few seconds.
define install
	@($(BIN)/python -m pip install -q --disable-pip-version-check uv && \
	  $(BIN)/uv pip install -q --compile-bytecode --python $(BIN)/python $(1)) || \
	 (echo "Cài bằng pip (vài phút)…" && $(BIN)/pip install -q --disable-pip-version-check $(1))
endef

$(STAMP): pyproject.toml
	@echo "Cài đặt thư viện…"
	$(PY) -m venv $(VENV)
	$(call install,-e .)
	touch $(STAMP)

$(TSTAMP): $(STAMP)
	@echo "Cài đặt thư viện cho kiểm thử…"
	$(call install,-e ".[test]")
	touch $(TSTAMP)

test: setup $(TSTAMP) browser-deps test-only

test-only:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(MANAGE) makemigrations --check --dry-run -v 0
	$(BIN)/mypy
	$(BIN)/pytest

# The type hints, checked by mypy with django-stubs ([tool.mypy] in pyproject.toml).
typecheck: setup $(TSTAMP)
	$(BIN)/mypy

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
