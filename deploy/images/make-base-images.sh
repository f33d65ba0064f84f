#!/usr/bin/env bash
# Make the two base images the services' Dockerfiles start from, locally, for machines where the
# public image registry cannot be reached (`make images` calls it; it does nothing when both exist):
#
#   debian:bookworm-slim   debootstrap --variant=minbase of Debian 12 from the machine's own Debian
#                          mirror (the one in /etc/apt/sources.list*), imported with docker import
#   swift:6.3-bookworm     that Debian + the machine's Swift toolchain (/opt/swift) under /usr + the
#                          build packages of the official image (deploy/images/swift.Dockerfile)
#
#   deploy/images/make-base-images.sh [--force]      --force: make them again even if present
#
# The names are the official ones, so the Dockerfiles stay exactly what users build elsewhere.
# Settings: DEBIAN_MIRROR (default: the machine's bookworm archive URL), SWIFT_TOOLCHAIN
# (/opt/swift), SWIFT_PACKAGES_MIRROR (/opt/swift-packages when it exists, "none" to leave it out:
# a local copy of the GitHub packages, copied into the build image with git told to read
# https://github.com/ from it, for machines without GitHub), DEBIAN_IMAGE, SWIFT_IMAGE.
# Needs root (debootstrap), docker with a running daemon, debootstrap. Builds on the host network.
set -euo pipefail

readonly DEBIAN_IMAGE=${DEBIAN_IMAGE:-debian:bookworm-slim}
readonly SWIFT_IMAGE=${SWIFT_IMAGE:-swift:6.3-bookworm}
readonly SWIFT_TOOLCHAIN=${SWIFT_TOOLCHAIN:-/opt/swift}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
readonly HERE

say() { printf 'make-base-images.sh: %s\n' "$*" >&2; }
die() {
    say "error: $*"
    exit 1
}

force=0
case ${1:-} in
    --force) force=1 ;;
    '') ;;
    *) die "usage: make-base-images.sh [--force]" ;;
esac

command -v docker >/dev/null 2>&1 || die "docker not found — apt-get install docker.io"
docker info >/dev/null 2>&1 || die "no Docker daemon answers (start one: dockerd --bridge=none --iptables=false --ip6tables=false)"

have_image() { docker image inspect "$1" >/dev/null 2>&1; }

# The bookworm archive the machine's apt already uses (deb822 .sources or one-line .list files).
debian_mirror() {
    if [[ -n ${DEBIAN_MIRROR:-} ]]; then
        echo "$DEBIAN_MIRROR"
        return
    fi
    local f url
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list; do
        [[ -f $f ]] || continue
        url=$(awk '
            /^URIs:/ { uri = $2 } /^Suites:/ && uri != "" && / bookworm( |$)/ { print uri; exit }
            /^[[:space:]]*$/ { uri = "" }
            /^deb / && $3 == "bookworm" { print $2; exit }' "$f")
        if [[ -n $url ]]; then
            echo "${url%/}"
            return
        fi
    done
    echo http://deb.debian.org/debian
}

make_debian() {
    command -v debootstrap >/dev/null 2>&1 || die "debootstrap not found — apt-get install debootstrap"
    ((EUID == 0)) || die "debootstrap needs root"
    local mirror rootfs
    mirror=$(debian_mirror)
    rootfs=$(mktemp -d /tmp/tributary-rootfs.XXXXXX)
    trap 'rm -rf "$rootfs"' RETURN
    say "debootstrap bookworm from $mirror (about a minute)"
    debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >"$rootfs.log" 2>&1 ||
        {
            tail -n 20 "$rootfs.log" >&2
            die "debootstrap failed (log: $rootfs.log)"
        }
    rm -f "$rootfs.log"
    # What the official slim image does too: the archive, its updates and security; no caches.
    cat >"$rootfs/etc/apt/sources.list" <<EOF
deb $mirror bookworm main
deb $mirror bookworm-updates main
deb ${mirror%/debian}/debian-security bookworm-security main
EOF
    rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/cache/apt/archives/*.deb
    tar -C "$rootfs" -c . | docker import --change 'CMD ["bash"]' - "$DEBIAN_IMAGE" >/dev/null
    say "made $DEBIAN_IMAGE"
}

make_swift() {
    [[ -x $SWIFT_TOOLCHAIN/usr/bin/swift ]] || die "no Swift toolchain at $SWIFT_TOOLCHAIN (set SWIFT_TOOLCHAIN)"
    local packages=${SWIFT_PACKAGES_MIRROR:-/opt/swift-packages} context
    context=$(mktemp -d /tmp/tributary-swift-image.XXXXXX)
    trap 'rm -rf "$context"' RETURN
    cp "$HERE/swift.Dockerfile" "$context/Dockerfile"
    mkdir "$context/mirror"
    local sources=(-C "$context" Dockerfile mirror -C "$SWIFT_TOOLCHAIN/.." "$(basename "$SWIFT_TOOLCHAIN")/usr")
    local transform=(--transform "s,^$(basename "$SWIFT_TOOLCHAIN")/usr,toolchain/usr,")
    if [[ $packages != none && -d $packages ]]; then
        sources+=(-C "$(dirname "$packages")" "$(basename "$packages")")
        transform+=(--transform "s,^$(basename "$packages"),mirror/swift-packages,")
        say "with the Swift package mirror $packages"
    fi
    say "building $SWIFT_IMAGE from $DEBIAN_IMAGE and $SWIFT_TOOLCHAIN (a few minutes)"
    # The context goes as a tar stream: no copy of the 3 GB toolchain on disk.
    tar -c "${transform[@]}" "${sources[@]}" |
        nice -n 10 docker build --network host --build-arg DEBIAN_IMAGE="$DEBIAN_IMAGE" -t "$SWIFT_IMAGE" - >&2
    say "made $SWIFT_IMAGE"
}

if ((force)) || ! have_image "$DEBIAN_IMAGE"; then make_debian; else say "$DEBIAN_IMAGE present"; fi
if ((force)) || ! have_image "$SWIFT_IMAGE"; then make_swift; else say "$SWIFT_IMAGE present"; fi
