#!/usr/bin/env bash
# Baseline 2 of the bench needs etcd (Debian's etcd-server and etcd-client). `--install` installs them
# with apt-get when `etcd` is missing (root or sudo; apt-get update only when the install needs it).
# The bench itself starts and stops its own 3-node cluster (test/bench/etcdCluster.ts).
set -euo pipefail

usage() {
  cat <<'EOF2'
Usage: scripts/etcd-cluster.sh --install | --check | --help

  --install   install etcd-server and etcd-client with apt-get unless `etcd` is already on PATH
  --check     exit 0 when etcd and etcdctl are on PATH, print their version
The bench (npm run bench) starts a 3-node cluster on 127.0.0.1, ports ETCD_PORT_BASE..+5
(default NETWORK_PORT_BASE+700), data in a temp folder, and stops exactly those members at the end.
EOF2
}

check() {
  command -v etcd >/dev/null 2>&1 && command -v etcdctl >/dev/null 2>&1 || return 1
  etcd --version | head -n 1
}

install() {
  if check >/dev/null 2>&1; then
    check
    return 0
  fi
  local sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  echo "etcd-cluster: installing etcd-server etcd-client with apt-get" >&2
  if ! DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq etcd-server etcd-client >/dev/null; then
    "${sudo_cmd[@]}" apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq etcd-server etcd-client >/dev/null
  fi
  check
}

case "${1:-}" in
  --install) install ;;
  --check) check ;;
  --help | -h) usage ;;
  *)
    usage >&2
    exit 2
    ;;
esac
