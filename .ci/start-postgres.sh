#!/usr/bin/env bash
# Installs PostgreSQL if needed and starts a throw-away cluster on a free 127.0.0.1 port for the
# tests. Its last line is "<connection URL> <data directory>".
set -euo pipefail
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  apt-get update -qq >&2 && apt-get install -y -qq postgresql >&2
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
fi
port=5433
while (echo > "/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
data=$(mktemp -d /tmp/metadeck-pg.XXXXXX)
chown postgres "$data"
# initdb refuses to run as root; the postgres user that the package created runs the cluster.
runuser -u postgres -- "$bin/initdb" -D "$data" -A trust -U postgres >&2
runuser -u postgres -- "$bin/pg_ctl" -D "$data" -o "-h 127.0.0.1 -p $port -k /tmp" -l "$data/server.log" start -w >&2
echo "postgres://postgres@127.0.0.1:$port/postgres $data"
