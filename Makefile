# make dataset  - rebuild normalized/ from sources/
# make test     - run the test suite
# Both create .venv and install the package into it first when that is missing.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SOURCES ?= sources
OUT     ?= normalized

.PHONY: dataset report test lint score holdout batch audit bench bench-big bench-hostile clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,dask,report]'
	touch $(STAMP)

dataset: $(STAMP)
	$(BIN)/extract run --sources "$(SOURCES)" --out "$(OUT)"

# make report  - normalized/report.html, the dataset as one self-contained page for a browser
report: $(STAMP)
	$(BIN)/extract report --sources "$(SOURCES)" --out "$(OUT)"

# make batch NEW=path/to/new/articles  - add new or changed articles without redoing the rest
# NEW is one path as it is (spaces and all: NEW="my notes/new article.md"), or several written as in a shell
# (NEW='"my notes/a.md" b.md'); without NEW, the sources folder is taken in as it is now (edits in place).
# It reaches the shell through the environment, never pasted into the command line.
export NEW
batch: $(STAMP)
	@if [ -z "$$NEW" ]; then set --; elif [ -e "$$NEW" ]; then set -- "$$NEW"; else eval "set -- $$NEW"; fi; \
	echo "$(BIN)/extract batch $$* --sources $(SOURCES) --out $(OUT)"; \
	"$(BIN)/extract" batch "$$@" --sources "$(SOURCES)" --out "$(OUT)"

# make audit [IDS="c123 c456"]  - verify every mention against its source, or show claims
audit: $(STAMP)
	$(BIN)/extract audit --sources "$(SOURCES)" --out "$(OUT)" $(IDS)

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

# Throughput on a corpus like real articles, built from sources/ and bench/phrases/ (one core and JOBS, default
# every core; cold start; the seeds repeated): make bench [SIZE=1MB|10MB|100MB] [PROFILE=shifted-seeds] [JOBS=N]
SIZE ?= 10MB
PROFILE ?= articles
JOBS ?=
bench: $(STAMP)
	$(BIN)/python -m bench.run --size $(SIZE) --profile $(PROFILE) $(if $(JOBS),--jobs $(JOBS))

# One big document (the seeds joined into MB megabytes) against the same text as separate files -> bench/results/
MB ?= 45
bench-big: $(STAMP)
	$(BIN)/python -m bench.big --megabytes $(MB)

# Times of the recognizer and the extraction on adversarial text -> bench/results/hostile-<machine>.json
bench-hostile: $(STAMP)
	$(BIN)/python -m bench.hostile

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
