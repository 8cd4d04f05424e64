# The two commands: `make run` (serve the Ghent demo) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test lint fuzz bench neo4j-jars interop-deps graphiql-deps schema clean
INTEROP := tests/interop/node_modules/.package-lock.json
GRAPHIQL := server/graphiql/node_modules/.package-lock.json

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Kring needs Python 3.11 or newer: install it and run make again")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# Resolves the embedded Neo4j from Maven Central and compiles its launcher (cached under .kring/),
# only when it is the Neo4j that will be used: with NEO4J_URI set or a Docker engine answering it
# says so and skips, so that a JDK and Maven are needed only for the local launcher.
neo4j-jars: $(STAMP)
	$(BIN)/kring neo4j --prepare-only

# Digital Bazaar's verifier, for the offline interoperability tests (npm registry, once).
$(INTEROP): tests/interop/package-lock.json
	cd tests/interop && npm ci --no-audit --no-fund --loglevel=error
interop-deps: $(INTEROP)

# GraphiQL's built files for the development IDE at /graphql, served by Kring (npm registry, once).
$(GRAPHIQL): server/graphiql/package-lock.json
	cd server/graphiql && npm ci --no-audit --no-fund --loglevel=error
graphiql-deps: $(GRAPHIQL)

run: $(STAMP) neo4j-jars graphiql-deps
	KRING_ENV=$${KRING_ENV:-development} $(BIN)/kring serve --demo

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

test: lint neo4j-jars interop-deps graphiql-deps
	$(BIN)/pytest

# A longer schemathesis run of the GraphQL API than the one `make test` includes.
fuzz: $(STAMP) neo4j-jars
	KRING_FUZZ_EXAMPLES=$${KRING_FUZZ_EXAMPLES:-100} $(BIN)/pytest tests/core/test_fuzz.py

bench: $(STAMP) neo4j-jars
	$(BIN)/python -m tests.bench.near_me
	$(BIN)/python -m tests.bench.notifications
	$(BIN)/python -m tests.bench.sessions

# Rewrites the committed GraphQL SDL after an intended API change.
schema: $(STAMP)
	$(BIN)/kring export-schema > server/graphql/schema.graphql

clean:
	rm -rf $(VENV) .kring deploy/neo4j-local/target tests/interop/node_modules \
		server/graphiql/node_modules
