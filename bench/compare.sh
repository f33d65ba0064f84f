#!/usr/bin/env bash
# Runs benchmarks of this checkout and of an earlier revision in the same run, on the same servers,
# alternating (earlier, this, earlier, this …), so that a change is judged against what it replaced
# on the same machine at the same time. Each side builds in release mode into a scratch folder of
# its own; the earlier revision is checked out (git worktree) into .build-compare/REV.
#
#   bench/compare.sh REV [NAME...]     NAME: benchmarks under bench/ (default: log-api log-ingest user-cache)
#
# Settings (environment): BASE_TREE: an existing checkout of REV to use (and its .build) instead of
# .build-compare/REV; AFTER_SCRATCH: the scratch folder of this checkout's side (default .build);
# ROUNDS (2): how many times each side runs each benchmark; any variable the
# benchmarks read (DURATION, CONNECTIONS, …). Markdown rows on stdout, each prefixed by its side and
# round; details on stderr. Traffic stays on 127.0.0.1 (the benchmarks refuse other servers).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
rev=${1:?usage: bench/compare.sh REV [NAME...]}
shift
names=("$@")
[[ ${#names[@]} -gt 0 ]] || names=(log-api log-ingest user-cache)
rounds=${ROUNDS:-2}
export SWIFT_DETERMINISTIC_HASHING=1

base_commit=$(git -C "$root" rev-parse --verify "$rev^{commit}")
base=${BASE_TREE:-$root/.build-compare/${base_commit:0:12}}
if [[ -n ${BASE_TREE:-} ]]; then
    [[ $(git -C "$base" rev-parse HEAD) == "$base_commit" ]] || { echo "compare.sh: $base is not at $rev" >&2; exit 1; }
elif [[ ! -d $base ]]; then
    git -C "$root" worktree add --detach "$base" "$base_commit" >&2
fi
for name in "${names[@]}"; do
    [[ -x $base/bench/$name/run.sh ]] || { echo "compare.sh: $rev has no bench/$name" >&2; exit 1; }
    [[ -x $root/bench/$name/run.sh ]] || { echo "compare.sh: no bench/$name here" >&2; exit 1; }
done

servers_dir=$(mktemp -d /tmp/tributary-compare.XXXXXX)
chmod 755 "$servers_dir"
trap '"$root/deploy/local/servers.sh" stop "$servers_dir" >/dev/null || true; rm -rf "$servers_dir"' EXIT
"$root/deploy/local/servers.sh" start "$servers_dir" >&2

echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr); $(date -u +%Y-%m-%dT%H:%MZ)"
echo "Before: ${base_commit:0:12}; after: $(git -C "$root" rev-parse --short=12 HEAD)$(git -C "$root" diff --quiet || echo ' + uncommitted changes')"
echo
echo "| side | benchmark | result | target | comparison |"
echo "|---|---|---|---|---|"
for name in "${names[@]}"; do
    for round in $(seq 1 "$rounds"); do
        for side in before after; do
            if [[ $side == before ]]; then tree=$base scratch=$base/.build; else tree=$root scratch=${AFTER_SCRATCH:-$root/.build}; fi
            echo "load before $side $name round $round: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
            SCRATCH=$scratch "$tree/bench/$name/run.sh" "$servers_dir/servers.env" | sed "s/^|/| $side #$round |/" ||
                echo "| $side #$round | $name | FAILED | | |"
        done
    done
done
