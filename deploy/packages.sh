# The SwiftPM packages of the monorepo, in build order (shared first). Sourced by the Makefile's
# scripts so that a new service is added in one place.
# shellcheck disable=SC2034
PACKAGES=(
    shared/contracts
    shared/platform
    services/csv-producer
    services/user-consumer
    services/user-api
    services/log-api
    services/log-worker
    services/query-service
)
