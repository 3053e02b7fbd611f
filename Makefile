# Two commands on a fresh machine: `make demo` and `make test`. Both set up .venv first.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.golive-installed
export LITELLM_LOCAL_MODEL_COST_MAP := True

.PHONY: demo test lint typecheck imports check install clean chromium

install: $(STAMP)

# Installs only what requirements.lock pins, hash-checked; then golive itself, editable.
$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(BIN)/python -I -S tools/check_pth.py
	touch $(STAMP)

demo: install
	$(BIN)/golive demo

# The HTML report test opens report.html in a real headless Chromium (Debian's package).
CHROMIUM ?= /usr/bin/chromium
chromium:
	@test -x $(CHROMIUM) || { \
	  echo "installing chromium for the HTML report test (about 35 s)"; \
	  SUDO=$$(test "$$(id -u)" = 0 || echo sudo); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium; }

# pytest-xdist runs test files in parallel (tests/conftest.py orders them); more workers than
# cores pays off because most tests wait on golive subprocesses and servers. A bare
# `python -m pytest` stays serial. Bytecode is compiled once first: every golive subprocess
# a test starts would otherwise compile golive again where PYTHONDONTWRITEBYTECODE is set.
# With `--jobs` (.ci/run) chromium downloads while pip installs, and mypy, lint-imports and
# ruff check side by side; the tests start once all of them passed.
TEST_WORKERS ?= 4
test: chromium static-checks
	$(BIN)/python -m compileall -q src/golive tests
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile

# The checks `make test` runs before the tests; each starts after the .pth check.
.PHONY: pth-check static-checks ruff-check typecheck-ci imports-ci
pth-check: install
	$(BIN)/python -I -S tools/check_pth.py
static-checks: ruff-check typecheck-ci imports-ci
ruff-check: pth-check
	$(BIN)/ruff check src tests tools
typecheck-ci: pth-check
	$(BIN)/mypy src/golive
imports-ci: pth-check
	$(BIN)/lint-imports --no-cache

lint: install
	$(BIN)/ruff check src tests tools
	$(BIN)/ruff format --check src tests tools

typecheck: install
	$(BIN)/mypy src/golive

# DESIGN.md's import arrows as import-linter contracts (pyproject.toml [tool.importlinter]).
imports: install
	$(BIN)/lint-imports --no-cache

clean:
	rm -rf $(VENV) golive-runs mlflow.db mlartifacts .pytest_cache .mypy_cache .ruff_cache
