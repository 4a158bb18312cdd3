# Two commands set everything up on a fresh machine: `make site` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test serve check lint chromium-deps axe-deps lighthouse-deps browser-deps node-deps js-test bench bench-pages bench-search clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[pdf,test]'
	touch $(STAMP)

site: $(STAMP) chromium-deps  ## set up and build site/ from content/ (with PDFs and the offline zip)
	$(BIN)/coachguide build --strict

serve: $(STAMP)  ## preview with live reload
	$(BIN)/coachguide serve

check: $(STAMP)
	$(BIN)/coachguide check

# Debian's Chromium prints the PDFs (`make site`) and runs the browser tests (Playwright drives it; it never
# downloads a browser). axe-core, from npm into the venv folder, is for the tests' accessibility check only,
# so building the site needs neither Node nor npm.
AXE := $(VENV)/npm/node_modules/axe-core/axe.min.js
chromium-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core) >/dev/null; }

axe-deps:
	@test -f $(AXE) || { command -v npm >/dev/null 2>&1 || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm) >/dev/null; \
	  npm install --silent --no-save --no-package-lock --no-audit --no-fund --prefix $(VENV)/npm axe-core@4; }

# Lighthouse 12 (13 needs Node 22), from npm into the venv folder like axe-core: the tests' Lighthouse run of the
# six page types (accessibility, best practices, SEO, layout shift) and the page figures of `make bench`.
LIGHTHOUSE_VERSION := 12.2.3
LIGHTHOUSE := $(VENV)/lighthouse/node_modules/lighthouse/package.json
lighthouse-deps:
	@grep -qs '"version": "$(LIGHTHOUSE_VERSION)"' $(LIGHTHOUSE) || { command -v npm >/dev/null 2>&1 || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm) >/dev/null; \
	  npm install --silent --no-save --no-package-lock --no-audit --no-fund --prefix $(VENV)/lighthouse \
	    lighthouse@$(LIGHTHOUSE_VERSION); }

browser-deps: chromium-deps axe-deps lighthouse-deps

# Node runs the unit tests of the page scripts' pure core (generator/assets/coachguide-core.js) with its
# built-in runner; Debian's nodejs (18 in bookworm) is enough. File arguments, not a folder: Node 21+ reads
# the arguments of --test as globs, Node 18 and 20 as paths, and both accept plain files.
node-deps:
	@command -v node >/dev/null 2>&1 || { \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs) >/dev/null; }

js-test: node-deps
	node --test tests/js/*.test.js

lint: $(STAMP)
	$(BIN)/ruff check generator tests benchmarks
	$(BIN)/ruff format --check generator tests benchmarks
	$(BIN)/mypy

test: $(STAMP) browser-deps lint js-test  ## set up and run the whole suite
	$(BIN)/pytest -q

# coachguide build against plain mkdocs build at N = 100 to 10,000 questions, serve rebuild, Lighthouse (about 12 min).
bench: $(STAMP) browser-deps
	$(BIN)/python -m benchmarks --full

# Lighthouse (mobile) on the six page types and "Writing a guide", beside a stock Material page built in the same
# run: scores, paint times, layout shift, requests and bytes as served and gzipped, against issue #16's targets.
bench-pages: $(STAMP) browser-deps
	$(BIN)/python -m benchmarks.lighthouse

# Search: the reader queries' hit rate and latency, and the latency at 10,000 questions, served and from file://.
bench-search: $(STAMP) browser-deps
	$(BIN)/python -m benchmarks.search

clean:
	rm -rf site $(VENV)
