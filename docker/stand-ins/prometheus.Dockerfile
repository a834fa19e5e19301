# Stand-in for prom/prometheus, built without Docker Hub (scripts/test-containers.mjs): Debian
# bookworm's prometheus (2.42, not 3.x) on the mmdebstrap base. Same contract as the official
# image: the binary is the entry point (flags as the command), storage in /prometheus owned by
# nobody, runs as nobody, wget for the healthcheck.
ARG BASE_IMAGE
FROM ${BASE_IMAGE}
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus wget \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /prometheus /etc/prometheus && chown nobody:nogroup /prometheus
USER nobody
WORKDIR /prometheus
VOLUME /prometheus
EXPOSE 9090
ENTRYPOINT ["/usr/bin/prometheus"]
CMD ["--config.file=/etc/prometheus/prometheus.yml", "--storage.tsdb.path=/prometheus"]
