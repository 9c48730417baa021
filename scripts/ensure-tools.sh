#!/usr/bin/env bash
# Installs the tools the project's scripts and tests need and a fresh Debian machine may lack:
# ShellCheck (lint of scripts), curl (health checks), etcd (the bench's Baseline 2) from Debian's apt
# (needs root or sudo), and
# grpcurl (the reflection test) and the bench's Go load generator (test/bench/loadgen; its modules
# come from the Go module proxy) into ~/.cache/fabric-ledger/tools.
# Usage: scripts/ensure-tools.sh [grpcurl]   (grpcurl: only grpcurl, what `npm start` needs for `ledger env`)
set -euo pipefail
cd "$(dirname "$0")/.."
tools="${LEDGER_TOOLS_DIR:-$HOME/.cache/fabric-ledger/tools}"
if [ ! -x "$tools/grpcurl" ] && command -v go >/dev/null 2>&1; then
  echo "ensure-tools: building grpcurl v1.9.3 into $tools" >&2
  GOBIN="$tools" go install github.com/fullstorydev/grpcurl/cmd/grpcurl@v1.9.3
fi
[ "${1:-}" = grpcurl ] && exit 0
if command -v go >/dev/null 2>&1; then
  # A no-op when nothing changed (Go's build cache); the bench builds it the same way.
  (cd test/bench/loadgen && go build -o "$tools/ledger-loadgen" .)
fi
missing=()
command -v shellcheck >/dev/null 2>&1 || missing+=(shellcheck)
command -v curl >/dev/null 2>&1 || missing+=(curl)
command -v etcd >/dev/null 2>&1 || missing+=(etcd-server etcd-client)
[ ${#missing[@]} -eq 0 ] && exit 0
echo "ensure-tools: installing ${missing[*]} with apt-get" >&2
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
"${sudo_cmd[@]}" apt-get update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
