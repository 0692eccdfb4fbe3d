# Colorado Sector Partnerships Dashboard. Two commands matter: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8050
HOST ?= 127.0.0.1

.PHONY: help run test test-unit test-browser lint format geography sample-data screenshot clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(VENV)/.run-installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.test-installed: pyproject.toml $(VENV)/.run-installed
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

run: $(VENV)/.run-installed ## serve the dashboard on the embedded data (PORT, HOST, DASHBOARD_DATA_DIR)
	$(PY) app.py --host $(HOST) --port $(PORT)

test: $(VENV)/.test-installed ## install test needs (incl. Chromium) and run every test headless
	bash scripts/ensure_chromium.sh
	$(PY) -m pytest

test-unit: $(VENV)/.test-installed ## run the tests that need no browser
	$(PY) -m pytest -m "not browser"

test-browser: $(VENV)/.test-installed ## run only the browser tests
	bash scripts/ensure_chromium.sh
	$(PY) -m pytest -m browser

lint: $(VENV)/.test-installed ## ruff (lint + format check) and mypy
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

format: $(VENV)/.test-installed ## apply ruff's fixes and formatting
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

geography: $(VENV)/.run-installed ## re-derive data/geo/colorado_counties.geojson from the Census file
	$(PY) -m pip install --quiet -e ".[geo]"
	$(PY) scripts/build_geography.py

sample-data: $(VENV)/.run-installed ## regenerate the sample membership file (seeded, deterministic)
	$(PY) scripts/generate_sample_members.py

screenshot: $(VENV)/.test-installed ## screenshot a running dashboard to docs/screenshot.png (URL=...)
	bash scripts/ensure_chromium.sh
	$(PY) scripts/screenshot.py "$${URL:-http://$(HOST):$(PORT)/}" docs/screenshot.png

clean: ## remove the virtualenv and caches
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
