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
POORT  ?= 8888
LAB_ARGS ?=
# JupyterLab refuses to start as root (containers often run as root) unless told it may
LAB_ROOT := $(if $(filter 0,$(shell id -u 2>/dev/null)),--allow-root,)
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings

.PHONY: help setup report factsheet data build lab lab-settings test lint format bench bench-microdata template validate clean distclean

help: ## Toon deze lijst
	@echo "Monitor generatiearmoede Groningen en Drenthe — make-doelen:"
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | awk -F'\t' '{printf "  make %-13s %s\n", $$1, $$2}'
	@echo "Variabelen: JAAR=$(JAAR) GEMEENTE=$(GEMEENTE) WORKERS=$(WORKERS) (0 = aantal kernen)"
	@echo "            POORT=$(POORT) LAB_ARGS='...' (extra opties voor jupyter lab, bijv. --no-browser)"

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@if command -v uv >/dev/null 2>&1; then \
		echo "Omgeving installeren met uv ..."; uv pip install -q --compile-bytecode --python $(BIN)/python -e '.[dev]'; \
	else \
		echo "Omgeving installeren met pip (uv niet gevonden; met uv gaat het sneller) ..."; \
		$(BIN)/python -m pip install -q --upgrade pip && $(BIN)/python -m pip install -q -e '.[dev]'; \
	fi
	@touch $(STAMP)

setup: $(STAMP) ## Maak .venv en installeer het project (gebeurt vanzelf bij de andere doelen)

report: $(STAMP) ## Hoofdtaak: bouw de gegevens en de editie van JAAR in reports/<JAAR>/
	$(BIN)/avk-monitor report --jaar $(JAAR) --gemeente $(GEMEENTE) --workers $(WORKERS) $(PAGINAS)

factsheet: $(STAMP) ## Eén factsheet als voorbeeld in reports/voorbeeld/: make factsheet GEMEENTE=Emmen
	@test "$(GEMEENTE)" != alle || { echo "Kies een gemeente: make factsheet GEMEENTE=GM0114"; exit 2; }
	$(BIN)/avk-monitor factsheet "$(GEMEENTE)" --jaar $(JAAR)

build: $(STAMP) ## Alleen data/processed/ (opnieuw) bouwen uit data/raw/
	$(BIN)/avk-monitor build

data: $(STAMP) ## Ververs de bronnen met internet (CBS, PDOK); eerdere downloads blijven
	$(BIN)/avk-monitor data

lab-settings: $(STAMP) ## Stel JupyterLab in: Nederlands, .py-notebooks openen als notebook
	@mkdir -p $(LAB_SETTINGS)
	@cp jupyter/overrides.json $(LAB_SETTINGS)/overrides.json

lab: lab-settings ## Start JupyterLab (Nederlands) in de projectmap: make lab POORT=8890 LAB_ARGS=--no-browser
	$(BIN)/jupyter lab --notebook-dir=. --ServerApp.port=$(POORT) $(LAB_ROOT) $(LAB_ARGS)

test: $(STAMP) lint ## Controleer de code (ruff) en draai alle tests (zonder netwerk)
	AVK_OFFLINE=1 $(BIN)/python -m pytest -q -n 2 --dist loadgroup

lint: $(STAMP) ## Alleen de codecontrole: ruff check en ruff format --check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP) ## Maak de code op met ruff
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(STAMP) ## Meet de jaarrun en een familie van 250 pagina's; cijfers in reports/bench/
	$(BIN)/python -m tools.bench --jaar $(JAAR) $(BENCH_ARGS)

bench-microdata: $(STAMP) ## Meet het RA-script op 2 miljoen synthetische personen; cijfers in reports/bench/
	$(BIN)/python -m tools.bench_microdata $(BENCH_ARGS)

template: $(STAMP) ## Schrijf een leeg programmawerkboek voor JAAR
	$(BIN)/avk-monitor template --jaar $(JAAR)

validate: $(STAMP) ## Controleer een werkboek of levering: make validate FILE=pad
	$(BIN)/avk-monitor validate "$(FILE)"

clean: ## Verwijder gemaakte gegevens en rapporten (data/processed, reports)
	find data/processed -mindepth 1 ! -name .gitkeep -exec rm -rf {} +
	find reports -mindepth 1 ! -name .gitkeep -exec rm -rf {} +

distclean: clean ## Verwijder ook de omgeving .venv
	rm -rf $(VENV)
