# The portal's commands. `make run` and `make test` are all a newcomer needs.
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
MO := locale/uk/LC_MESSAGES/django.mo

.PHONY: run serve test check bench drills lint types messages lock clean

# Links in e-mails and share buttons point where the portal answers: SITE_URL follows
# HOST and PORT unless it is set.
SITE_URL ?= http://$(HOST):$(PORT)
run: $(VENV)/.run-deps $(MO)
	$(PY) manage.py migrate --noinput
	SITE_URL=$(SITE_URL) $(PY) manage.py seed_demo
	SITE_URL=$(SITE_URL) $(PY) manage.py runserver $(HOST):$(PORT)

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
bench: $(VENV)/.bench-deps $(MO)
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

# Every package is installed from a lock file: each one, and each package it needs,
# pinned to one version with the hashes of its files (pip refuses any other file).
PIP_INSTALL := $(PY) -m pip install --quiet --disable-pip-version-check --require-hashes

$(VENV)/.run-deps: requirements.txt | $(VENV)/bin/python
	$(PIP_INSTALL) -r requirements.txt
	touch $@

# The tests also use, from npm, the Nu Html Checker (the W3C validator; it runs on
# Java) and ical.js (the calendar parser of Thunderbird and many web calendars).
VNU_VERSION := 26.9.27
ICALJS_VERSION := 2.2.1
$(VENV)/.dev-deps: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PIP_INSTALL) -r requirements-dev.txt
	if command -v npm >/dev/null; then npm install --silent --no-save --no-audit \
	  --no-fund --prefix $(VENV)/node vnu-jar@$(VNU_VERSION) \
	  ical.js@$(ICALJS_VERSION); fi
	touch $@ $(VENV)/.run-deps

# The bench's load tool (locust), only for `make bench`.
$(VENV)/.bench-deps: requirements-bench.txt $(VENV)/.dev-deps
	$(PIP_INSTALL) -r requirements-bench.txt
	touch $@

# Resolve the *.in files again into the lock files, with hashes for every platform
# and Python 3.12 and newer (uv, installed into the venv for this only). Run it after
# changing a version in a *.in file, and commit the four files together.
UV_COMPILE := $(VENV)/bin/uv pip compile --quiet --universal --python-version 3.12 \
  --generate-hashes --no-header
lock: | $(VENV)/bin/python
	$(PY) -m pip install --quiet --disable-pip-version-check uv==0.13.9
	$(UV_COMPILE) requirements.in -o requirements.txt
	$(UV_COMPILE) requirements-dev.in -o requirements-dev.txt
	$(UV_COMPILE) requirements-bench.in -o requirements-bench.txt

clean:
	rm -rf $(VENV) var
