# gongkai: two commands set everything up on a fresh machine with Python 3.11 and make.
#   make run   install into .venv, migrate, load demo data when empty, serve on 127.0.0.1:$(PORT)
#   make test  install into .venv, lint, type-check, check migrations, run the tests

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PORT

.PHONY: install run test lint serve clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

lint: install
	$(BIN)/ruff check .
	$(BIN)/mypy gongkai config

test: install lint
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/gongkai makemigrations --check --dry-run
	$(BIN)/pytest

# Development mode: without GONGKAI_SECRET_KEY the public development key is used. Production
# never sets this, and a process started there without a key stops with an error instead.
run: export GONGKAI_ALLOW_DEV_SECRET ?= 1
# The site's name and footer identity: `gongkai demo` writes the demo city's there (core/conf.py).
run: export GONGKAI_SITE_FILE ?= $(or $(GONGKAI_VAR_DIR),$(CURDIR)/var)/site.toml
run: install
	$(BIN)/gongkai migrate --noinput
	$(BIN)/gongkai collectstatic --noinput -v0
	$(BIN)/gongkai demo --if-empty
	$(BIN)/gongkai serve --port $(PORT)

clean:
	rm -rf $(VENV) var
