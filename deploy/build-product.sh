#!/usr/bin/env bash
# Builds one executable product of one package into the shared scratch folder and prints the
# binary's path on stdout (the build's own output goes to stderr).
#
#   deploy/build-product.sh PACKAGE_DIR PRODUCT [MODE]     MODE: release (default) or debug
#
# Why one script: SwiftPM 6.3 sometimes answers "No target named '<product>-…exe' in build
# description" when one scratch folder switches from one package to another (the plan on disk is
# the previous package's). Removing that plan makes the next call plan again; every caller that
# builds a product (make up, the benchmarks) gets the same remedy.
set -euo pipefail

package=${1:?usage: deploy/build-product.sh PACKAGE_DIR PRODUCT [MODE]}
product=${2:?usage: deploy/build-product.sh PACKAGE_DIR PRODUCT [MODE]}
mode=${3:-release}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
scratch=${SCRATCH:-$root/.build}
export SWIFT_DETERMINISTIC_HASHING=1

build() { swift build -c "$mode" --package-path "$package" --scratch-path "$scratch" --product "$product" >&2; }
if ! build; then
    echo "deploy/build-product.sh: planning $product again" >&2
    rm -f "$scratch/$mode/description.json"
    build
fi
echo "$(swift build -c "$mode" --package-path "$package" --scratch-path "$scratch" --show-bin-path)/$product"
