# chuyendoiso: the two commands of the README, and the steps they are made of.
VENV ?= .venv
PY := $(VENV)/bin/python
PG_URL ?= postgres://postgres@127.0.0.1:5432/chuyendoiso

VENDOR := src/chuyendoiso/web/static/vendor
# the suite runs in one process per processor (pytest-xdist), a test file to a process;
# PYTEST_WORKERS=0 runs it in this process (for a debugger); the slowest tests are listed
# at the end of each run (what to look at when the suite grows slow)
PYTEST_WORKERS ?= auto
PYTEST := $(VENV)/bin/pytest -n $(PYTEST_WORKERS) --dist loadfile --durations=15

.PHONY: demo install assets messages test test-fast test-sqlite test-postgres lint ruff clean

## make demo: install everything, load the Thái Nguyên demo into SQLite, start the web server
demo: install
	$(VENV)/bin/cds demo --serve

install: $(VENV)/.installed assets

## make assets: the chart library, the font and axe-core from npm, at the versions and hashes of
## package-lock.json, copied into the static files the pages serve (docs/decisions/0023-front-end-assets.md)
assets: $(VENDOR)/manifest.json

$(VENDOR)/manifest.json: package.json package-lock.json scripts/vendor_assets.py
	npm ci --ignore-scripts --no-audit --no-fund
	python3 scripts/vendor_assets.py

# every dependency, transitive ones too, at the version and hashes of requirements.lock
# (docs/decisions/0012-lock-file.md says how to update it); then the project itself
$(VENV)/.installed: pyproject.toml requirements.lock
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

## make test: lint, type-check, then the whole suite on SQLite and on PostgreSQL
test: install lint test-sqlite test-postgres

## make test-fast: ruff, then the SQLite suite without the Spark and slow tests
test-fast: install ruff
	env -u DATABASE_URL $(PYTEST) -m "not spark and not slow"

lint: ruff
	$(VENV)/bin/mypy

ruff:
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench

test-sqlite:
	env -u DATABASE_URL $(PYTEST)

# PostgreSQL runs when a server answers (always in CI, where it must answer). Tests whose
# outcome cannot depend on the database run once, on SQLite: the engine's (no database),
# Spark's, and the slow browser and timing tests.
test-postgres:
	@if $(PY) scripts/pg_ready.py "$(PG_URL)"; then \
		DATABASE_URL="$(PG_URL)" $(PYTEST) --ignore=tests/engine -m "not spark and not slow"; \
	elif [ -n "$$CI" ]; then \
		echo "PostgreSQL is required in CI but does not answer at $(PG_URL)"; exit 1; \
	else \
		echo "PostgreSQL does not answer at $(PG_URL): suite ran on SQLite only"; \
	fi

## make messages: the English catalogue of each app that has a locale/ folder brought up to date
## with its templates and code (new texts to translate, gone ones dropped), then compiled
messages: install
	for locale in src/chuyendoiso/*/locale; do \
		(cd $$(dirname $$locale) && $(CURDIR)/$(VENV)/bin/django-admin makemessages \
			--locale en --no-obsolete --add-location file) || exit 1; \
	done
	cd src/chuyendoiso && $(CURDIR)/$(VENV)/bin/django-admin compilemessages --locale en

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache node_modules $(VENDOR)
