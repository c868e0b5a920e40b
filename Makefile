# strikebook — the two commands of the README, and a few more.
#   make report   set up .venv, then run every notebook into reports/index.html
#   make test     set up .venv, then ruff and the whole pytest suite
# Setup is idempotent: it reinstalls only when requirements.txt or pyproject.toml changed.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
KERNEL := strikebook

.PHONY: setup report test lint extract lab benchmark clean

setup: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python (strikebook)" >/dev/null
	@touch $(STAMP)

report: setup
	$(BIN)/strikebook report

extract: setup
	$(BIN)/strikebook extract data/articles --out out/tables

test: setup lint
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check .

# JupyterLab offline: the project's Jupyter config (jupyter/: no news, no update check, no extension look-ups
# on PyPI) comes first on the config path, above ~/.jupyter.
JUPYTER_CONFIG := $(CURDIR)/jupyter

lab: setup
	JUPYTER_CONFIG_PATH="$(JUPYTER_CONFIG)$(if $(JUPYTER_CONFIG_PATH),:$(JUPYTER_CONFIG_PATH))" \
	  $(BIN)/jupyter lab --notebook-dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root)

benchmark: setup
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf reports out .pytest_cache .ruff_cache
