# Every target creates what it needs: a .venv with the package and its extras.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo demo-shops test bench lint clean bytecode

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(MAKE) --no-print-directory bytecode
	touch $(STAMP)

# An editable install leaves the package uncompiled, and with PYTHONDONTWRITEBYTECODE set (CI images,
# this project's sandbox) every `localize` process would compile all of it again: ~0.35 CPU-s, half of
# an unchanged nightly rerun. A regular `pip install` compiles the package; this does the same here.
bytecode:
	$(BIN)/python -m compileall -q localize bench

demo: $(STAMP)
	$(BIN)/localize run examples/demo/localize.yaml

# Every shop catalogue in examples/shops/*/ end to end, offline: run, then `localize validate` each
# market's shop import files with their profile (the files a shop owner imports).
demo-shops: $(STAMP)
	@set -e; for config in examples/shops/*/localize.yaml; do \
	  dir=$$(dirname $$config); \
	  $(BIN)/localize run $$config; \
	  for market in $$(ls $$dir/out/*.jsonl | grep -v -e rejects -e review-queue | xargs -n1 basename | sed 's/\.jsonl$$//'); do \
	    files=$$(ls $$dir/out/$$market.* | grep -v '\.jsonl$$'); \
	    $(BIN)/localize validate $$files --market $$market; \
	  done; \
	done

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP) bytecode
	$(BIN)/python -m bench

lint: $(STAMP)
	$(BIN)/ruff check localize tests bench

clean:
	rm -rf $(VENV) examples/demo/out examples/demo/.localize examples/shops/*/out examples/shops/*/.localize .pytest_cache
