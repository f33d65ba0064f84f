#!/usr/bin/env bash
# Prepare a library folder that makes programs linked against librdkafka load the librdkafka 2.16
# bundled in PyPI confluent-kafka instead of Debian's 2.0.2, and print the LD_LIBRARY_PATH entry.
#
#   rdkafka-runtime.sh DIR      creates DIR/librdkafka.so.1 -> the bundled library; prints DIR
#
# Why: Debian's librdkafka 2.0.2 cannot talk to the local Kafka-API broker (Tansu, see
# docs/local-servers.md: "ApiVersionRequest: Read underflow"); the 2.16 that confluent-kafka
# bundles can. The Swift code compiles against Debian's headers and only uses what 2.0.2 has, so the
# newer library is a drop-in at run time. Production images keep Debian's library: a real Kafka
# broker talks to 2.0.2 fine.
#
# Prints nothing (and explains on stderr) when confluent-kafka is not installed: callers then run
# with Debian's library. RDKAFKA_LIBDIR=DIR prints DIR instead (a folder prepared some other way);
# RDKAFKA_LIBDIR=none prints nothing. Used by deploy/test.sh and deploy/local/services.sh.
set -euo pipefail

say() { printf 'rdkafka-runtime.sh: %s\n' "$*" >&2; }

[[ $# -eq 1 && -n $1 ]] || {
    say "usage: rdkafka-runtime.sh DIR"
    exit 2
}
dir=$1

case ${RDKAFKA_LIBDIR:-} in
    none) exit 0 ;;
    '') ;;
    *)
        echo "$RDKAFKA_LIBDIR"
        exit 0
        ;;
esac

# The wheel's repaired copy is named librdkafka-<hash>.so.1, next to the package in site-packages.
lib=$(python3 - 2>/dev/null <<'PY' || true
import glob, importlib.util, os
spec = importlib.util.find_spec("confluent_kafka")
if spec and spec.submodule_search_locations:
    package = list(spec.submodule_search_locations)[0]
    found = sorted(glob.glob(os.path.join(os.path.dirname(package), "confluent_kafka.libs", "librdkafka*.so*")))
    if found:
        print(found[0])
PY
)
if [[ -z $lib ]]; then
    say "PyPI confluent-kafka's librdkafka not found: Debian's 2.0.2 stays in use, and it cannot talk to the" \
        "local Kafka broker. Install it with: pip install confluent-kafka (or: make deps)"
    exit 0
fi
mkdir -p "$dir"
ln -sfn "$lib" "$dir/librdkafka.so.1"
(cd "$dir" && pwd -P)
