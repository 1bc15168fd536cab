# Kabaddi Live — `make run` to score, `make test` to check everything.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# The lowest websockets the pin allows, for the adapter's tests (the main venv has the highest).
WS_MIN := $(shell sed -n 's/^ *"websockets>=\([0-9.]*\),.*/\1/p' pyproject.toml)
WSMIN_VENV := .venv-wsmin
AXE_VERSION := 4.10.3
AXE := .cache/axe-core-$(AXE_VERSION)/axe.min.js
# Debian packages the browser tests, real-window screenshots, the pages' JavaScript tests and
# the Redis-backed relay tests need (Devanagari, Bengali and Tamil fonts: the pages' languages
# are measured in real glyphs, as spectators' phones draw them).
SYSTEM_PACKAGES := chromium xvfb xauth redis-server libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 \
	libxcb-keysyms1 libxcb-shape0 libxcb-render-util0 libxcb-image0 libegl1 libgl1 \
	fonts-dejavu-core nodejs fonts-lohit-deva fonts-lohit-beng-bengali \
	fonts-lohit-taml fonts-lohit-telu fonts-lohit-knda
# What `make bench` adds: Go and gorilla/websocket to build the Go reference relay.
BENCH_PACKAGES := golang-go golang-github-gorilla-websocket-dev

.PHONY: run relay test lint typecheck pytest pytest-wsmin system-deps bench-deps schema installer fonts bench clean

run: $(VENV)/.installed-run
	$(BIN)/python -m desktop

relay: $(VENV)/.installed-run
	$(BIN)/python -m relay

test: $(VENV)/.installed-test system-deps lint typecheck pytest pytest-wsmin

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.installed-test
	$(BIN)/mypy relay desktop installer build_installer.py

pytest: $(VENV)/.installed-test $(AXE)
	$(BIN)/python -m pytest -q --durations=20

# axe-core, the accessibility checker the browser tests inject into the pages (from npm, kept
# in .cache so no test reaches a CDN).
$(AXE):
	mkdir -p $(dir $@)
	cd $(dir $@) && npm pack -q axe-core@$(AXE_VERSION) >/dev/null && \
		tar -xzf axe-core-$(AXE_VERSION).tgz --strip-components=1 package/axe.min.js package/LICENSE && \
		rm axe-core-$(AXE_VERSION).tgz

# The websockets internals the relay uses, on the lowest websockets the pin allows.
pytest-wsmin: $(WSMIN_VENV)/.installed
	PYTHONPATH=$(CURDIR) $(WSMIN_VENV)/bin/python -m pytest -q --noconftest -p no:cacheprovider \
		tests/relay/test_ws_adapter.py

$(WSMIN_VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(WSMIN_VENV)
	$(WSMIN_VENV)/bin/pip install -q "websockets==$(WS_MIN)" \
		$(shell grep -oE '"pytest(-asyncio|-timeout)?>=[^"]*"' pyproject.toml)
	$(WSMIN_VENV)/bin/python -c 'import websockets, sys; print("websockets", websockets.__version__, "for the adapter tests")'
	touch $@

schema: $(VENV)/.installed-run
	$(BIN)/python -m relay.schema

installer: $(VENV)/.installed-test
	$(BIN)/python build_installer.py

# The fonts resources/fonts bundles (see its README.md), again from their Debian packages.
FONT_PACKAGES := fonts-dejavu-core fonts-noto-core
fonts:
	rm -rf .cache/fonts && mkdir -p .cache/fonts
	cd .cache/fonts && apt-get download $(FONT_PACKAGES) && for deb in *.deb; do dpkg-deb -x $$deb root; done
	cp .cache/fonts/root/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf \
		.cache/fonts/root/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf \
		.cache/fonts/root/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf \
		.cache/fonts/root/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf \
		.cache/fonts/root/usr/share/fonts/truetype/noto/NotoSansSymbols2-Regular.ttf resources/fonts/
	cp .cache/fonts/root/usr/share/doc/fonts-dejavu-core/copyright resources/fonts/LICENSE-DejaVu.txt
	cp .cache/fonts/root/usr/share/doc/fonts-noto-core/copyright resources/fonts/LICENSE-Noto.txt

$(VENV)/bin/python:
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed-run: pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install -q -e '.[test]'
	touch $@ $(VENV)/.installed-run

# Installs what is missing when run as root; otherwise says what to install.
system-deps:
	@missing=""; for p in $(SYSTEM_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if ! command -v apt-get >/dev/null; then \
		echo "Browser and window tests need:$$missing (not a Debian system: install the equivalents; those tests are skipped until then)"; exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
		echo "Installing system packages:$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	else \
		echo "Browser and window tests need system packages; install them with:"; \
		echo "    sudo apt-get install -y$$missing"; \
		echo "(those tests are skipped until then)"; \
	fi

# The Go reference relay for the fan-out comparison (packages installed when run as root).
bench-deps: $(VENV)/.installed-test
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		missing=""; for p in $(BENCH_PACKAGES); do \
			dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
		done; \
		if [ -n "$$missing" ]; then apt-get update -qq && \
			DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; fi; \
	fi
	-$(BIN)/python -m bench.go_relay

# The full scenarios of docs/performance.md (about 20 minutes; figures depend on the machine).
bench: $(VENV)/.installed-test bench-deps
	$(BIN)/python -m bench.scenarios.frame_sizes
	$(BIN)/python -m bench.scenarios.multi_scorer
	$(BIN)/python -m bench.scenarios.crash
	$(BIN)/python -m bench.scenarios.slow_consumers
	$(BIN)/python -m bench.scenarios.fanout
	$(BIN)/python -m bench.scenarios.stadium
	$(BIN)/python -m bench.scenarios.fuzz
	$(BIN)/python -m bench.scenarios.redis_nodes
	$(BIN)/python -m bench.scenarios.attack

clean:
	rm -rf $(VENV) $(WSMIN_VENV) .cache build dist .mypy_cache .ruff_cache .pytest_cache
