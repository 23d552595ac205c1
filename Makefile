# Set-up and everyday commands. Each target creates .venv when it is missing.
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
POKEMON ?= ../shared/data/pokemon.csv

.PHONY: demo notebook test test-fast lint format bench browser java clean

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	# The CPU build of torch first, so that no multi-GB CUDA build is pulled in.
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e '.[dev]'
	# ISLR's tables (Default, Carseats) for the statistics tests; without its dependencies,
	# which would pin older pandas and scipy and pull in pytorch-lightning.
	$(PY) -m pip install --quiet --no-deps ISLP==0.6.0
	touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/logitnet demo --out demo-output $(if $(wildcard $(POKEMON)),--pokemon $(POKEMON))

# The lecture as a notebook: run examples/lecture.py, write demo-output/lecture.ipynb and .html.
notebook: $(STAMP)
	$(PY) examples/build_notebook.py --out demo-output --pokemon '$(if $(wildcard $(POKEMON)),$(POKEMON))'

# The suite runs in parallel (pytest-xdist, one worker per core):
# an idle worker steals tests from a busy one; tests/conftest.py runs one browser test at a
# time, and keeps each worker to one thread.
JOBS   ?= auto
XDIST  := -n $(JOBS) --dist worksteal

# Every test, as CI runs it.
test: $(STAMP) browser java
	$(PY) -m pytest $(XDIST)

# Everyday work: every test but the slow, browser and distributed ones (pyproject's markers).
test-fast: $(STAMP)
	$(PY) -m pytest $(XDIST) -m "not slow and not browser and not distributed"

browser:
	@bash scripts/ensure-chromium

# Java for pyspark, whose TorchDistributor runs the Spark recipe's test
java:
	@bash scripts/ensure-java

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: $(STAMP)
	$(PY) benchmarks/bench_logistic.py
	$(PY) benchmarks/bench_mlp.py
	$(PY) benchmarks/bench_startup.py --train

clean:
	rm -rf $(VENV) demo-output .pytest_cache
