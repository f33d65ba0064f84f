#!/usr/bin/env bash
# Build the service images (`make images`): tributary/<name>:$TRIBUTARY_TAG from
# services/<name>/Dockerfile with the repository root as context, the names docker-compose.yml uses.
#
#   deploy/images/build.sh [NAME...]          NAME: csv-producer user-consumer … (default: all six)
#
# One at a time, under nice: they share one BuildKit cache mount for SwiftPM's scratch folder, so
# the first image compiles the dependencies and the next ones reuse them. Builds run on the host
# network. Never pulls: the base images (SWIFT_IMAGE, RUNTIME_IMAGE, as the Dockerfiles name them)
# must be present — `docker pull` them, or make them from this machine's Debian mirror and Swift
# toolchain with `make base-images` where the registry cannot be reached.
#
# The Dockerfiles need BuildKit (RUN --mount): `docker build` is BuildKit when the buildx plugin is
# installed (Docker 23+); without it, a Docker client older than 23 (Debian 12's docker.io) uses
# its built-in BuildKit with DOCKER_BUILDKIT=1. Settings: TRIBUTARY_TAG (dev), SWIFT_IMAGE
# (swift:6.3-bookworm), RUNTIME_IMAGE (debian:bookworm-slim), DOCKER (the docker client to use).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
readonly ROOT
readonly TAG=${TRIBUTARY_TAG:-dev}
readonly SWIFT_IMAGE=${SWIFT_IMAGE:-swift:6.3-bookworm}
readonly RUNTIME_IMAGE=${RUNTIME_IMAGE:-debian:bookworm-slim}
readonly ALL=(csv-producer user-consumer user-api log-api log-worker query-service)

say() { printf 'images: %s\n' "$*" >&2; }
die() {
    say "error: $*"
    exit 1
}

# The docker client and environment that build with BuildKit → BUILDER (a command array).
choose_builder() {
    local docker=${DOCKER:-docker} candidate version
    command -v "$docker" >/dev/null 2>&1 || die "docker not found — apt-get install docker.io"
    "$docker" info >/dev/null 2>&1 || die "no Docker daemon answers (start one, e.g. dockerd --bridge=none --iptables=false --ip6tables=false)"
    if "$docker" buildx version >/dev/null 2>&1; then
        BUILDER=("$docker" buildx build --load)
        return
    fi
    for candidate in "$docker" $(type -ap docker); do
        version=$("$candidate" version --format '{{.Client.Version}}' 2>/dev/null) || continue
        if [[ ${version%%.*} =~ ^[0-9]+$ ]] && ((${version%%.*} < 23)); then
            BUILDER=(env DOCKER_BUILDKIT=1 "$candidate" build)
            return
        fi
    done
    die "no BuildKit: install the buildx plugin (Debian 13: docker-buildx; Docker's packages: docker-buildx-plugin)"
}

names=("$@")
((${#names[@]})) || names=("${ALL[@]}")
for name in "${names[@]}"; do
    [[ -f $ROOT/services/$name/Dockerfile ]] || die "no services/$name/Dockerfile (one of: ${ALL[*]})"
done
choose_builder
for image in "$SWIFT_IMAGE" "$RUNTIME_IMAGE"; do
    docker image inspect "$image" >/dev/null 2>&1 ||
        die "base image $image is not here: docker pull $image, or make it locally: make base-images"
done

cd "$ROOT"
total_start=$SECONDS
for name in "${names[@]}"; do
    start=$SECONDS
    say "building tributary/$name:$TAG"
    nice -n 10 "${BUILDER[@]}" --network host --progress plain \
        --build-arg SWIFT_IMAGE="$SWIFT_IMAGE" --build-arg RUNTIME_IMAGE="$RUNTIME_IMAGE" \
        -f "services/$name/Dockerfile" -t "tributary/$name:$TAG" . ||
        die "tributary/$name:$TAG failed to build"
    say "tributary/$name:$TAG built in $((SECONDS - start)) s ($(docker image inspect -f '{{.Size}}' "tributary/$name:$TAG" | awk '{printf "%.0f MB", $1 / 1e6}'))"
done
say "${#names[@]} image(s) in $((SECONDS - total_start)) s"
