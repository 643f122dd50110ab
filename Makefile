# One place for every command a developer types. See README.md.
SHELL := /bin/sh
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
MANAGE := $(PY) manage.py

.PHONY: run test bench lint format messages compilemessages bootstrap system-check demo-data e2e

$(VENV)/.installed: requirements.txt
	@sh scripts/check_system.sh
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

bootstrap: system-check $(VENV)/.installed compilemessages

system-check:
	@sh scripts/check_system.sh

compilemessages: $(VENV)/.installed
	@$(MANAGE) compilemessages --ignore=.venv --verbosity=0

demo-data: bootstrap
	$(MANAGE) migrate --noinput --verbosity=0
	$(MANAGE) load_reference_data
	$(MANAGE) load_history
	$(MANAGE) load_demo_data
	$(MANAGE) load_demo_registrations
	$(MANAGE) load_demo_agreements
	$(MANAGE) load_demo_meetings
	$(MANAGE) load_demo_projects
	$(MANAGE) load_demo_hotels
	$(MANAGE) rebuild_search_index
	$(MANAGE) ensure_admin --demo-roles

## make run: set everything up and serve the portal on http://127.0.0.1:$(PORT), with a task
## worker and the periodic jobs beside it (a private Redis if none answers)
run: demo-data
	PORT=$(PORT) sh scripts/run_dev.sh

## make test: set everything up and run the whole suite (DATABASE_URL picks the database)
test: bootstrap
	$(MANAGE) check --fail-level=WARNING
	$(VENV)/bin/lint-imports
	$(PY) -m pytest $(PYTEST_ARGS)

## make e2e: only the browser journeys
e2e: bootstrap
	$(PY) -m pytest -m e2e $(PYTEST_ARGS)

## make bench: every benchmark, one table
bench: bootstrap
	$(PY) bench/run.py

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## make messages: extract strings into the three catalogues, fill English, compile
messages: $(VENV)/.installed
	$(MANAGE) makemessages --no-wrap --locale=it --locale=ru --locale=en --ignore=.venv --ignore=var --ignore=staticfiles --no-obsolete --add-location=file
	@# English: keep the English wordings already chosen, copy the msgid for new strings and
	@# for strings whose msgid changed (fuzzy: the old English wording no longer fits).
	@# The admin's JavaScript strings the portal words itself (taskforce/library_strings.js).
	$(MANAGE) makemessages --domain=djangojs --no-wrap --locale=it --locale=ru --locale=en --ignore=.venv --ignore=var --ignore=staticfiles --no-obsolete --add-location=file
	for domain in django djangojs; do \
	  po=locale/en/LC_MESSAGES/$$domain.po; \
	  msgattrib --no-wrap --clear-fuzzy --empty -o $$po $$po && \
	  msgen --no-wrap -o $$po.en $$po && \
	  msgcat --no-wrap --use-first -o $$po.tmp $$po $$po.en && \
	  mv $$po.tmp $$po && rm $$po.en || exit 1; \
	done
	@# One layout for every writer of the catalogues (this target and the merge driver).
	$(PY) scripts/po_merge.py --normalize locale/*/LC_MESSAGES/django.po locale/*/LC_MESSAGES/djangojs.po
	$(MANAGE) compilemessages --ignore=.venv --verbosity=0
