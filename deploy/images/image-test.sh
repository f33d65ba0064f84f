#!/usr/bin/env bash
# `make image-test`: run every service image against real servers — the ones `make up` starts
# (deploy/local/servers.sh), here in a throwaway folder on free ports — and check, per image:
#   - it runs as the non-root user 10001;
#   - the long-running five answer 200 on /health/ready, and Docker's own HEALTHCHECK says healthy;
#   - `docker stop` (SIGTERM) ends each within IMAGE_TEST_STOP_SECONDS (30) with exit code 0;
#   - csv-producer's `check` exits 0 (RabbitMQ answers).
# Containers run with `--network host` and the servers' settings (servers.env) plus HTTP_HOST and a
# free HTTP_PORT, so every byte stays on 127.0.0.1. The images must be built (make images).
# Settings: TRIBUTARY_TAG (dev), IMAGE_TEST_READY_TIMEOUT (120 s), IMAGE_TEST_STOP_SECONDS (30).
# The last line is "image-test: N passed, M failed"; exit 0 only if every check passed.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
readonly ROOT
# shellcheck source=deploy/local/processes.sh
source "$ROOT/deploy/local/processes.sh"
readonly TAG=${TRIBUTARY_TAG:-dev}
readonly READY_TIMEOUT=${IMAGE_TEST_READY_TIMEOUT:-120}
readonly STOP_SECONDS=${IMAGE_TEST_STOP_SECONDS:-30}
readonly SERVICES=(user-consumer user-api log-api log-worker query-service)

passed=0
failed=0
say() { printf 'image-test: %s\n' "$*"; }
pass() {
    passed=$((passed + 1))
    say "ok: $*"
}
fail() {
    failed=$((failed + 1))
    say "FAILED: $*" >&2
}

docker info >/dev/null 2>&1 || {
    say "no Docker daemon answers"
    exit 2
}
for name in csv-producer "${SERVICES[@]}"; do
    docker image inspect "tributary/$name:$TAG" >/dev/null 2>&1 || {
        say "tributary/$name:$TAG is not built: make images"
        exit 2
    }
done

dir=$(mktemp -d /tmp/tributary-image-test.XXXXXX)
chmod 755 "$dir" # PostgreSQL runs as its own user and must reach its data folder below
containers=()
cleanup() {
    ((${#containers[@]} == 0)) || docker rm -f "${containers[@]}" >/dev/null 2>&1 || true
    "$ROOT/deploy/local/servers.sh" stop "$dir" >/dev/null 2>&1 || true
    rm -rf "$dir"
}
trap cleanup EXIT

started=$SECONDS
FAST_UNSAFE=1 "$ROOT/deploy/local/servers.sh" start "$dir" >/dev/null
say "servers up in $((SECONDS - started)) s ($dir)"
run=(docker run --network host --env-file "$dir/servers.env" -e HTTP_HOST=127.0.0.1 -e LOG_FORMAT=text)

for name in csv-producer "${SERVICES[@]}"; do
    user=$(docker image inspect -f '{{.Config.User}}' "tributary/$name:$TAG")
    if [[ $user == 10001:10001 ]]; then pass "$name runs as $user"; else fail "$name runs as '$user', not 10001:10001"; fi
done

if out=$("${run[@]}" --rm "tributary/csv-producer:$TAG" check 2>&1); then
    pass "csv-producer check exits 0"
else
    fail "csv-producer check: $out"
fi

# The five at once, each on its own free port.
declare -A port=() cid=()
read -ra ports <<<"$(free_ports ${#SERVICES[@]})"
for k in "${!SERVICES[@]}"; do
    name=${SERVICES[k]}
    port[$name]=${ports[k]}
    cid[$name]=$("${run[@]}" -d --name "tributary-image-test-$name-$$" -e HTTP_PORT="${ports[k]}" "tributary/$name:$TAG")
    containers+=("${cid[$name]}")
done

for name in "${SERVICES[@]}"; do
    deadline=$((SECONDS + READY_TIMEOUT))
    code=000
    while ((SECONDS < deadline)); do
        code=$(curl -s -m 3 -o /dev/null -w '%{http_code}' "http://127.0.0.1:${port[$name]}/health/ready" || true)
        [[ $code == 200 ]] && break
        [[ $(docker inspect -f '{{.State.Running}}' "${cid[$name]}") == true ]] || break
        sleep 0.5
    done
    if [[ $code == 200 ]]; then
        pass "$name answers 200 on /health/ready (port ${port[$name]})"
    else
        fail "$name: /health/ready answered $code; last log lines:"$'\n'"$(docker logs --tail 20 "${cid[$name]}" 2>&1)"
        continue
    fi
    health=
    while ((SECONDS < deadline + 60)); do
        health=$(docker inspect -f '{{.State.Health.Status}}' "${cid[$name]}")
        [[ $health == healthy || $health == unhealthy ]] && break
        sleep 1
    done
    if [[ $health == healthy ]]; then pass "$name: Docker's HEALTHCHECK says healthy"; else fail "$name: HEALTHCHECK status '$health'"; fi
done

for name in "${SERVICES[@]}"; do
    start_ms=$(date +%s%3N)
    docker stop -t "$STOP_SECONDS" "${cid[$name]}" >/dev/null
    ms=$(($(date +%s%3N) - start_ms))
    code=$(docker inspect -f '{{.State.ExitCode}}' "${cid[$name]}")
    if [[ $code == 0 ]] && ((ms < STOP_SECONDS * 1000)); then
        pass "$name exits 0 on SIGTERM after $ms ms"
    else
        fail "$name: exit code $code after $ms ms of SIGTERM (bound ${STOP_SECONDS}s)"
    fi
done

for name in csv-producer "${SERVICES[@]}"; do
    say "tributary/$name:$TAG $(docker image inspect -f '{{.Size}}' "tributary/$name:$TAG" | awk '{printf "%.0f MB", $1 / 1e6}')"
done
say "took $((SECONDS - started)) s"
say "$passed passed, $failed failed"
((failed == 0))
