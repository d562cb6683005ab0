# CRAG: two commands. `make run` serves the demo; `make test` runs every check against real services.
PYTHON ?= python3.12
VENV := .venv
STAMP := $(VENV)/.installed

.PHONY: run test install lint assets clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --upgrade pip
	$(VENV)/bin/python -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	scripts/run_demo.sh

test: $(STAMP)
	scripts/with_services.sh scripts/test.sh

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

assets:
	scripts/build_assets.sh

clean:
	rm -rf var/*.sqlite3 var/celerybeat-schedule* var/static
