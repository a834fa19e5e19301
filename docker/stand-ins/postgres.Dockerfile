# Stand-in for the official postgres image, built without Docker Hub (scripts/test-containers.mjs):
# Debian bookworm's PostgreSQL (15, not 17) on the mmdebstrap base. Same contract as the official
# image where docker/docker-compose.yml relies on it: POSTGRES_USER / POSTGRES_DB /
# POSTGRES_PASSWORD (or POSTGRES_PASSWORD_FILE), the cluster in PGDATA=/var/lib/postgresql/data,
# created on first start (initdb, password auth from the network), pg_isready on the PATH,
# SIGINT (fast shutdown) to stop.
ARG BASE_IMAGE
FROM ${BASE_IMAGE}
# No cluster at package install time: the entrypoint creates it in PGDATA on first start.
RUN mkdir -p /etc/postgresql-common/createcluster.d \
 && echo 'create_main_cluster = false' > /etc/postgresql-common/createcluster.d/no-main-cluster.conf \
 && apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql-15 \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /var/lib/postgresql/data /var/run/postgresql \
 && chown -R postgres:postgres /var/lib/postgresql /var/run/postgresql
ENV PATH=/usr/lib/postgresql/15/bin:$PATH \
    PGDATA=/var/lib/postgresql/data
COPY postgres-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
VOLUME /var/lib/postgresql/data
EXPOSE 5432
STOPSIGNAL SIGINT
ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]
CMD ["postgres"]
