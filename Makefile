# Onramp: the two commands a fresh Debian machine needs.
#   make run   installs everything, builds the embedded default data, serves http://127.0.0.1:8000
#   make test  installs everything (PostgreSQL included) and runs the whole test suite
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
PYTEST_ARGS ?=

.PHONY: run test install install-test system-test-deps lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# torch first, pinned exactly: this CPU build is what the embedding model runs on
TORCH := torch==2.13.0

install: $(BIN)/python
	$(BIN)/pip install --quiet $(TORCH)
	$(BIN)/pip install --quiet -e .

install-test: $(BIN)/python
	$(BIN)/pip install --quiet $(TORCH)
	$(BIN)/pip install --quiet -e '.[test,spark]'

# What the tests need beyond Python: a PostgreSQL server (the suite starts its own throwaway
# cluster), Chromium for the page tests, Java 17 for the Spark ingest engine's tests on a local
# Spark, and axe-core from the npm registry.
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
system-test-deps:
	@missing=""; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	command -v npm >/dev/null 2>&1 || missing="$$missing nodejs npm"; \
	java -version 2>&1 | grep -Eq 'version "(1[7-9]|[2-9][0-9])' || \
	  missing="$$missing openjdk-17-jre-headless"; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  $(SUDO) mkdir -p /usr/share/man/man1; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) \
	    apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi
	@[ -f tests/browser/node_modules/axe-core/axe.min.js ] || \
	  npm install --prefix tests/browser --no-audit --no-fund --silent

# DEMO=0 leaves out the demo organizations and accounts
DEMO ?= 1
run: install
	$(BIN)/onramp data bootstrap
	$(BIN)/onramp serve $(if $(filter 0,$(DEMO)),--no-demo,--demo)

test: system-test-deps install-test
	$(BIN)/python -m pytest -n 2 --dist loadscope $(PYTEST_ARGS)

lint: install-test
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy

bench: install-test
	$(BIN)/python bench/import_bench.py

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
