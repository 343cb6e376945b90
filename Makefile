# Every target sets up what it needs itself: a fresh clone with Python 3.11+ needs only `make`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
LISTEN ?= 127.0.0.1:8080

.PHONY: demo test lint unit integration bench clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("PlotPress needs Python 3.11 or newer") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

## Serve the bundled demo workspace on http://$(LISTEN)
demo: $(STAMP)
	$(BIN)/plotpress validate examples/demo
	$(BIN)/plotpress serve examples/demo --listen $(LISTEN)

## Static checks, then the whole test suite
test: lint
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/lint-imports
	$(BIN)/ruff check src tests benchmarks scripts examples
	$(BIN)/ruff format --check src tests benchmarks scripts examples
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/python -m pytest tests/unit

integration: $(STAMP)
	$(BIN)/python -m pytest tests/integration

bench: $(STAMP)
	for script in benchmarks/*.py; do $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
