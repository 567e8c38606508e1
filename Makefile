# igmigrate developer entry points. `make demo` and `make test` are the only two set-up commands.
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
BIN := $(VENV)/bin

.PHONY: install demo test lint typecheck pytest golden docs bench sizes clean fuzz

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e '.[dev]'
	touch $@

install: $(VENV)/.installed

demo: install
	rm -rf out/demo
	$(BIN)/igmigrate convert samples/tomcat9-basic/input out/demo || test $$? -eq 4
	@echo
	@echo "Wrote out/demo (admin.json below; full report in out/demo/MIGRATION.md)"
	@cat out/demo/config/admin.json

lint: install
	$(BIN)/ruff check igmigrate tests
	$(BIN)/ruff format --check igmigrate tests

typecheck: install
	$(BIN)/mypy

pytest: install
	$(BIN)/pytest -q

test: lint typecheck pytest

# The property-based tests with many more examples (profiles in tests/conftest.py).

# Regenerate every samples/<case>/expected through the real CLI (review the diff as code).
golden: install
	$(PY) -m tests.golden regenerate

# Regenerate docs/mapping.md and the README's rules section from the rule registry.
docs: install
	$(PY) -m igmigrate.ruledocs

# A benchmark, not a test: a synthetic fleet in a temp dir, figures against issue 10's targets.
# BENCH_N=100 (comma list; default 100,1000,5000) shortens it.
bench: install
	$(PY) -m tests.bench.fleet

# Measure convert on large generated inputs (README "Limits"); SIZES_ARGS="--scale 0.1" for a quick look.
sizes: install
	$(PY) -m tests.bench.sizes $(SIZES_ARGS)

# Coverage-guided fuzzing (atheris): each target of tests/fuzz/ in turn for FUZZ_SECONDS;
# crashing or hanging inputs land in tests/fuzz/crashes/<target>/ (replayed by `make test`).
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= $(patsubst tests/fuzz/fuzz_%.py,%,$(wildcard tests/fuzz/fuzz_*.py))
fuzz: install
	@rm -rf out/fuzz && mkdir -p out/fuzz
	@for t in $(FUZZ_TARGETS); do \
	  echo "fuzz $$t for $(FUZZ_SECONDS)s (log: out/fuzz/$$t.log)"; \
	  FUZZ_WORK=out/fuzz $(PY) -m tests.fuzz.engine $$t $(FUZZ_SECONDS) >out/fuzz/$$t.log 2>&1; \
	  echo "  exit $$?, $$(grep -h '^stat::number_of_executed_units' out/fuzz/$$t.log \
	    | tr -s ' ' | cut -d' ' -f2) executions, $$(ls tests/fuzz/crashes/$$t 2>/dev/null \
	    | wc -l) saved crash(es)"; \
	done
	@rm -rf out/fuzz/corpus-* out/fuzz/tree-*
	@echo "hypothesis properties, long profile"
	HYPOTHESIS_PROFILE=long $(BIN)/pytest -q -p no:cacheprovider tests/test_properties_convert.py tests/test_properties_cli.py

clean:
	rm -rf $(VENV) out build dist .pytest_cache .mypy_cache .ruff_cache
