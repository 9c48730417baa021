#!/usr/bin/env bash
# `npm run bench`: makes sure the network, chaincode and gateways run (scripts/start.sh, the secure
# default: the bench calls the gateway over mutual TLS as org1's teller1; with --dev a plaintext
# development gateway; idempotent; skipped with --no-start) and etcd is installed (scripts/etcd-cluster.sh --install, for Baseline 2),
# then runs test/bench/bench.ts with a default --out under bench-results/. Arguments go to bench.ts.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/use-node.sh
. scripts/use-node.sh
use_project_node
ensure_native_modules
# registerAliases: the bench is test code, importing through the test path aliases (@gateway/...).
bench=(node -r ts-node/register/transpile-only -r ./test/support/registerAliases.ts test/bench/bench.ts)
start=1
dev=()
out_given=0
etcd_wanted=1
prev=""
for arg in "$@"; do
  case "$arg" in
    --help | -h) exec "${bench[@]}" --help ;;
    --no-start) start=0 ;;
    --dev) dev=(--dev) ;;
    --out) out_given=1 ;;
  esac
  if [ "$prev" = "--only" ] && [[ ",$arg," != *",etcd,"* ]]; then etcd_wanted=0; fi
  prev="$arg"
done
if [ "$start" -eq 1 ]; then
  bash scripts/start.sh "${dev[@]}" >&2
fi
if [ "$etcd_wanted" -eq 1 ]; then
  bash scripts/etcd-cluster.sh --install >&2
fi
args=("$@")
if [ "$out_given" -eq 0 ]; then
  mkdir -p bench-results
  args+=(--out "bench-results/bench-$(date +%Y%m%dT%H%M%S).json")
fi
exec "${bench[@]}" "${args[@]}"
