#!/usr/bin/env bash
# Runs the test suites of every package with one shared SwiftPM scratch folder.
#
#   deploy/test.sh unit         unit tests only: no servers, seconds after a build
#   deploy/test.sh integration  integration tests against one set of real servers
#   deploy/test.sh all          both, each package once, servers started once
#
# Ends with one summary line, "tests: N passed, M failed", and exits non-zero if anything failed.
set -euo pipefail

mode=${1:-all}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
scratch=${SCRATCH:-$root/.build}
export SWIFT_DETERMINISTIC_HASHING=1
# shellcheck source=deploy/packages.sh
source "$root/deploy/packages.sh"

case "$mode" in
unit) filter=(--skip IntegrationTests) ;;
integration) filter=(--filter IntegrationTests) ;;
all) filter=() ;;
*) echo "usage: $0 unit|integration|all" >&2; exit 2 ;;
esac

# Debian's librdkafka 2.0.2 cannot talk to the local Kafka broker: the tests load the 2.16 bundled
# in PyPI confluent-kafka instead (deploy/local/rdkafka-runtime.sh; nothing changes without it).
rdkafka_libdir=$("$root/deploy/local/rdkafka-runtime.sh" "$scratch/rdkafka-runtime")
if [[ -n "$rdkafka_libdir" ]]; then
    export LD_LIBRARY_PATH="$rdkafka_libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
fi

# Tests take free ports, whatever ports `make up` or the caller's shell name.
unset POSTGRES_PORT REDIS_PORT AMQP_PORT RABBITMQ_MANAGEMENT_PORT RABBITMQ_DIST_PORT ERL_EPMD_PORT \
    KAFKA_PORT ELASTICSEARCH_PORT S3_PORT

servers_dir=""
stop_servers() {
    if [[ -n "$servers_dir" ]]; then
        "$root/deploy/local/servers.sh" stop "$servers_dir" >&2 || true
        rm -rf "$servers_dir"
    fi
}
if [[ "$mode" != unit && -z "${TRIBUTARY_SERVERS_ENV:-}" ]]; then
    # One set of real servers for the whole run; every test isolates itself by unique names.
    servers_dir=$(mktemp -d /tmp/tributary-itest.XXXXXX)
    chmod 755 "$servers_dir"
    trap stop_servers EXIT
    FAST_UNSAFE=1 "$root/deploy/local/servers.sh" start "$servers_dir"
    export TRIBUTARY_SERVERS_ENV="$servers_dir/servers.env"
fi

started=$(date +%s)
passed=0
failed=0
failed_packages=()
log=$(mktemp)
# What failed, by name, is repeated before the summary: CI keeps only the end of the output.
failures=$(mktemp)
for package in "${PACKAGES[@]}"; do
    echo "==> $package ($mode)"
    status=0
    # The shared scratch folder keeps one build plan, the last package's; SwiftPM 6.3 may take it for
    # this package's and run the other package's tests (seen here: platform's run ran log-worker's).
    rm -f "$scratch/debug/description.json"
    swift test --package-path "$root/$package" --scratch-path "$scratch" "${filter[@]}" 2>&1 | tee "$log" || status=$?
    # Swift Testing's closing line: "✔ Test run with 12 tests in 3 suites passed after …" or
    # "✘ Test run with 12 tests in 3 suites failed after … with 2 issues."; failed tests are the
    # "✘ Test name() … failed" lines (recorded issues end in "with N issue(s)", suites say "Suite").
    total=$(grep -Eo 'Test run with [0-9]+ tests?' "$log" | grep -Eo '[0-9]+' | tail -n 1 || true)
    bad=$(grep -E '^✘ Test [^ ].* failed after' "$log" | grep -vc '^✘ Test run with' || true)
    total=${total:-0}
    if [[ $status -ne 0 && $bad -eq 0 ]]; then  # a build error or crash fails the package
        bad=1
        { echo "$package: exit $status without a failed test; its last lines:"; tail -n 15 "$log"; } >>"$failures"
    fi
    grep -E '^✘ Test [^ ].*(failed after|recorded an issue)' "$log" | grep -v '^✘ Test run with' |
        sed "s|^|$package: |" | cut -c1-400 >>"$failures" || true
    passed=$((passed + total - (bad > total ? total : bad)))
    failed=$((failed + bad))
    if [[ $status -ne 0 ]]; then failed_packages+=("$package"); fi
done
rm -f "$log"
# Stop the servers before the summary, so that the summary stays the run's last line.
stop_servers
servers_dir=""

if [[ ${#failed_packages[@]} -gt 0 ]]; then
    echo "what failed:"
    cat "$failures"
    echo "failed packages: ${failed_packages[*]}"
fi
rm -f "$failures"
echo "duration: $(( $(date +%s) - started )) s"
echo "tests: $passed passed, $failed failed"
[[ $failed -eq 0 && ${#failed_packages[@]} -eq 0 ]]
