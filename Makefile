# The portal's commands. `make run` and `make test` are all a newcomer needs.
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
MO := locale/uk/LC_MESSAGES/django.mo

.PHONY: run serve test check bench drills lint types messages clean

run: $(VENV)/.run-deps $(MO)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver $(HOST):$(PORT)

# The production stack (gunicorn, Celery worker and beat) on PostgreSQL and Redis, to
# try it out here: see README, "Deployment". DEMO=1 loads the demo data.
serve: $(VENV)/.run-deps $(MO)
	HOST=$(HOST) PORT=$(PORT) tools/serve

test: $(VENV)/.dev-deps $(MO)
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.dev-deps
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(PY) manage.py makemigrations --check --dry-run

# mypy with django-stubs over the whole tree, as pyproject.toml's [tool.mypy] says.
types: $(VENV)/.dev-deps
	$(VENV)/bin/mypy

check: lint types test

# Benchmarks against PostgreSQL and Redis: see README, "Benchmarks".
bench: $(VENV)/.dev-deps $(MO)
	tools/bench $(BENCH_ARGS)

# Fault drills: Redis, PostgreSQL, a Celery worker and the mail server fail under
# load, each on throwaway servers of its own; see README, "Fault drills".
drills: $(VENV)/.dev-deps $(MO)
	$(PY) deploy/drills/run_all.py $(DRILLS)

# Re-extract the translatable strings (needs GNU gettext), then translate locale/uk.
messages: $(VENV)/.dev-deps
	$(PY) manage.py makemessages --locale uk --no-obsolete --ignore '.venv/*' --ignore 'var/*'

$(MO): locale/uk/LC_MESSAGES/django.po $(VENV)/.run-deps
	$(PY) manage.py compile_translations

$(VENV)/bin/python:
	@interpreter=$$(tools/find-python) && echo "Using $$interpreter" && $$interpreter -m venv $(VENV)

$(VENV)/.run-deps: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

# The tests also use the Nu Html Checker (the W3C validator), from npm; it runs on Java.
VNU_VERSION := 26.9.27
$(VENV)/.dev-deps: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	if command -v npm >/dev/null; then npm install --silent --no-save --no-audit \
	  --no-fund --prefix $(VENV)/node vnu-jar@$(VNU_VERSION); fi
	touch $@ $(VENV)/.run-deps

clean:
	rm -rf $(VENV) var
