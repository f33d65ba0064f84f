# Tributary: every entry point. `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# One shared scratch folder: the first package compiles the dependencies, the others reuse them.
SCRATCH ?= $(CURDIR)/.build
# make up keeps servers' data, services' logs and pidfiles here between runs.
RUN_DIR ?= $(CURDIR)/.run
# SwiftPM 6.3 passes package traits in random order; fixed hashing stops needless rebuilds.
export SWIFT_DETERMINISTIC_HASHING := 1
# What `make up` builds and runs: optimised executables by default (what users measure);
# `make up MODE=debug` for debugging. Tests always build in debug.
MODE ?= release
export SCRATCH RUN_DIR MODE

PACKAGES := $(shell source deploy/packages.sh && echo "$${PACKAGES[@]}")
# The packages with an executable, each named after its folder (services/log-api → log-api).
SERVICE_PACKAGES := $(filter services/%,$(PACKAGES))
SWIFT_SOURCES := $(foreach p,$(PACKAGES),$(wildcard $(p)/Sources $(p)/Tests))

# Ports of `make up` (the services' defaults); override any of them on the command line. Only
# `make up` passes them on: tests and benchmarks always take free ports.
POSTGRES_PORT ?= 5432
REDIS_PORT ?= 6379
AMQP_PORT ?= 5672
RABBITMQ_MANAGEMENT_PORT ?= 15672
KAFKA_PORT ?= 9092
ELASTICSEARCH_PORT ?= 9200
S3_PORT ?= 9000
UP_PORTS = POSTGRES_PORT=$(POSTGRES_PORT) REDIS_PORT=$(REDIS_PORT) AMQP_PORT=$(AMQP_PORT) \
	RABBITMQ_MANAGEMENT_PORT=$(RABBITMQ_MANAGEMENT_PORT) KAFKA_PORT=$(KAFKA_PORT) \
	ELASTICSEARCH_PORT=$(ELASTICSEARCH_PORT) S3_PORT=$(S3_PORT)

.PHONY: help deps build executables unit itest test bench up down status scale scale-test logs fmt lint clean \
	tf-check tf-apply-local base-images images image-test

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

deps: ## install what is missing: Debian packages, PyPI tools (idempotent)
	@deploy/local/deps.sh

build: deps ## build every package, its tests and executables
	@for package in $(PACKAGES); do \
	    echo "==> build $$package"; \
	    rm -f $(SCRATCH)/debug/description.json; \
	    swift build --build-tests --package-path $$package --scratch-path $(SCRATCH) || exit 1; \
	done

executables: deps ## build only the six executables, in MODE (release by default)
	@for package in $(SERVICE_PACKAGES); do \
	    echo "==> build $$package ($(MODE))"; \
	    deploy/build-product.sh $$package $${package#services/} $(MODE) >/dev/null || exit 1; \
	done

unit: build ## unit tests: no servers needed
	@deploy/test.sh unit

itest: build ## integration tests against real servers started for this run (DOCKER=1: as containers)
	@deploy/test.sh integration

test: build ## unit + integration tests (what CI runs)
	@deploy/test.sh all

bench: deps ## benchmarks under bench/ against real servers (results: BENCHMARKS.md)
	@bench/run.sh

# `make up LOG_WORKER_REPLICAS=3` (USER_CONSUMER_ … QUERY_SERVICE_REPLICAS): replicas per service,
# the names docker-compose.yml reads; each service's port (USER_CONSUMER_PORT …) is its gateway's.
up: executables ## start the servers and every service (release builds; MODE=debug for debug) as local processes
	@$(UP_PORTS) deploy/local/servers.sh start $(RUN_DIR)
	@deploy/local/services.sh start $(RUN_DIR)
	@deploy/local/services.sh status $(RUN_DIR)

down: ## stop every service (SIGTERM), then the servers; data stays in .run
	@deploy/local/services.sh stop $(RUN_DIR)
	@deploy/local/servers.sh stop $(RUN_DIR)

status: ## show each server, each service and every replica (pid, port) and whether it is ready
	@deploy/local/servers.sh status $(RUN_DIR); s=$$?; deploy/local/services.sh status $(RUN_DIR) && exit $$s

scale: ## run N replicas of one service of make up: make scale SERVICE=log-worker N=3
	@[[ -n "$(SERVICE)" && -n "$(N)" ]] || { echo "usage: make scale SERVICE=NAME N=K" >&2; exit 2; }
	@deploy/local/services.sh scale $(RUN_DIR) $(SERVICE) $(N)

scale-test: executables ## make up's scaling against real servers: a killed worker loses nothing, replicas all serve (~2 min)
	@deploy/tests/scale-test.sh

logs: ## follow the services' logs
	@tail -n 50 -F $(RUN_DIR)/logs/*.log

fmt: ## format the Swift sources in place
	@swift format --in-place --recursive --parallel --configuration .swift-format $(SWIFT_SOURCES)

lint: ## swift-format, hadolint, compose and YAML checks
	@deploy/lint.sh

clean: ## remove build output (keeps .run data)
	rm -rf $(SCRATCH)

# ------------------------------------------------------------------ Terraform (terraform/, README
# "Deploying to AWS with Terraform"): offline, no AWS account needed for either target.

tf-check: ## terraform fmt, validate and test (mocked AWS provider), offline
	@deploy/terraform-check.sh

tf-apply-local: ## terraform apply, then destroy, of terraform/local against a moto server
	@deploy/terraform-local.sh

# ------------------------------------------------------------------ Images (README "Images"): a
# Docker engine with BuildKit; image-test also starts the servers of `make up` in a throwaway folder.

base-images: ## make debian:bookworm-slim and swift:6.3-bookworm locally (no image registry needed)
	@deploy/images/make-base-images.sh

images: ## build the six service images, tributary/NAME:dev (one at a time, shared SwiftPM cache)
	@deploy/images/build.sh

image-test: images ## every image against real servers: /health/ready, HEALTHCHECK, exit 0 on SIGTERM
	@deploy/images/image-test.sh
