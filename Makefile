# Padamu: the two commands a new user needs.
#   make run   set up (virtualenv, dependencies, database, demo data) and serve on http://127.0.0.1:8000
#   make test  run the whole test suite
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
HOST   ?= 127.0.0.1:8000
# The suite runs in parallel (pytest-xdist), one worker per core; each worker has its own test
# database and file storage. PYTEST_ARGS passes more options (e.g. a path, -x, --reuse-db).
# Bytecode caches are written even where PYTHONDONTWRITEBYTECODE is set (as on these machines): each
# worker and each subprocess a test starts would otherwise compile the project and rewrite every test
# module again (pytest --collect-only: 4.7 s of CPU without caches, 2.2 s with them).
TEST_WORKERS ?= auto
PYTEST_ARGS  ?=

.PHONY: run test setup install demo lint ci clean

$(PY):
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.lock pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	touch $@

install: $(VENV)/.installed

setup: install
	mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo --quiet-logins
	@for c in seed_demo_letters seed_demo_ptk seed_demo_requests seed_demo_mutasi seed_demo_reg seed_demo_letters2; do \
	  if $(PY) manage.py help $$c >/dev/null 2>&1; then $(PY) manage.py $$c; fi; done

# The demo runs as users see it: DEBUG off (friendly 404/500 pages; --insecure still serves static
# files), with the background worker (batch printing, Dapodik import/export) beside the web server;
# Ctrl+C stops both.
run: setup
	@$(PY) manage.py seed_demo
	@echo "Padamu berjalan di http://$(HOST)/ (Ctrl+C untuk berhenti)"
	@$(PY) manage.py db_worker --queue-name '*' --interval 2 --no-reload & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	  DEBUG=0 PUBLIC_BASE_URL=$${PUBLIC_BASE_URL:-http://$(HOST)} $(PY) manage.py runserver --insecure $(HOST)

test: install
	PYTHONDONTWRITEBYTECODE= $(PY) -m pytest -q -n $(TEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .

clean:
	rm -rf $(VENV) var
