# mandate_etl — `make help` lists the targets.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
RAW    ?= raw/
OUT    ?= outputs/
JOBS   ?=

.DEFAULT_GOAL := help
.PHONY: help venv extract validate test lint typecheck schemas bench bench-scale clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $(STAMP)

venv: $(STAMP) ## create .venv from pyproject.toml (only when missing or stale)

extract: $(STAMP) ## run the pipeline on raw/ into outputs/ (JOBS=N: files read at once)
	$(BIN)/mandate-etl extract $(RAW) --out $(OUT) $(if $(JOBS),--jobs $(JOBS))

validate: $(STAMP) ## validate every submission under raw/ (warnings do not fail)
	$(BIN)/mandate-etl validate $(RAW)

test: $(STAMP) ## run the test suite
	$(BIN)/python -m pytest

lint: $(STAMP) ## ruff: lint rules and formatting (check only)
	$(BIN)/ruff check src tests scripts
	$(BIN)/ruff format --check src tests scripts

typecheck: $(STAMP) ## mypy --strict on src/
	$(BIN)/mypy --strict

schemas: $(STAMP) ## regenerate schemas/ from the pydantic models
	$(BIN)/python -m mandate_etl.load.json_schema schemas/

bench: $(STAMP) ## benchmarks: our pipeline vs the bare libraries
	$(BIN)/python scripts/bench.py

bench-scale: $(STAMP) ## scale benchmark: 1 to 1,000 synthetic submissions (generated once)
	$(BIN)/python scripts/bench_scale.py

clean: ## remove .venv and generated outputs
	rm -rf $(VENV) $(OUT)*.json $(OUT)*.duckdb $(OUT)*/
