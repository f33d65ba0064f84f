#!/usr/bin/env bash
# `make tf-apply-local`: terraform apply, then terraform destroy, of terraform/local/ against a
# moto server (the AWS APIs, in memory) on a free port of 127.0.0.1. No AWS account, no network.
#
# terraform/local/ uses the real modules for the network, security groups and KMS key, S3, the
# load balancer and WAF, and ECR/ECS/IAM/CloudWatch Logs/Secrets Manager; what moto cannot hold
# is listed in the README ("Deploying to AWS with Terraform"). The run prints how long apply and
# destroy took, then checks through the AWS API that nothing is left.
#
# Needs what deploy/terraform-check.sh needs (TERRAFORM, TF_PLUGIN_DIR) and moto's server
# (PyPI moto[server], installed by `make deps`). Everything it writes goes to a temporary folder,
# removed at the end together with the moto server (kept, with the logs, when a step fails).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

TERRAFORM=${TERRAFORM:-terraform}
TF_PLUGIN_DIR=${TF_PLUGIN_DIR:-/opt/tf-plugins}
START_TIMEOUT=${START_TIMEOUT:-60}

say() { printf 'terraform-local: %s\n' "$*"; }
die() {
    say "error: $*" >&2
    exit 1
}

command -v "$TERRAFORM" > /dev/null 2>&1 || die "terraform not found (terraform >= 1.11; or set TERRAFORM)"
[[ -d $TF_PLUGIN_DIR/registry.terraform.io/hashicorp/aws ]] || die "no hashicorp/aws provider under $TF_PLUGIN_DIR (set TF_PLUGIN_DIR)"
python3 -c 'import moto.server, flask' 2> /dev/null || die "moto's server is missing: make deps (PyPI moto[server])"

work=$(mktemp -d "${TMPDIR:-/tmp}/terraform-local.XXXXXX")
moto_pid=
cleanup() {
    local status=$?
    if [[ -n $moto_pid ]] && kill -0 "$moto_pid" 2> /dev/null; then
        kill -TERM "$moto_pid" 2> /dev/null || true
        for _ in $(seq 50); do kill -0 "$moto_pid" 2> /dev/null || break; sleep 0.1; done
        kill -KILL "$moto_pid" 2> /dev/null || true
    fi
    if ((status == 0)); then
        rm -rf "$work"
    else
        say "logs kept in $work (moto.log, init.log, apply.log, destroy.log)" >&2
    fi
}
trap cleanup EXIT

# ------------------------------------------------------------------------------------ moto
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
endpoint=http://127.0.0.1:$port
python3 -m moto.server -H 127.0.0.1 -p "$port" > "$work/moto.log" 2>&1 < /dev/null &
moto_pid=$!
deadline=$((SECONDS + START_TIMEOUT))
until curl -fsS -m 2 -o /dev/null "$endpoint/" 2> /dev/null; do
    kill -0 "$moto_pid" 2> /dev/null || { tail -n 20 "$work/moto.log" >&2; die "moto exited during start-up"; }
    ((SECONDS < deadline)) || die "moto not answering on $endpoint after ${START_TIMEOUT}s"
    sleep 0.2
done
say "moto on $endpoint (pid $moto_pid)"

# ------------------------------------------------------------------------------- terraform
cat > "$work/cli.tfrc" << CONFIG
provider_installation {
  filesystem_mirror {
    path = "$TF_PLUGIN_DIR"
  }
}
CONFIG
export TF_CLI_CONFIG_FILE=$work/cli.tfrc TF_DATA_DIR=$work/data CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1 TF_INPUT=0
export TF_VAR_moto_endpoint=$endpoint
# The provider must reach moto only: no credentials or profile of this machine may leak in.
unset AWS_PROFILE AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_DEFAULT_REGION AWS_REGION
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null AWS_EC2_METADATA_DISABLED=true

tf() { "$TERRAFORM" -chdir=terraform/local "$@"; }

step() { # step NAME LOG COMMAND... — run quietly into LOG, show the summary line or the failure
    local name=$1 log=$2 start=$SECONDS
    shift 2
    if "$@" > "$log" 2>&1; then
        say "$name: $(grep -E '^(Apply|Destroy) complete' "$log" | tail -n 1 || echo ok) ($((SECONDS - start)) s)"
    else
        tail -n 60 "$log" >&2
        die "$name failed after $((SECONDS - start)) s (the lines above are terraform's)"
    fi
}

step "init" "$work/init.log" tf init -no-color -plugin-dir="$TF_PLUGIN_DIR" -backend-config="path=$work/terraform.tfstate"
step "apply" "$work/apply.log" tf apply -no-color -auto-approve
say "resources in the state: $(tf state list | wc -l)"
tf output -no-color -json | python3 -c '
import json, sys
out = json.load(sys.stdin)
print("  ECS services:    ", ", ".join(sorted(out["ecs_service_names"]["value"])))
print("  task definitions:", ", ".join(sorted(out["task_definition_arns"]["value"])))
print("  ECR repositories:", len(out["ecr_repository_urls"]["value"]))
print("  buckets:         ", ", ".join(sorted(out["bucket_names"]["value"].values())))
print("  listeners:       ", ", ".join(f"{k} {v}" for k, v in sorted(out["service_urls"]["value"].items())))
'
step "destroy" "$work/destroy.log" tf destroy -no-color -auto-approve
left=$(tf state list | wc -l)
((left == 0)) || die "$left resources still in the state after destroy"

# What moto still holds, asked through the API: nothing of ours may be left.
python3 - "$endpoint" << 'PY'
import sys
import boto3

kw = dict(endpoint_url=sys.argv[1], region_name="us-east-1", aws_access_key_id="moto", aws_secret_access_key="moto")
left = {
    "VPCs": [v["VpcId"] for v in boto3.client("ec2", **kw).describe_vpcs()["Vpcs"] if not v["IsDefault"]],
    "buckets": [b["Name"] for b in boto3.client("s3", **kw).list_buckets()["Buckets"]],
    # A deleted cluster stays listed as INACTIVE for a while (as on AWS).
    "ECS clusters": [
        c["clusterName"] for arns in [boto3.client("ecs", **kw).list_clusters()["clusterArns"]] if arns
        for c in boto3.client("ecs", **kw).describe_clusters(clusters=arns)["clusters"] if c["status"] != "INACTIVE"
    ],
    "ECR repositories": [r["repositoryName"] for r in boto3.client("ecr", **kw).describe_repositories()["repositories"]],
    "load balancers": [lb["LoadBalancerName"] for lb in boto3.client("elbv2", **kw).describe_load_balancers()["LoadBalancers"]],
    "IAM roles": [r["RoleName"] for r in boto3.client("iam", **kw).list_roles()["Roles"] if r["RoleName"].startswith("tributary-")],
    "log groups": [g["logGroupName"] for g in boto3.client("logs", **kw).describe_log_groups()["logGroups"]],
}
remaining = {kind: names for kind, names in left.items() if names}
if remaining:
    sys.exit(f"terraform-local: error: left in moto after destroy: {remaining}")
print("terraform-local: moto holds none of it any more (VPCs, buckets, ECS, ECR, load balancers, IAM roles, log groups)")
PY
say "OK"
