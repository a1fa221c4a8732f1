# The two commands of the README: `make run` and `make test`; `make serve` for
# production (Gunicorn, see docs/admin.md).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 5000
SERVE_HOST ?= 127.0.0.1
SERVE_PORT ?= 8000
WORKERS ?= 2

.PHONY: run serve test lint bench demo-data

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,serve]'
	touch $@

run: $(VENV)/.installed
	$(PY) scripts/load_demo.py
	$(VENV)/bin/flask --app web run --host 127.0.0.1 --port $(PORT)

# The first search of each worker waits for its first fit (up to minutes at
# 100,000 profiles on a busy machine): hence the longer timeout. No access log:
# it would record the private links of saved searches.
serve: $(VENV)/.installed
	$(VENV)/bin/gunicorn --workers $(WORKERS) --bind $(SERVE_HOST):$(SERVE_PORT) \
		--timeout 300 'web:create_app()'

test: $(VENV)/.installed
	bash scripts/system_deps.sh
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) -m pytest

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

bench: $(VENV)/.installed
	bash scripts/system_deps.sh bench
	$(PY) -m pip install --quiet -e '.[test,bench]'
	$(PY) -m bench

demo-data: $(VENV)/.installed
	$(PY) scripts/make_demo_data.py
