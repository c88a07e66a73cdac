# The generational-poverty monitor (Alliantie van Kracht). `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
JAAR   ?= 2025
GEMEENTE ?= alle
WORKERS ?= 0

.PHONY: help setup report data build lab test lint format bench template validate clean distclean

help: ## List the targets
	@echo "Monitor generatiearmoede Groningen en Drenthe — make-doelen:"
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | awk -F'\t' '{printf "  make %-10s %s\n", $$1, $$2}'
	@echo "Variabelen: JAAR=$(JAAR) GEMEENTE=$(GEMEENTE) WORKERS=$(WORKERS) (0 = aantal kernen)"

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@if command -v uv >/dev/null 2>&1; then \
		echo "Omgeving installeren met uv ..."; uv pip install -q --compile-bytecode --python $(BIN)/python -e '.[dev]'; \
	else \
		echo "Omgeving installeren met pip (uv niet gevonden; met uv gaat het sneller) ..."; \
		$(BIN)/python -m pip install -q --upgrade pip && $(BIN)/python -m pip install -q -e '.[dev]'; \
	fi
	@touch $(STAMP)

setup: $(STAMP) ## Create .venv and install the project (done automatically by the other targets)

report: $(STAMP) ## Main job: build the data and the yearly report in reports/<JAAR>/
	$(BIN)/avk-monitor report --jaar $(JAAR) --gemeente $(GEMEENTE) --workers $(WORKERS) $(PAGINAS)

build: $(STAMP) ## Only (re)build data/processed/ from data/raw/
	$(BIN)/avk-monitor build

data: $(STAMP) ## Refresh sources when online (CBS, PDOK); keeps earlier downloads
	$(BIN)/avk-monitor data

lab: $(STAMP) ## Start JupyterLab on the notebooks
	$(BIN)/jupyter lab --notebook-dir=notebooks

test: $(STAMP) lint ## Lint and run the tests (offline)
	AVK_OFFLINE=1 $(BIN)/python -m pytest -q -n 2 --dist loadgroup

lint: $(STAMP) ## ruff check and ruff format --check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP) ## Format the code with ruff
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(STAMP) ## Benchmark the yearly run and a 250-page family; figures go to reports/bench/
	$(BIN)/python -m tools.bench --jaar $(JAAR) $(BENCH_ARGS)

template: $(STAMP) ## Write an empty programme workbook for JAAR to data/raw/programma/
	$(BIN)/avk-monitor template --jaar $(JAAR)

validate: $(STAMP) ## Check a workbook or delivery: make validate FILE=path
	$(BIN)/avk-monitor validate "$(FILE)"

clean: ## Remove generated data and reports (data/processed, reports)
	find data/processed -mindepth 1 ! -name .gitkeep -exec rm -rf {} +
	find reports -mindepth 1 ! -name .gitkeep -exec rm -rf {} +

distclean: clean ## Also remove the virtual environment
	rm -rf $(VENV)
