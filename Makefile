# Broadsheet: the two commands are `make run` and `make test`.
# Both install what is missing on a Debian machine first.

SHELL   := /bin/bash
CARGO   ?= cargo
# `make run` reads and writes this library (not your own one).
LIBRARY ?= $(CURDIR)/target/demo-library
# The shared corpora and tools beside the checkout, when present.
SHARED  ?= $(CURDIR)/../shared
BIN      = target/release/broadsheet

# Debian packages the build needs: a C compiler for the bundled SQLite, zstd
# and mimalloc; python3 for the extraction scorer.
DEB_PACKAGES = build-essential python3
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test bench deps build score clean-demo

run: deps build
	@$(BIN) --library "$(LIBRARY)" list
	@echo
	@$(BIN) --library "$(LIBRARY)" show "$$($(BIN) --library "$(LIBRARY)" list --ids | head -n 1)"
	@echo
	@echo "Library: $(LIBRARY). Try:"
	@echo "  $(BIN) --library $(LIBRARY) search 熊猫"
	@echo "  $(BIN) --library $(LIBRARY) list --edition fr"
	@echo "  $(BIN) --library $(LIBRARY) serve      # the JSON API on 127.0.0.1:8080"

build:
	$(CARGO) build --release --locked

test: deps
	$(CARGO) test --locked
	@$(MAKE) --no-print-directory score

# Scores extraction on real pages (Mozilla Readability's test pages) and on
# our own fixtures and demo pages, when ../shared is there.
score: build
	@if [ -x "$(SHARED)/tools/score-extraction" ]; then \
	  set -eo pipefail; \
	  echo "== extraction on real news pages (min mean body F1 0.90)"; \
	  "$(SHARED)/tools/score-extraction" --min-f1 0.90 "$(SHARED)/corpus/readability" -- $(BIN) extract --json --url {url} {file} | tail -n 2; \
	  for set in tests/fixtures/articles assets/demo; do \
	    echo "== extraction on $$set (min mean body F1 0.97)"; \
	    "$(SHARED)/tools/score-extraction" --min-f1 0.97 --min-title 0.97 $$set -- $(BIN) extract --json --url {url} {file} | tail -n 2; \
	  done; \
	else \
	  echo "skipping extraction scores: $(SHARED)/tools/score-extraction is not here"; \
	fi

# Import, download and search benchmarks; the search one compares with ripgrep.
# BENCH_SIZES=10000,100000,1000000 adds the million-article run.
bench: deps
	@command -v rg >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ripgrep; }
	$(CARGO) bench --locked --bench import
	$(CARGO) bench --locked --bench fetch
	$(CARGO) bench --locked --bench search

deps:
	@command -v $(CARGO) >/dev/null || { echo "cargo is missing: install Rust 1.85 or newer (rustup.rs)"; exit 1; }
	@missing=""; for p in $(DEB_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

clean-demo:
	rm -rf "$(LIBRARY)"
