#!/usr/bin/env bash
# make bench: start one set of real servers, run every benchmark under bench/*/run.sh against it,
# print one Markdown table of results, stop the servers. Each benchmark builds itself in release
# mode into the shared scratch folder and sends traffic only to 127.0.0.1.
#
#   bench/run.sh              every benchmark
#   bench/run.sh redis kafka  only these
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export SWIFT_DETERMINISTIC_HASHING=1
export SCRATCH=${SCRATCH:-$root/.build}

names=("$@")
if [[ ${#names[@]} -eq 0 ]]; then
    for script in "$root"/bench/*/run.sh; do names+=("$(basename "$(dirname "$script")")"); done
fi
if [[ ${#names[@]} -eq 0 ]]; then
    echo "no benchmarks under bench/*/run.sh" >&2
    exit 1
fi

servers_dir=$(mktemp -d /tmp/tributary-bench.XXXXXX)
chmod 755 "$servers_dir"
trap '"$root/deploy/local/servers.sh" stop "$servers_dir" >/dev/null || true; rm -rf "$servers_dir"' EXIT
"$root/deploy/local/servers.sh" start "$servers_dir" >&2

echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr); $(date -u +%Y-%m-%d)"
echo
echo "| benchmark | result | target | comparison |"
echo "|---|---|---|---|"
status=0
for name in "${names[@]}"; do
    "$root/bench/$name/run.sh" "$servers_dir/servers.env" || { echo "| $name | FAILED | | |"; status=1; }
done
exit $status
