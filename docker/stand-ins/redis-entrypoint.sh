#!/bin/sh
# As the official image's entrypoint: `redis-server` (or a first argument starting with "-") runs
# as the redis user, owning /data; anything else runs as given.
set -e
if [ "${1#-}" != "$1" ]; then set -- redis-server "$@"; fi
if [ "$1" = redis-server ] && [ "$(id -u)" = 0 ]; then
  chown -R redis:redis /data
  exec setpriv --reuid=redis --regid=redis --init-groups "$@"
fi
exec "$@"
