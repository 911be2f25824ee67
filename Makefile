# make dataset  - rebuild normalized/ from sources/
# make test     - run the test suite
# Both create .venv and install the package into it first when that is missing.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: dataset test lint score holdout clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

dataset: $(STAMP)
	$(BIN)/extract run --sources sources --out normalized

test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check extract tests

# Seed figures against the hand-made gold (needs ../shared).
score: $(STAMP)
	$(BIN)/python ../shared/eval/score.py ../shared/gold/seeds.jsonl normalized/mentions.csv --errors 20

# The blind corpus: must run without error; its gold is not ours.
holdout: $(STAMP)
	$(BIN)/extract run --sources ../shared/holdout/docs --out /tmp/holdout

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
