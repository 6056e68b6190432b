# Broadsheet: the two commands are `make run` and `make test`.
# Both install what is missing on a Debian machine first.

SHELL   := /bin/bash
CARGO   ?= cargo
# `make run` reads and writes this library (not your own one).
LIBRARY ?= $(CURDIR)/target/demo-library
# The shared corpora and tools beside the checkout, when present.
SHARED  ?= $(CURDIR)/../shared
BIN      = target/release/broadsheet
DESKTOP  = target/release/broadsheet-desktop
TAURI_DRIVER ?= $(HOME)/.cargo/bin/tauri-driver
# `make run` serves the reader here.
PORT    ?= 8080

# Debian packages the build needs: a C compiler for the bundled SQLite, zstd
# and mimalloc; python3 for the extraction scorer; Node.js (20.19 or newer)
# and npm for the web interface.
DEB_PACKAGES = build-essential python3
# ...the desktop app (Tauri 2 on WebKitGTK)...
DEB_DESKTOP_PACKAGES = libwebkit2gtk-4.1-dev libxdo-dev libssl-dev libayatana-appindicator3-dev librsvg2-dev
# ...and the tests: Debian's chromium; Xvfb and WebKitWebDriver for the
# desktop window; CJK fonts so Chinese renders as text, not boxes.
DEB_TEST_PACKAGES = chromium fonts-noto-cjk xvfb xauth webkit2gtk-driver dbus-daemon
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# The interface's sources; dist/ is rebuilt when any of them changes.
UI_SOURCES := $(shell find ui/src ui/public -type f 2>/dev/null) ui/index.html ui/package.json ui/vite.config.ts ui/svelte.config.js ui/tsconfig.json

.PHONY: run test lint test-ui test-e2e test-desktop fuzz bench deps deps-test deps-desktop ui build build-desktop package score clean-demo

# The desktop app on the demo library; without a display, the reader in a
# browser through `broadsheet serve`.
run: deps build
	@echo "Library: $(LIBRARY) (the demo articles on first start)."
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ]; then \
	  $(MAKE) --no-print-directory build-desktop && \
	  BROADSHEET_LIBRARY="$(LIBRARY)" $(DESKTOP); \
	else \
	  echo "No display here (DISPLAY is not set), so no desktop window: serving the reader instead."; \
	  echo "Open the address below in a browser; Ctrl-C stops the server."; \
	  $(BIN) --library "$(LIBRARY)" serve --port $(PORT); \
	fi

build: ui
	$(CARGO) build --release --locked

build-desktop: deps-desktop ui
	$(CARGO) build --release --locked -p broadsheet-desktop

# Desktop packages with Tauri's bundler, in target/release/bundle/: a .deb;
# BUNDLES=deb,appimage adds an AppImage (its tools come from the network).
BUNDLES ?= deb
package: deps deps-desktop ui
	ui/node_modules/.bin/tauri build --bundles $(BUNDLES)

ui: ui/dist/index.html

ui/node_modules/.package-lock.json: ui/package-lock.json
	cd ui && npm ci --no-audit --no-fund
	@touch $@

ui/dist/index.html: ui/node_modules/.package-lock.json $(UI_SOURCES)
	cd ui && npm run build

tests/e2e/node_modules/.package-lock.json: tests/e2e/package-lock.json
	cd tests/e2e && npm ci --no-audit --no-fund
	@touch $@

# Every test: Rust (unit, integration, doc; the core, then the desktop
# shell's IPC through Tauri's mock runtime), clippy, the interface's unit
# tests and type check, the browser end-to-end tests, the desktop app in
# its real window, and the extraction scores.
test: deps deps-test deps-desktop ui
	$(CARGO) test --locked
	$(CARGO) test --locked -p broadsheet-desktop
	@$(MAKE) --no-print-directory lint
	@$(MAKE) --no-print-directory test-ui test-e2e test-desktop score
	@$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=20

# Clippy on everything, warnings as errors, no function over 100 lines
# (clippy.toml); the API documentation with warnings as errors (a broken
# doc link fails).
lint:
	$(CARGO) clippy --locked --all-targets -- -D warnings -W clippy::too_many_lines
	$(CARGO) clippy --locked -p broadsheet-desktop --all-targets -- -D warnings -W clippy::too_many_lines
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc --locked --no-deps -p broadsheet

