# The README's two commands: `make demo` and `make test`. Both build .venv from the pinned lock first.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell sha256sum requirements/lock.txt pyproject.toml | sha256sum | cut -c1-12)

.PHONY: demo test lint install lock messages clean

install: $(STAMP)

$(STAMP): requirements/lock.txt pyproject.toml
	$(PYTHON) tools/bootstrap_venv.py $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/lock.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	rm -f $(VENV)/.installed-*
	touch $@

demo: $(STAMP)
	$(BIN)/cadre demo

# Checks the import contracts (pyproject.toml: the layers of ARCHITECTURE.md), then runs the suite on SQLite,
# then again on PostgreSQL when one is reachable (DATABASE_URL, or the local default).
test: $(STAMP)
	$(BIN)/lint-imports --no-cache
	$(BIN)/python tools/run_tests.py

lint: $(STAMP)
	$(BIN)/ruff check src tests tools benchmarks
	$(BIN)/ruff format --check src tests tools benchmarks

# Regenerate the lock after changing dependencies in pyproject.toml (needs `uv` on PATH).
lock:
	uv pip compile pyproject.toml requirements/build.in --extra dev --universal --python-version 3.11 \
		--generate-hashes -o requirements/lock.txt

messages: $(STAMP)
	cd src/cadre && ../../$(BIN)/django-admin makemessages -l vi -l en --no-obsolete && ../../$(BIN)/django-admin compilemessages

# Removes the environment and caches, never var/ (the database and the demo login live there).
clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache test-artifacts
