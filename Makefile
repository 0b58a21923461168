# The two commands of the README: `make run` and `make test`.
SWIFT ?= swift
APP := .build/debug/app

.PHONY: run demo test test-long deps build bench

## Install missing system packages, build, start the embedded PostgreSQL (unless
## DATABASE_URL is set), migrate and serve on 127.0.0.1:8080.
run: build
	$(APP) migrate
	$(APP) serve

## `make run` with the demo city loaded first (six stations, three years; loading it
## again adds nothing): a populated dashboard in one step.
demo: build
	$(APP) migrate
	$(APP) demo
	$(APP) serve

## The same set-up, then the whole test suite against a real PostgreSQL, then
## schemathesis against a live server and openapi.yaml (bounded in time), then the fault
## tests against the real binary (crashes, an outage, a killed replay, the access matrix,
## hostile input; about a minute), then the web pages in headless chromium (under a minute).
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	./scripts/schemathesis.sh
	./scripts/faults.py
	@./scripts/install-deps.sh --browser
	./scripts/browser-test.sh

## `make test`, with schemathesis's full budget (at least 2,000 examples) and the long
## fault tests (more writers' work, a longer outage, a client trickling over two minutes).
test-long: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	SCHEMATHESIS_MAX_EXAMPLES=$${SCHEMATHESIS_MAX_EXAMPLES:-100} SCHEMATHESIS_TIMEOUT=$${SCHEMATHESIS_TIMEOUT:-1800} ./scripts/schemathesis.sh
	./scripts/faults.py --long

build: deps
	$(SWIFT) build --product app

deps:
	@./scripts/install-deps.sh

## The benchmarks of BENCHMARKS.md: release build, one throwaway PostgreSQL cluster, every
## row against its limit measured in the same run; under 15 minutes (ARGS=--quick: under 3).
bench:
	@./scripts/install-bench-deps.sh
	$(SWIFT) build -c release --product app --scratch-path .build-release
	python3 bench/run.py $(ARGS)
