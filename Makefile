# Newsroom: `make run` sets everything up and serves the app; `make test` sets up and runs the suite.
# Both share `make install`. PYTHON=/path/to/python3.12+ overrides the interpreter search.

VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

# The first Python 3.12+ found: on PATH, then in pyenv's versions (newest first).
PYTHON ?= $(shell for candidate in python3.14 python3.13 python3.12 python3 \
	$$(ls -d "$$(pyenv root 2>/dev/null || echo $$HOME/.pyenv)"/versions/3.*/bin/python3 2>/dev/null | sort -rV); do \
	command -v "$$candidate" >/dev/null 2>&1 && "$$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null \
	&& { command -v "$$candidate"; break; }; done)

.PHONY: install run serve test lint demo clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@test -n "$(PYTHON)" || { echo "Newsroom needs Python 3.12 or newer: install one, or run make PYTHON=/path/to/python3.12"; exit 1; }
	@"$(PYTHON)" -c 'import sys; sys.exit(sys.version_info < (3, 12))' || { echo "$(PYTHON) is older than Python 3.12"; exit 1; }
	@if [ -x $(BIN)/python ] && ! $(BIN)/python -c 'import sys; sys.exit(sys.version_info < (3, 12))'; then rm -rf $(VENV); fi
	@[ -x $(BIN)/python ] || "$(PYTHON)" -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

demo: install
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_demo

# The worker runs background tasks (large ingestion batches) beside the server and stops with it; it
# does not reload on code changes as the server does: run `make run` again after changing a task.
run: demo
	$(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# Production: gunicorn (WEB_CONCURRENCY processes) and TASK_WORKERS task workers beside it, all
# stopped together. DEBUG is False unless set, so SECRET_KEY and ALLOWED_HOSTS are needed; see the
# README, "Serving in production". Hosts with a process manager use Procfile or deploy/systemd.
TASK_WORKERS ?= 1
serve: install
	@export DEBUG=$${DEBUG:-False}; \
	$(BIN)/python manage.py migrate --no-input && \
	$(BIN)/python manage.py collectstatic --no-input --verbosity 0 && \
	$(BIN)/python manage.py check --deploy && \
	{ workers=""; \
	for n in $$(seq $(TASK_WORKERS)); do $(BIN)/python manage.py db_worker --no-reload & workers="$$workers $$!"; done; \
	trap 'kill $$workers 2>/dev/null; wait $$workers' EXIT INT TERM; \
	PORT=$(PORT) $(BIN)/gunicorn -c deploy/gunicorn.conf.py newsroom.wsgi; }

test: install
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
