# Broadsheet: the two commands are `make run` and `make test`.
# Both install what is missing on a Debian machine first.

SHELL   := /bin/bash
CARGO   ?= cargo
# `make run` reads and writes this library (not your own one).
LIBRARY ?= $(CURDIR)/target/demo-library
# The shared corpora and tools beside the checkout, when present.
SHARED  ?= $(CURDIR)/../shared
BIN      = target/release/broadsheet
# `make run` serves the reader here.
PORT    ?= 8080

# Debian packages the build needs: a C compiler for the bundled SQLite, zstd
# and mimalloc; python3 for the extraction scorer; Node.js (20.19 or newer)
# and npm for the web interface.
DEB_PACKAGES = build-essential python3
# ...and the browser tests: Debian's chromium, and CJK fonts so Chinese
# renders as text, not boxes, in the screenshots.
DEB_TEST_PACKAGES = chromium fonts-noto-cjk
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# The interface's sources; dist/ is rebuilt when any of them changes.
UI_SOURCES := $(shell find ui/src ui/public -type f 2>/dev/null) ui/index.html ui/package.json ui/vite.config.ts ui/svelte.config.js ui/tsconfig.json

.PHONY: run test test-ui test-e2e bench deps deps-test ui build score clean-demo

# The reader on the demo library, in the browser (the desktop app comes next).
run: deps build
	@echo "Library: $(LIBRARY) (the demo articles on first start)."
	@echo "Open the address below in a browser; Ctrl-C stops the server."
	@$(BIN) --library "$(LIBRARY)" serve --port $(PORT)

build: ui
	$(CARGO) build --release --locked

ui: ui/dist/index.html

ui/node_modules/.package-lock.json: ui/package-lock.json
	cd ui && npm ci --no-audit --no-fund
	@touch $@

ui/dist/index.html: ui/node_modules/.package-lock.json $(UI_SOURCES)
	cd ui && npm run build

tests/e2e/node_modules/.package-lock.json: tests/e2e/package-lock.json
	cd tests/e2e && npm ci --no-audit --no-fund
	@touch $@

# Every test: Rust (unit, integration, doc), the interface's unit tests and
# type check, the browser end-to-end tests, and the extraction scores.
test: deps deps-test ui
	$(CARGO) test --locked
	@$(MAKE) --no-print-directory test-ui test-e2e score

test-ui: ui/node_modules/.package-lock.json
	cd ui && npm run check && npm test

# Browser tests against the debug binary `cargo test` built (screenshots in
# target/e2e-artifacts).
test-e2e: ui tests/e2e/node_modules/.package-lock.json
	$(CARGO) build --locked
	cd tests/e2e && BROADSHEET_BIN=$(CURDIR)/target/debug/broadsheet npm test

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

# Import, download, search and reader benchmarks; the search one compares
# with ripgrep, the reader one times the first screen (also in chromium).
# BENCH_SIZES=10000,100000,1000000 adds the million-article run.
bench: deps deps-test ui tests/e2e/node_modules/.package-lock.json
	@command -v rg >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ripgrep; }
	$(CARGO) bench --locked --bench import
	$(CARGO) bench --locked --bench fetch
	$(CARGO) bench --locked --bench search
	BENCH_BROWSER=1 $(CARGO) bench --locked --bench reader

deps:
	@command -v $(CARGO) >/dev/null || { echo "cargo is missing: install Rust 1.85 or newer (rustup.rs)"; exit 1; }
	@$(call apt_install,$(DEB_PACKAGES) $$(command -v npm >/dev/null || echo nodejs npm))
	@node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' || \
	  { echo "Node.js $$(node --version) is too old: the interface's build (Vite 8) needs 20.19 or newer (nodejs.org, or NodeSource's Debian packages)"; exit 1; }

deps-test:
	@$(call apt_install,$(DEB_TEST_PACKAGES))

# Installs the Debian packages given that are not installed yet.
define apt_install
missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
if [ -n "$$missing" ]; then \
  echo "installing:$$missing"; \
  $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
fi
endef

clean-demo:
	rm -rf "$(LIBRARY)"
