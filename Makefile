# The two commands of the README: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SERVE ?= 1
PORT ?= 8000

.PHONY: install system-deps demo test bench screenshots clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

install: $(VENV)/.installed

demo: install
	$(BIN)/sitreps ingest examples/articles --db sitreps.db
	$(BIN)/sitreps events --db sitreps.db --limit 25
	@if [ "$(SERVE)" = "1" ]; then $(BIN)/sitreps serve --db sitreps.db --port $(PORT); fi

system-deps:
	@bash scripts/system-deps.sh

test: install system-deps
	$(BIN)/python -m pytest -q

bench: install
	$(BIN)/python bench/accuracy.py

screenshots: install system-deps
	$(BIN)/python scripts/screenshots.py

clean:
	rm -rf $(VENV) sitreps.db sitreps.db-wal sitreps.db-shm
