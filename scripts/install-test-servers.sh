#!/usr/bin/env bash
# Installs the real servers and tools the test suite compares against: redis-server and redis-cli
# (differential and client tests), valkey-server (the differential suite's Valkey 8 side),
# memcached and the libmemcached tools (memccapable, memcslap, ...).
# Idempotent: does nothing when everything is already installed.
set -euo pipefail
need=()
command -v redis-server >/dev/null || need+=(redis-server)
command -v redis-cli >/dev/null || command -v redis-benchmark >/dev/null || need+=(redis-tools)
command -v memcached >/dev/null || need+=(memcached)
command -v memccapable >/dev/null || need+=(libmemcached-tools)
need_valkey=0
command -v valkey-server >/dev/null || need_valkey=1
if [ ${#need[@]} -eq 0 ] && [ $need_valkey -eq 0 ]; then
  echo "test servers: already installed"
  exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive

# Debian 12 has valkey-server in its backports suite only: add that suite from the mirror the
# system already uses. Without it the Valkey differential suite is skipped (said below).
add_backports() {
  local codename uri
  codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
  [ -n "$codename" ] || return 1
  grep -rqs -- "${codename}-backports" /etc/apt/sources.list /etc/apt/sources.list.d/ && return 0
  uri=$(awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
  [ -n "$uri" ] || uri=$(awk '$1 == "deb" { print $2; exit }' /etc/apt/sources.list 2>/dev/null || true)
  [ -n "$uri" ] || return 1
  echo "deb $uri ${codename}-backports main" | $sudo tee /etc/apt/sources.list.d/test-servers-backports.list >/dev/null
}
if [ $need_valkey -eq 1 ] && ! apt-cache policy valkey-server 2>/dev/null | grep -Eq 'Candidate: [^(]'; then
  add_backports || true
fi

$sudo apt-get update
[ ${#need[@]} -eq 0 ] || $sudo apt-get install -y --no-install-recommends "${need[@]}"
if [ $need_valkey -eq 1 ]; then
  codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
  $sudo apt-get install -y --no-install-recommends -t "${codename}-backports" valkey-server \
    || $sudo apt-get install -y --no-install-recommends valkey-server \
    || echo "test servers: valkey-server is not available here; the Valkey differential suite will be skipped"
fi
# Package installs may start system services; the tests start their own servers on free ports.
for svc in redis-server valkey-server memcached; do
  $sudo service "$svc" stop >/dev/null 2>&1 || true
done
