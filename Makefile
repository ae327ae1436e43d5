# Guía Clave IESS. Two commands do all the set-up: `make serve` and `make test`.
# Every target creates .venv on first use from requirements.lock (exact pins).

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

# Material's end-of-life banner is noise in every build.
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

# `make serve LANG=es` previews one language only (faster rebuilds). Only a LANG given
# on the command line counts: the shell's own LANG (en_US.UTF-8, …) is ignored.
ifeq ($(origin LANG),command line)
  SERVE_LANG := --lang $(LANG)
endif
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help setup serve build check release test test-fast audit sync schema translated headers lock clean linkcheck lock-anchors

help: ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  make %-13s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || \
	  { echo "error: Python 3.11 or newer is needed as '$(PYTHON)' (try: make PYTHON=python3.12 …)" >&2; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); \
	  echo "error: could not create $(VENV). On Debian/Ubuntu: sudo apt-get install python3-venv" >&2; exit 1; }
	@echo "Installing the pinned packages into $(VENV) (first run only)…"
	@$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	@# The generator is one MkDocs plugin (scripts/plugin.py), found through its entry point:
	@# installed in place, so edits to scripts/ take effect without reinstalling.
	@$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@$(PY) -m pip check >/dev/null
	@touch $@

setup: $(STAMP) ## create .venv and install the pinned packages

serve: $(STAMP) ## live preview at http://127.0.0.1:8000/ (LANG=es or LANG=en for one language, PORT=8001)
	@$(PY) -m scripts serve $(SERVE_LANG) --port $(PORT)

build: $(STAMP) ## strict build of both languages into site/
	@$(PY) -m scripts build

check: $(STAMP) ## every offline content check (builds the site)
	@$(PY) -m scripts check

release: $(STAMP) ## what gets published: every check, warnings fail, site/ built for SITE_URL
	@$(PY) -m scripts check --strict

linkcheck: $(STAMP) ## check external links (network; not in make test): reports/linkcheck.md
	@$(PY) -m scripts linkcheck $(LINKCHECK_ARGS)

sync: $(STAMP) ## rewrite the marked step regions in docs/ from data/
	@$(PY) -m scripts sync

schema: $(STAMP) ## write data/schema/*.json from the data models
	@$(PY) -m scripts schema

lock-anchors: $(STAMP) ## publish new pages and IDs in data/anchors.lock.yml (only adds; fails if one is gone)
	@$(PY) -m scripts lock-anchors

translated: $(STAMP) ## record that a translation matches its source: PAGE=docs/en/x.md (PAGE=all: every page)
	@$(PY) -m scripts translated $(if $(filter all,$(PAGE)),--all,$(PAGE))

headers: $(STAMP) ## rewrite deploy/nginx.conf with the CSP hashes of the built pages
	@$(PY) -m scripts headers

# CI runs what publishing runs (`check --strict`): whatever passes a pull request publishes.
test: $(STAMP) $(VENV)/.browser ## every check, as strict as a release, and every test (what CI runs)
	@$(PY) -m scripts check --strict
	@$(PY) -m pytest

test-fast: $(STAMP) ## the tests without a browser: a quick lane while you work
	@$(PY) -m pytest -m "not browser and not slow"

LIGHTHOUSE := tools/lighthouse/node_modules/.bin/lighthouse

search-report: $(STAMP) $(VENV)/.browser ## type the query set into the built site (Chromium): writes reports/search.md
	@$(PY) -m scripts build
	@$(PY) bench/search_report.py site --out reports/search.md

audit: $(STAMP) $(LIGHTHOUSE) ## Lighthouse (mobile) on five pages: writes reports/lighthouse.md (needs node, npm)
	@$(PY) tools/lighthouse/audit.py

# Lighthouse from the npm registry, pinned by tools/lighthouse/package-lock.json.
$(LIGHTHOUSE): tools/lighthouse/package-lock.json
	@command -v node >/dev/null && command -v npm >/dev/null || \
	  { echo "error: make audit needs Node.js 18.16+ and npm (Debian: sudo apt-get install nodejs npm)" >&2; exit 1; }
	@cd tools/lighthouse && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# Browser tests use a system Chromium when there is one (Debian: apt-get install chromium);
# otherwise Playwright downloads its own build once.
$(VENV)/.browser: $(STAMP)
	@command -v chromium >/dev/null || command -v chromium-browser >/dev/null || \
	  command -v google-chrome >/dev/null || $(PY) -m playwright install chromium
	@touch $@

lock: ## re-resolve requirements.in into requirements.lock (maintainers)
	@rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	@.lock-venv/bin/pip install --quiet --disable-pip-version-check -r requirements.in
	@{ echo "# Exact pins resolved from requirements.in by 'make lock'. Do not edit by hand."; \
	   .lock-venv/bin/pip freeze --all --exclude-editable | grep -v "^pip=="; } > requirements.lock
	@rm -rf .lock-venv
	@echo "wrote requirements.lock"

clean: ## remove site/ and .venv
	rm -rf site $(VENV)
