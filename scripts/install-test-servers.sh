#!/usr/bin/env bash
# Installs the real servers and tools the test suite compares against: redis-server and redis-cli
# (differential and client tests), memcached and the libmemcached tools (memccapable, memcslap, ...).
# Idempotent: does nothing when everything is already installed.
set -euo pipefail
need=()
command -v redis-server >/dev/null || need+=(redis-server)
command -v redis-cli >/dev/null || command -v redis-benchmark >/dev/null || need+=(redis-tools)
command -v memcached >/dev/null || need+=(memcached)
command -v memccapable >/dev/null || need+=(libmemcached-tools)
if [ ${#need[@]} -eq 0 ]; then
  echo "test servers: already installed"
  exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update
$sudo apt-get install -y --no-install-recommends "${need[@]}"
# Package installs may start system services; the tests start their own servers on free ports.
for svc in redis-server memcached; do
  $sudo service "$svc" stop >/dev/null 2>&1 || true
done
