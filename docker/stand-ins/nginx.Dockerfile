# Stand-in for the official nginx image, built without Docker Hub (scripts/test-containers.mjs):
# Debian bookworm's nginx (1.22) on the mmdebstrap base; the configuration is mounted at
# /etc/nginx/nginx.conf and nginx runs in the foreground, as in the official image.
ARG BASE_IMAGE
FROM ${BASE_IMAGE}
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx \
 && rm -rf /var/lib/apt/lists/*
EXPOSE 8080
STOPSIGNAL SIGQUIT
CMD ["nginx", "-g", "daemon off;"]