test-ui: ui/node_modules/.package-lock.json
	cd ui && npm run check && npm test

# Browser tests against the debug binary (screenshots in target/e2e-artifacts);
# a run that hangs is stopped after 15 minutes.
test-e2e: ui tests/e2e/node_modules/.package-lock.json
	$(CARGO) build --locked
	cd tests/e2e && BROADSHEET_BIN=$(CURDIR)/target/debug/broadsheet timeout -k 30 900 npm test -- reader.test.mjs

# The desktop app's real window under Xvfb, through tauri-driver and
# WebKitWebDriver (a D-Bus session for the single-instance check). A run
# that hangs is stopped after 15 minutes (it takes about two).
test-desktop: deps-desktop deps-test ui tests/e2e/node_modules/.package-lock.json $(TAURI_DRIVER)
	$(CARGO) build --locked -p broadsheet-desktop
	cd tests/e2e && BROADSHEET_DESKTOP_BIN=$(CURDIR)/target/debug/broadsheet-desktop TAURI_DRIVER=$(TAURI_DRIVER) \
	  timeout -k 30 900 dbus-run-session -- xvfb-run -a -s "-screen 0 1280x900x24" npm test -- desktop.test.mjs

$(TAURI_DRIVER):
	$(CARGO) install tauri-driver --version '^2' --locked

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
bench: deps deps-test deps-desktop build tests/e2e/node_modules/.package-lock.json
	@command -v rg >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ripgrep; }
	$(CARGO) bench --locked --bench import
	$(CARGO) bench --locked --bench fetch
	$(CARGO) bench --locked --bench search
	BENCH_BROWSER=1 $(CARGO) bench --locked --bench reader
	$(CARGO) bench --locked --bench load
	$(CARGO) bench --locked --bench hostile
	$(CARGO) bench --locked -p broadsheet-desktop --bench startup

deps:
	@command -v $(CARGO) >/dev/null || { echo "cargo is missing: install Rust 1.90 or newer (rustup.rs)"; exit 1; }
	@$(call apt_install,$(DEB_PACKAGES) $$(command -v npm >/dev/null || echo nodejs npm))
	@node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' || \
	  { echo "Node.js $$(node --version) is too old: the interface's build (Vite 8) needs 20.19 or newer (nodejs.org, or NodeSource's Debian packages)"; exit 1; }

deps-test:
	@$(call apt_install,$(DEB_TEST_PACKAGES))

deps-desktop:
	@$(call apt_install,$(DEB_DESKTOP_PACKAGES))

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

# Fuzzing (cargo-fuzz, libFuzzer): extraction, encoding detection, feeds and
# listings, the query language. FUZZ_SECONDS per target (`make test` runs a
# short round; the README reports the long one). A crash stops the run and
# leaves its input in fuzz/artifacts/TARGET/: make it a regression test.
FUZZ_SECONDS ?= 600
FUZZ_TARGETS = extract encoding feed query archive
fuzz: deps
	@command -v cargo-fuzz >/dev/null || $(CARGO) install cargo-fuzz --locked
	cd fuzz && RUSTC_BOOTSTRAP=1 $(CARGO) fuzz build -O
	@for t in $(FUZZ_TARGETS); do mkdir -p fuzz/corpus/$$t; cp -n fuzz/seeds/$$t/* fuzz/corpus/$$t/ 2>/dev/null || true; done
	@for f in tests/fixtures/articles/*.html assets/demo/*.html; do \
	  n=$$(basename $$f .html); [ -e fuzz/corpus/extract/$$n ] || { printf '\001' | cat - $$f > fuzz/corpus/extract/$$n; }; done
	@set -e; for t in $(FUZZ_TARGETS); do \
	  echo "== fuzz $$t for $(FUZZ_SECONDS) s"; \
	  (cd fuzz && RUSTC_BOOTSTRAP=1 $(CARGO) fuzz run -O $$t corpus/$$t -- -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 2>&1 | grep -E "^(Done|stat::number_of_executed_units|stat::peak_rss|==|SUMMARY)|panicked|ERROR" || true; \
	   test -z "$$(ls artifacts/$$t 2>/dev/null)" || { echo "fuzz $$t: crash inputs in fuzz/artifacts/$$t"; exit 1; }); \
	done
