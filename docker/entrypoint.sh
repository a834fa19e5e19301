#!/bin/sh
# Starts one service of the image: the name comes from $SERVICE or the first argument; the other
# arguments (--production, --stdio) go to the service. `exec` replaces this shell, so SIGTERM from
# `docker stop` / Kubernetes reaches Node directly and shutdown is graceful.
set -eu
APP_ROOT="${APP_ROOT:-$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)}"
service="${SERVICE:-}"
if [ -z "$service" ] && [ "$#" -gt 0 ] && [ -d "$APP_ROOT/services/$1" ]; then
  service="$1"
  shift
fi
case "$service" in
  '' )
    echo "entrypoint: set SERVICE or pass the service name as the first argument; services:" >&2
    ls "$APP_ROOT/services" >&2
    exit 64 ;;
  *[!a-z0-9-]* )
    echo "entrypoint: invalid service name: $service" >&2
    exit 64 ;;
esac
entry="$APP_ROOT/services/$service/dist/index.js"
if [ ! -f "$entry" ]; then
  echo "entrypoint: no such service (or not built): $service" >&2
  exit 64
fi
export SERVICE="$service"
exec node "$entry" "$@"
