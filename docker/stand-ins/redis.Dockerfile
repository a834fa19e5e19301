# Stand-in for the official redis image, built without Docker Hub (scripts/test-containers.mjs):
# Debian bookworm's redis-server (7.0, not 7.4) on the mmdebstrap base. Same contract as the
# official image where docker/docker-compose.yml relies on it: `redis-server ...` as the command,
# data in /data (the working directory, so the AOF lands there), redis-cli for the healthcheck,
# the server dropped from root to the redis user.
ARG BASE_IMAGE
FROM ${BASE_IMAGE}
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-server \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir /data && chown redis:redis /data
COPY redis-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
WORKDIR /data
VOLUME /data
EXPOSE 6379
ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]
CMD ["redis-server"]
