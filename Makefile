# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 5000

.PHONY: run test lint bench demo-data

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

run: $(VENV)/.installed
	$(PY) scripts/load_demo.py
	$(VENV)/bin/flask --app web run --host 127.0.0.1 --port $(PORT)

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
