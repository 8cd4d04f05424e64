# The two commands: `make run` (serve the Ghent demo) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test lint lock fuzz bench bench-peer-deps neo4j-jars interop-deps graphiql-deps web web-deps chromium schema clean
INTEROP := tests/interop/node_modules/.package-lock.json
GRAPHIQL := server/graphiql/node_modules/.package-lock.json

# The exact versions and hashes of requirements-dev.lock (the image installs requirements.lock,
# its runtime subset), then Kring itself on top without resolving anything again.
$(STAMP): pyproject.toml requirements-dev.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Kring needs Python 3.11 or newer: install it and run make again")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

# Rewrites both lock files from pyproject.toml after a dependency changed (uv, from the dev
# extra). Universal: one file for every platform and Python >= 3.11; the runtime lock is
# constrained to the dev lock's versions, so the image runs what the tests ran. Pins stay
# unless asked: `make lock UPGRADE=--upgrade` takes the newest allowed versions.
LOCK := $(BIN)/uv pip compile pyproject.toml --universal --python-version 3.11 \
	--generate-hashes --custom-compile-command 'make lock' --quiet
lock: $(STAMP)
	$(LOCK) --extra dev $(UPGRADE) -o requirements-dev.lock
	$(LOCK) --constraint requirements-dev.lock -o requirements.lock

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

# The near-me benchmark's peer, @neo4j/graphql on Apollo Server (npm registry, once).
BENCH_PEER := tests/bench/peer/node_modules/.package-lock.json
$(BENCH_PEER): tests/bench/peer/package-lock.json
	cd tests/bench/peer && npm ci --no-audit --no-fund --loglevel=error
bench-peer-deps: $(BENCH_PEER)

# The learner web app (web/): its packages from web/package-lock.json (npm registry, once).
WEB_DEPS := web/node_modules/.package-lock.json
$(WEB_DEPS): web/package-lock.json
	cd web && npm ci --no-audit --no-fund --loglevel=error
web-deps: $(WEB_DEPS)

# Built into web/dist/ (served by Kring at /) only when a source changed. web/src/gql is left
# out: the code generator writes it from the SDL listed here, at every build and check.
WEB_SOURCES := $(shell find web/src -type f -not -path 'web/src/gql/*' 2>/dev/null) \
	$(shell find web/public -type f 2>/dev/null) \
	web/index.html web/vite.config.ts web/vite.sw.config.ts web/codegen.ts web/tsconfig.json \
	web/package.json web/package-lock.json \
	server/graphql/schema.graphql
web/dist/index.html: $(WEB_DEPS) $(WEB_SOURCES)
	cd web && npm run build
web: web/dist/index.html

# Debian's Chromium for the browser tests (tests/web); Playwright never downloads a browser.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "Installing Debian's chromium for the browser tests"; \
		if [ "$$(id -u)" = 0 ]; then as_root=""; \
		elif command -v sudo >/dev/null 2>&1; then as_root="sudo"; \
		else as_root="none"; fi; \
		if [ "$$as_root" = none ] || ! command -v apt-get >/dev/null 2>&1 || \
			! { $$as_root apt-get update -qq && \
				$$as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }; then \
			echo "The browser tests need Chromium: install it (on Debian or Ubuntu:" \
				"sudo apt-get install chromium) so that \`chromium\` is on the PATH," \
				"then run make test again." >&2; \
			exit 1; \
		fi; \
	}

run: $(STAMP) neo4j-jars graphiql-deps web
	KRING_ENV=$${KRING_ENV:-development} $(BIN)/kring serve --demo

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

# The web app's schema check (its documents against the committed SDL) and types, its unit
# tests, then pytest, whose tests/web drive the built app in Chromium.
test: lint neo4j-jars interop-deps graphiql-deps web chromium
	cd web && npm run check && npm test
	$(BIN)/pytest

# A longer schemathesis run of the GraphQL API than the one `make test` includes.
fuzz: $(STAMP) neo4j-jars
	KRING_FUZZ_EXAMPLES=$${KRING_FUZZ_EXAMPLES:-100} $(BIN)/pytest tests/core/test_fuzz.py

bench: $(STAMP) neo4j-jars web chromium $(INTEROP) bench-peer-deps
	$(BIN)/python -m tests.bench

# Rewrites the committed GraphQL SDL after an intended API change.
schema: $(STAMP)
	$(BIN)/kring export-schema > server/graphql/schema.graphql

clean:
	rm -rf $(VENV) .kring deploy/neo4j-local/target tests/interop/node_modules \
		server/graphiql/node_modules web/node_modules web/dist web/src/gql test-output \
		tests/bench/peer/node_modules
