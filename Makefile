# AtoCore: `make run` brings everything up, `make test` runs the tests.
# Both create .venv on first use (deploy/bootstrap.sh).

VENV      := .venv
ATOCORE   := $(VENV)/bin/atocore
PYTEST    := $(VENV)/bin/python -m pytest
STAMP     := $(VENV)/.installed

.PHONY: run stop status test test-floor lint bench-help help

help:
	@echo "make run         install + start Neo4j, start the API (background), register and ingest docs/"
	@echo "make stop        stop the API and Neo4j"
	@echo "make status      show what runs where"
	@echo "make test        run the test suite against a throwaway Neo4j"
	@echo "make test-floor  run the integration tests on Neo4j 5.26 LTS (Java 17)"
	@echo "make lint        ruff check, ruff format --check and mypy (CI runs it before the tests)"

$(STAMP): pyproject.toml deploy/bootstrap.sh
	@deploy/bootstrap.sh

run: $(STAMP)
	@$(ATOCORE) up

stop: $(STAMP)
	@$(ATOCORE) down

status: $(STAMP)
	@$(ATOCORE) neo4j status

test: $(STAMP)
	$(PYTEST)

test-floor: $(STAMP)
	ATOCORE_TEST_NEO4J_VERSION=5.26.30 $(PYTEST) tests/integration

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
