# Colorado Sector Partnerships Dashboard. Two commands matter: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8050
# The tests run in this many pytest-xdist workers (one per core of a CI machine), a worker that is done taking
# tests queued for the other (worksteal: the browser tests are long and uneven).
TEST_WORKERS ?= 2
HOST ?= 127.0.0.1
# SCHEME=washington serves a shipped example scheme (data/schemes/NAME/) on its own sample data, with a
# store of its own; any other state: DASHBOARD_SCHEME_DIR and DASHBOARD_DATA_DIR (README).
SCHEME ?=
ifneq ($(SCHEME),)
export DASHBOARD_SCHEME_DIR ?= $(CURDIR)/data/schemes/$(SCHEME)
export DASHBOARD_DATA_DIR ?= $(CURDIR)/data/schemes/$(SCHEME)/sample-data
export DASHBOARD_INSTANCE_DIR ?= $(CURDIR)/instance/$(SCHEME)
endif

.PHONY: help lock run serve test test-unit test-browser lint format bench loadtest geography sample-data screenshot screenshots clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

# Installs come from the locked versions in requirements/ (make lock refreshes them), so a new
# release of any package cannot change what runs or break the tests by itself.
$(VENV)/.run-installed: pyproject.toml requirements/run.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements/run.txt
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.test-installed: pyproject.toml requirements/test.txt $(VENV)/.run-installed
	$(PY) -m pip install --quiet -r requirements/test.txt
	touch $@

lock: $(VENV)/.run-installed ## re-resolve requirements/*.txt to the newest versions pyproject.toml allows
	$(PY) -m pip install --quiet uv
	$(VENV)/bin/uv pip compile pyproject.toml --upgrade --python $(PY) --no-header --annotation-style line -o requirements/run.txt
	$(VENV)/bin/uv pip compile pyproject.toml --upgrade --extra test --python $(PY) --no-header --annotation-style line -o requirements/test.txt
	@echo "Run make test before committing the new locks."

run: $(VENV)/.run-installed ## serve the dashboard on the embedded data (PORT, HOST, DASHBOARD_DATA_DIR; SCHEME=washington)
	@bash scripts/ensure_chromium.sh || echo "Chromium could not be installed: the dashboard runs, PNG and slide exports will say they need it."
	$(PY) app.py --host $(HOST) --port $(PORT)

serve: $(VENV)/.run-installed ## serve with gunicorn as deployed (gunicorn.conf.py: 2 workers x 4 threads)
	HOST=$(HOST) PORT=$(PORT) $(VENV)/bin/gunicorn app:server --config gunicorn.conf.py

test: $(VENV)/.test-installed ## install test needs (incl. Chromium, PostgreSQL, axe-core) and run every test headless
	bash scripts/ensure_chromium.sh
	bash scripts/ensure_postgresql.sh
	bash scripts/ensure_axe.sh
	$(PY) -m pytest -n $(TEST_WORKERS) --dist worksteal

test-unit: $(VENV)/.test-installed ## run the tests that need no browser page (exports still draw with Chromium)
	bash scripts/ensure_chromium.sh
	bash scripts/ensure_postgresql.sh
	$(PY) -m pytest -n $(TEST_WORKERS) --dist worksteal -m "not browser"

test-browser: $(VENV)/.test-installed ## run only the browser tests
	bash scripts/ensure_chromium.sh
	bash scripts/ensure_axe.sh
	$(PY) -m pytest -n $(TEST_WORKERS) --dist worksteal -m browser

lint: $(VENV)/.test-installed ## ruff (lint + format check) and mypy
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

format: $(VENV)/.test-installed ## apply ruff's fixes and formatting
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# The dashboard is benchmarked as deployed: in an environment with requirements/run.txt only.
RUN_VENV ?= .venv-run
$(RUN_VENV)/.run-installed: pyproject.toml requirements/run.txt
	$(PYTHON) -m venv $(RUN_VENV)
	$(RUN_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(RUN_VENV)/bin/python -m pip install --quiet -r requirements/run.txt
	$(RUN_VENV)/bin/python -m pip install --quiet --no-deps -e .
	touch $@

bench: $(VENV)/.test-installed $(RUN_VENV)/.run-installed ## benchmark vs a naive build at 1x, 10x, 100x, 1M rows (SCALES=1x,1M to choose)
	bash scripts/ensure_chromium.sh
	$(PY) -m benchmarks.run --server-venv $(RUN_VENV) $${SCALES:+--scales $$SCALES}

loadtest: $(VENV)/.test-installed ## 30 simulated staff, 30% malformed requests, against gunicorn on loopback for 3 minutes (USERS, DURATION, MALFORMED)
	$(PY) -m benchmarks.loadtest --users $${USERS:-30} --duration $${DURATION:-180} --malformed $${MALFORMED:-0.3}

geography: $(VENV)/.run-installed ## re-derive data/geo/counties.geojson from the Census file
	$(PY) -m pip install --quiet -e ".[geo]"
	$(PY) scripts/build_geography.py

sample-data: $(VENV)/.run-installed ## regenerate the sample files (seeded, deterministic): Colorado's membership, the Washington example's
	$(PY) scripts/generate_sample_members.py
	$(PY) scripts/generate_example_scheme.py

screenshots: $(VENV)/.test-installed ## write the gallery to docs/screenshots/: desktop, phone, dark, every slide, every export
	bash scripts/ensure_chromium.sh
	$(PY) scripts/gallery.py

screenshot: $(VENV)/.test-installed ## screenshot a running dashboard (URL=..., OUT=/tmp/dashboard.png)
	bash scripts/ensure_chromium.sh
	$(PY) scripts/screenshot.py "$${URL:-http://$(HOST):$(PORT)/}" "$${OUT:-/tmp/dashboard.png}"

clean: ## remove the virtualenvs and caches
	rm -rf $(VENV) $(RUN_VENV) .pytest_cache .mypy_cache .ruff_cache
