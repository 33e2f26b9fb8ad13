# Everything a new machine needs: `make serve`, `make test`, `make site`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup serve site test test-fast bench golden clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

serve: setup
	$(BIN)/syllabuild serve

site: setup
	$(BIN)/syllabuild build

test: setup
	$(BIN)/python -m pytest

# Regenerate the golden generated trees after an intended change to the pages; review the diff.
golden: setup
	SYLLABUILD_UPDATE_GOLDEN=1 $(BIN)/python -m pytest -q tests/site/test_generated_tree.py tests/notebooks/test_page_markdown.py

bench: setup
	$(BIN)/pip install --quiet -e '.[test,bench]'
	npm install --silent --prefix bench/links_node
	$(BIN)/python -m bench

clean:
	rm -rf site .cache
