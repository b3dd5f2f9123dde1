# drug-permits: `make run` serves the demo, `make test` runs the suite. `make help` lists targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV := .venv
PY := $(VENV)/bin/python
PYTEST := $(PY) -m pytest
HOST ?= 127.0.0.1
PORT ?= 8000
PUBLIC_BASE_URL ?= http://localhost:$(PORT)
PG_URL ?= postgresql://postgres@127.0.0.1:5432/drug_permits
TEST_ARGS ?= -n 2
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
DEB_PACKAGES := chromium fonts-noto-cjk gettext poppler-utils libpango-1.0-0 libpangoft2-1.0-0
# The production topology on one machine (serve-prod), its restart drill and the throughput
# bench (wrk).
PROD_DEB_PACKAGES := nginx wrk postgresql-client
PROD_PORT ?= 8080

.PHONY: help setup system-packages prod-packages run serve test test-pg lint bench clean visual-baseline \
	serve-prod stop-prod restart-drill deb-install

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-14s %s\n", $$1, $$2}'

setup: system-packages $(VENV)/.installed static/vendor/.installed locale/.compiled ## install what this machine lacks (idempotent, quick when done)

system-packages:
	@$(MAKE) -s deb-install PACKAGES="$(DEB_PACKAGES)"

prod-packages:
	@$(MAKE) -s deb-install PACKAGES="$(PROD_DEB_PACKAGES)"

deb-install:
	@missing=$$(for p in $(PACKAGES); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:" $$missing; \
	  $(SUDO) apt-get -o DPkg::Lock::Timeout=600 update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get -o DPkg::Lock::Timeout=600 install -y -qq $$missing >/dev/null; \
	fi

$(VENV)/.installed: pyproject.toml
	@[ -x $(PY) ] || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	@touch $@

static/vendor/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	@mkdir -p static/vendor
	cp node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx.min.js
	cp node_modules/axe-core/axe.min.js static/vendor/axe.min.js
	@touch $@

locale/.compiled: $(wildcard locale/*/LC_MESSAGES/django.po) $(VENV)/.installed
	$(PY) manage.py compilemessages -v 0 --ignore=.venv --ignore=node_modules
	@touch $@

run: setup ## set up, migrate, load reference and demo data, serve on http://127.0.0.1:8000
	$(PY) manage.py migrate --noinput -v 0
	$(PY) manage.py seed_reference
	$(PY) manage.py seed_demo
	$(PY) manage.py collectstatic --noinput -v 0
	@echo "PUBLIC_BASE_URL=$(PUBLIC_BASE_URL): the permit's QR code and the security key use this address"
	PUBLIC_BASE_URL=$(PUBLIC_BASE_URL) $(PY) manage.py runserver $(HOST):$(PORT)

lint: $(VENV)/.installed ## ruff (lint and format) and the migrations check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run -v 0

test: setup lint ## the whole suite on SQLite (browser tests included)
	$(PYTEST) $(TEST_ARGS)

test-pg: setup prod-packages ## the same suite on PostgreSQL at DATABASE_URL (with a smoke test of serve-prod)
	DATABASE_URL=$${DATABASE_URL:-$(PG_URL)} $(PY) -m bench.ensure_database
	DATABASE_URL=$${DATABASE_URL:-$(PG_URL)} $(PYTEST) $(TEST_ARGS)

visual-baseline: setup ## regenerate the reference images of the official documents (review them!)
	UPDATE_VISUAL_BASELINE=1 $(PYTEST) -q -p no:xdist documents/tests/test_visual.py
	@git status --short documents/tests/visual

serve-prod: setup prod-packages ## nginx on 127.0.0.1:PROD_PORT (8080) before 2 gunicorn nodes and task workers, PostgreSQL, demo data
	PROD_PORT=$(PROD_PORT) deploy/serve-prod.sh

stop-prod: ## stop what serve-prod started (pid files under var/prod/PROD_PORT)
	PROD_PORT=$(PROD_PORT) deploy/stop-prod.sh

restart-drill: prod-packages ## under load through nginx: reload each node, then kill -9 one; prints the counts
	PROD_PORT=$(PROD_PORT) bash -c 'source deploy/env.sh && exec $(PY) deploy/restart_drill.py'

bench: setup prod-packages ## benchmarks of quality.md: figures and ratios
	$(PY) -m bench.run

clean: ## remove the virtualenv, vendored assets and local data
	rm -rf $(VENV) node_modules static/vendor var locale/.compiled
