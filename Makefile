# Two commands on a fresh machine: `make run` and `make test`.
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501
PYTHON ?= python3

.PHONY: setup setup-dev run demo run-demo test lint icu chromium nginx libreoffice postgres bench loadtest

$(VENV)/.runtime: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt | icu
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@

setup: $(VENV)/.runtime

setup-dev: $(VENV)/.dev

run: setup
	$(PY) -m cdht init
	$(VENV)/bin/streamlit run server.py --server.port $(PORT) --server.headless true

demo: setup
	$(PY) -m cdht demo

run-demo: demo
	CDHT_DATABASE_URL=sqlite:///$(CURDIR)/data/demo.db $(MAKE) run

# ICU's headers and a C++ compiler: requirements-dev.txt builds PyICU, the collation tests' oracle.
icu:
	@if ! pkg-config --exists icu-i18n 2>/dev/null || ! command -v g++ >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q libicu-dev pkg-config g++; \
	  else \
	    echo "ICU's headers are missing: run 'sudo apt-get install -y libicu-dev pkg-config g++' (Debian) first" >&2; exit 1; \
	  fi; \
	fi

# Debian's Chromium for the browser journeys; installed when missing and running as root.
chromium:
	@if ! command -v chromium >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; \
	  else \
	    echo "chromium is missing: run 'sudo apt-get install -y chromium' (Debian) first" >&2; exit 1; \
	  fi; \
	fi

# nginx (and openssl for its test certificate): the suite runs deploy/nginx.conf as written.
nginx:
	@if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ] || ! command -v openssl >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q nginx openssl; \
	  else \
	    echo "nginx is missing: run 'sudo apt-get install -y nginx openssl' (Debian) first" >&2; exit 1; \
	  fi; \
	fi

# LibreOffice's headless parts and poppler's tools: the suite prints every list and document to PDF
# the way an office without a Microsoft licence does, and reads the pages back.
libreoffice:
	@if ! command -v soffice >/dev/null 2>&1 || ! command -v pdftotext >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
	      libreoffice-calc-nogui libreoffice-writer-nogui poppler-utils fonts-liberation2; \
	  else \
	    echo "LibreOffice is missing: run 'sudo apt-get install -y libreoffice-calc-nogui libreoffice-writer-nogui poppler-utils fonts-liberation2' (Debian) first" >&2; exit 1; \
	  fi; \
	fi

lint: setup-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# PostgreSQL for the suite: a local server started as root, unless CDHT_TEST_POSTGRES_URL names one.
postgres:
	bash scripts/ensure-postgres.sh

test: setup-dev chromium nginx libreoffice lint postgres
	$(PY) -m pytest

# Speed and memory, each figure beside a raw baseline measured in the same process.
bench: setup-dev chromium postgres
	$(PY) -m benchmarks.bench_db
	$(PY) -m benchmarks.bench_lists
	$(PY) -m benchmarks.bench_hashing
	$(PY) -m benchmarks.bench_browser
	$(PY) -m benchmarks.bench_first_load
	$(PY) -m benchmarks.load.per_click
	$(PY) -m benchmarks.load.per_session
	$(PY) -m benchmarks.load.repeat_click step
	$(PY) -m benchmarks.load.repeat_click menu

# The deadline rush without browsers: USERS citizens (Locust, Streamlit's websocket protocol)
# on CDHT, then on a bare Streamlit floor page; report in test-artifacts/load/ (docs/PERFORMANCE.md).
# TARGET=https://… drives a running CDHT instead (with TARGET_PIDS=12,34, its server processes, and
# DATABASE_URL, the empty database it uses). GUARDED=1 adds the guarded floor: the floor page with
# an Argon2id login, a session row checked on each click and a draft saved on each answer.
USERS ?= 10
RAMP ?= 5
DURATION ?= 60s
THINK ?= 2-5
loadtest: setup-dev
	$(PY) -m benchmarks.load.run --users $(USERS) --ramp $(RAMP) --duration $(DURATION) --think $(THINK) \
	  $(if $(TARGET),--target $(TARGET) --pids $(TARGET_PIDS) --database-url $(DATABASE_URL)) \
	  $(if $(GUARDED),--guarded)
