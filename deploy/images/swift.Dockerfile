# The local stand-in for the official swift:6.3-bookworm image, built by
# deploy/images/make-base-images.sh where the public registry cannot be reached. Same layout as the
# official image (toolchain under /usr, the same build packages), so the services' Dockerfiles are
# built unchanged. Build context (a tar stream the script writes): this file, toolchain/usr (the
# machine's toolchain, /opt/swift/usr) and mirror/ — empty, or mirror/swift-packages: a local mirror
# of the GitHub packages for machines without GitHub, which git is then told to read instead.
ARG DEBIAN_IMAGE=debian:bookworm-slim
FROM ${DEBIAN_IMAGE}

# The packages of the official image's Dockerfile (swiftlang/swift-docker, 6.x bookworm).
# hadolint ignore=DL3008
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        binutils \
        ca-certificates \
        git \
        gnupg2 \
        libc6-dev \
        libcurl4-openssl-dev \
        libedit2 \
        libgcc-12-dev \
        libncurses-dev \
        libpython3-dev \
        libsqlite3-0 \
        libstdc++-12-dev \
        libxml2-dev \
        libz3-dev \
        pkg-config \
        tzdata \
        unzip \
        zlib1g-dev \
    && rm -rf /var/lib/apt/lists/*

COPY toolchain/usr/ /usr/
COPY mirror/ /opt/
RUN if [ -d /opt/swift-packages ]; then \
        git config --system url./opt/swift-packages/.insteadOf https://github.com/; \
    fi \
    && swift --version
