# Warmline developer and CI entry points. On a fresh machine:
#   make demo   - create .venv, install, index the demo shop, serve http://127.0.0.1:8000 (offline)
#   make test   - create .venv, install, install the Debian packages the tests need, run pytest
# Run `make help` for the rest.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
EXTRAS ?= dev,slack,telegram,llm,postgres,redis,email
BOT ?= bots/demo-shop.yaml
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
# `make test` runs the suite on one pytest worker per core (pytest-xdist), a test file at a time per worker
# (module fixtures are built once); PYTEST_WORKERS=0 runs it in this process, one test after another.
PYTEST_WORKERS ?= auto
# The quick, data-set-free benchmarks; the quality ones (bench/knowledge_*.py) need ../shared/datasets
# and take minutes each: run them by name (see bench/README.md).
BENCH_SCRIPTS ?= bench/latency.py bench/pipeline_stages.py
BENCH_ARGS ?=
# Re-run `pip install` only when pyproject.toml is newer than this file.
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help venv system-deps demo test test-odd-hours lint bench clean

help:
	@echo "make demo         index $(BOT) and serve the web chat and staff inbox on http://$(HOST):$(PORT)"
	@echo "make test         run the whole test suite (installs Debian test packages when missing)"
	@echo "make test-odd-hours  the time-sensitive tests at Saturday 20:00 and Sunday 23:30 (Amsterdam), clock moved by faketime"
	@echo "make lint         ruff check + mypy"
	@echo "make bench        run $(BENCH_SCRIPTS) (one: make bench BENCH_SCRIPTS=bench/latency.py BENCH_ARGS='--requests 100')"
	@echo "make venv         create $(VENV) and install warmline[$(EXTRAS)] (editable)"
	@echo "make system-deps  install the Debian packages the tests need (chromium)"
	@echo "make clean        remove $(VENV), caches and build output (keeps your data dir)"
	@echo "Variables: PYTHON=$(PYTHON) BOT=$(BOT) HOST=$(HOST) PORT=$(PORT) PYTEST_ARGS=..."

venv: $(STAMP)

# Debian's python3 has no ensurepip (so no venv) without the pythonX.Y-venv package: install it
# first rather than leaving a half-made venv behind.
$(BIN)/python:
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Warmline needs Python 3.11 or newer, not " + sys.version.split()[0]'
	@$(PYTHON) -c 'import ensurepip' 2>/dev/null \
		|| bash .ci/install-system-deps "$$($(PYTHON) -c 'import sys; print("python%d.%d-venv" % sys.version_info[:2])')"
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); exit 1; }

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --progress-bar off -e '.[$(EXTRAS)]'
	@touch $@

system-deps:
	@bash .ci/install-system-deps

demo: venv
	$(BIN)/warmline ingest --bot $(BOT)
	$(BIN)/warmline orders demo --bot $(BOT)
	$(BIN)/warmline serve --bot $(BOT) --host $(HOST) --port $(PORT)

test: venv system-deps
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

# The time-sensitive tests (browser, engine, handoff, clock, out-of-hours) with the machine's clock moved to a
# Saturday evening and a Sunday night: a test that reads the real time somewhere shows itself here.
test-odd-hours: venv system-deps
	PYTEST=$(BIN)/pytest bash .ci/test-at-odd-hours $(PYTEST_ARGS)

lint: venv
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy

bench: venv
	@set -e; for script in $(BENCH_SCRIPTS); do \
		echo "== $$script"; \
		$(BIN)/python $$script $(BENCH_ARGS); \
	done

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .mypy_cache .ruff_cache bench/results
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
