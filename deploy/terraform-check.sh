#!/usr/bin/env bash
# The offline Terraform checks (`make tf-check`, CI): no AWS account, no network.
#   1. terraform fmt -check -recursive terraform
#   2. terraform init (providers from the local mirror only) and validate, in both roots:
#      terraform/ (AWS) and terraform/local/ (moto, `make tf-apply-local`)
#   3. terraform test in terraform/: the modules planned and applied against a mocked AWS provider
#      (tests/*.tftest.hcl); validate and test run side by side
#
# Needs terraform >= 1.11 (TERRAFORM, default: the one on PATH) and the hashicorp/aws provider
# 5.100.0 unpacked in a local mirror (TF_PLUGIN_DIR, default /opt/tf-plugins). Neither comes from
# a package registry the project's machines reach; where they are missing the checks are SKIPPED
# with a message (exit 0), unless TF_CHECK_REQUIRED=1 makes that an error.
#
# Working files (.terraform, the plugin links) go to a temporary folder, removed at the end; the
# lock files terraform init writes are not committed (.gitignore; see README).
set -uo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root" || exit 2

TERRAFORM=${TERRAFORM:-terraform}
TF_PLUGIN_DIR=${TF_PLUGIN_DIR:-/opt/tf-plugins}
AWS_PROVIDER_VERSION=5.100.0
ROOTS=(terraform terraform/local)

say() { printf 'terraform-check: %s\n' "$*"; }

skip_or_fail() {
    if [[ ${TF_CHECK_REQUIRED:-0} == 1 ]]; then
        say "FAILED: $1" >&2
        exit 1
    fi
    say "SKIPPED: $1 (TF_CHECK_REQUIRED=1 makes this an error)" >&2
    exit 0
}

command -v "$TERRAFORM" > /dev/null 2>&1 || skip_or_fail "terraform not found (install terraform >= 1.11 or set TERRAFORM)"
version=$("$TERRAFORM" version -json 2> /dev/null | python3 -c 'import json, sys; print(json.load(sys.stdin)["terraform_version"])' 2> /dev/null)
if [[ -z $version ]] || ! printf '1.11.0\n%s\n' "$version" | sort -V -C; then
    skip_or_fail "terraform ${version:-of unknown version} is older than 1.11"
fi
provider_dir=$TF_PLUGIN_DIR/registry.terraform.io/hashicorp/aws/$AWS_PROVIDER_VERSION
[[ -d $provider_dir ]] || skip_or_fail "hashicorp/aws $AWS_PROVIDER_VERSION not found under $TF_PLUGIN_DIR (set TF_PLUGIN_DIR)"

work=$(mktemp -d "${TMPDIR:-/tmp}/terraform-check.XXXXXX")
trap 'rm -rf "$work"' EXIT

# A CLI configuration that installs providers from the mirror and from nowhere else, so that no
# step can reach for the registry; no update check either.
cat > "$work/cli.tfrc" << CONFIG
provider_installation {
  filesystem_mirror {
    path = "$TF_PLUGIN_DIR"
  }
}
CONFIG
export TF_CLI_CONFIG_FILE=$work/cli.tfrc CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1 TF_INPUT=0

failed=()
report() { # report NAME STATUS SECONDS LOG — print a step's result, its log when it failed
    if (($2 == 0)); then
        say "ok: $1 ($3 s)"
    else
        cat "$4" >&2
        say "FAILED: $1 ($3 s)" >&2
        failed+=("$1")
    fi
}

start=$SECONDS
"$TERRAFORM" fmt -check -recursive -diff terraform > "$work/fmt.log" 2>&1
report "terraform fmt -check -recursive terraform" $? $((SECONDS - start)) "$work/fmt.log"

for dir in "${ROOTS[@]}"; do
    start=$SECONDS
    TF_DATA_DIR=$work/data-${dir//\//-} "$TERRAFORM" -chdir="$dir" init -backend=false -plugin-dir="$TF_PLUGIN_DIR" \
        -no-color > "$work/init-${dir//\//-}.log" 2>&1
    report "terraform init ($dir)" $? $((SECONDS - start)) "$work/init-${dir//\//-}.log"
done
((${#failed[@]} == 0)) || { say "FAILED: ${failed[*]}" >&2; exit 1; }

# validate (both roots) and test run side by side: each spends most of its time loading the AWS
# provider's schema, on one core.
jobs_started=$SECONDS
declare -A pids=() logs=()
for dir in "${ROOTS[@]}"; do
    name="terraform validate ($dir)"
    logs[$name]=$work/validate-${dir//\//-}.log
    TF_DATA_DIR=$work/data-${dir//\//-} "$TERRAFORM" -chdir="$dir" validate -no-color > "${logs[$name]}" 2>&1 &
    pids[$name]=$!
done
name="terraform test (terraform/tests, mocked AWS provider)"
logs[$name]=$work/test.log
TF_DATA_DIR=$work/data-terraform "$TERRAFORM" -chdir=terraform test -no-color > "${logs[$name]}" 2>&1 &
pids[$name]=$!

for name in "terraform validate (terraform)" "terraform validate (terraform/local)" "$name"; do
    wait "${pids[$name]}"
    report "$name" $? $((SECONDS - jobs_started)) "${logs[$name]}"
done
grep -E '^(tests/.*\.\.\. (pass|fail)$|  run )' "$work/test.log"
test_log=$work/test.log

echo
if ((${#failed[@]} > 0)); then
    say "FAILED: ${#failed[@]} step(s)" >&2
    printf '  - %s\n' "${failed[@]}" >&2
    exit 1
fi
say "OK: fmt, validate (${ROOTS[*]}), test ($(grep -Eo '[0-9]+ passed, [0-9]+ failed' "$test_log" | tail -n 1))"
