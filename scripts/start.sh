#!/usr/bin/env bash
# `npm start`: everything a client needs, from a fresh clone: npm dependencies, Fabric binaries, the
# network, the chaincode and (once built) the gateway; then a table of what runs where. Running it
# again while everything is up is a quick no-op that says so.
set -euo pipefail

usage() {
  cat <<'EOF2'
Usage: npm start [-- --dev]   (scripts/start.sh [--dev] [--help])

Steps: npm ci (if node_modules is missing) → npm run build (chaincode/dist, gateway/dist) →
scripts/install-fabric.sh (builds Fabric once, ~4 min cold) → scripts/network-up.sh →
scripts/deploy-chaincode.sh → one gateway per member org
(scripts/gateway-up.sh, on the ports of network/topology.json: org1 on 127.0.0.1:50051), secure by
default (TLS + mutual TLS + authorization). Stop everything with: npm run network:down
  --dev   start the gateways in plaintext development mode (no TLS, no client authentication)
Environment: see scripts/network-up.sh --help, scripts/gateway-up.sh --help and
scripts/install-fabric.sh --help.
EOF2
}
gateway_flags=()
for arg in "$@"; do
  case "$arg" in
    -h | --help) usage; exit 0 ;;
    --dev) gateway_flags=(--dev) ;;
    *) usage >&2; exit 2 ;;
  esac
done

cd "$(dirname "$0")/.."
t0=$(date +%s)
# shellcheck source=scripts/use-node.sh
. scripts/use-node.sh
use_project_node
if [ ! -x node_modules/.bin/tsc ]; then
  echo "start: installing npm dependencies (npm ci)" >&2
  # Run from `npm start`/`npm test`, npm passes its own settings down as npm_config_* variables; npm 11
  # refuses allow-scripts given that way, so let the nested install read it from .npmrc only.
  env -u npm_config_allow_scripts npm ci --no-audit --no-fund
fi
ensure_native_modules
# The gateway, the ledger CLI and the network scripts run compiled JavaScript (chaincode/dist,
# gateway/dist); an unchanged tree rebuilds in seconds.
echo "start: building (npm run build)" >&2
npm run build --silent
bash scripts/install-fabric.sh >/dev/null
# grpcurl, which `ledger env` points other gRPC clients at (built once from the Go module proxy).
bash scripts/ensure-tools.sh grpcurl
bash scripts/network-up.sh
bash scripts/deploy-chaincode.sh
if [ -f gateway/src/cli/server.ts ]; then
  bash scripts/gateway-up.sh "${gateway_flags[@]}"
fi
# shellcheck source=network/env.sh
. network/env.sh
echo
echo "Running (state and logs in $RUN_DIR; ready after $(($(date +%s) - t0)) s):"
# RUNTIME: what the process really runs on, read from its executable (/proc/<pid>/exe): `node --version`
# for the Node processes (gateway, chaincode server), the Fabric binary's own version for the others.
declare -A runtime_of_exe=()
runtime_of() {
  local pid="$1" exe version
  exe="$(readlink "/proc/$pid/exe" 2>/dev/null)" || {
    echo -
    return
  }
  if [ -z "${runtime_of_exe[$exe]:-}" ]; then
    case "${exe##*/}" in
      node) version="node $("$exe" --version)" ;;
      fabric-ca-server) version="fabric-ca $("$exe" version 2>/dev/null | awk '/Version:/ {print $2; exit}')" ;;
      *) version="fabric $("$exe" version 2>/dev/null | awk '/Version:/ {print $2; exit}')" ;;
    esac
    runtime_of_exe[$exe]="$version"
  fi
  echo "${runtime_of_exe[$exe]}"
}
printf '  %-16s %-8s %-16s %s\n' NAME PID RUNTIME ADDRESS
row() {
  local pid
  pid="$(cat "$(pid_file "$1")" 2>/dev/null || echo -)"
  printf '  %-16s %-8s %-16s %s\n' "$1" "$pid" "$(runtime_of "$pid")" "$2"
}
for org in "${CA_ORGS[@]}"; do row "ca-$org" "https://${CA_HOST[$org]}:${CA_PORT[$org]}"; done
for o in "${ORDERERS[@]}"; do row "$o" "${ORDERER_HOST[$o]}:${ORDERER_PORT[$o]} (admin ${ORDERER_ADMIN_PORT[$o]}, ops ${ORDERER_OPS_PORT[$o]})"; done
for p in "${PEERS[@]}"; do row "$p" "${NODE_HOST[$p]}:${NODE_PORT[$p]} (ops ${NODE_OPS_PORT[$p]})"; done
row "chaincode-$CHAINCODE_NAME" "$CHAINCODE_HOST:$CHAINCODE_PORT ($(cat "$STATE_DIR/chaincode-$CHAINCODE_NAME.package" 2>/dev/null))"
# Gateways: address and mode from each org's endpoint file (written by scripts/gateway-up.sh).
for org in "${ORGS[@]}"; do
  endpoint="$RUN_DIR/gateway/$org/endpoint.json"
  if [ ! -f "$(pid_file "gateway-$org")" ] || [ ! -f "$endpoint" ]; then continue; fi
  address="$(sed -n 's/.*"address":"\([^"]*\)".*/\1/p' "$endpoint")"
  if grep -q '"tls":true' "$endpoint"; then mode=mTLS; else mode="PLAINTEXT (development)"; fi
  row "gateway-$org" "$address ($mode)"
done
echo "Channel '$CHANNEL_NAME', chaincode '$CHAINCODE_NAME'. Stop with: npm run network:down"
echo "Call a gateway as a member org's user: npx ledger health --org ${ORGS[0]} --user teller1"
echo "Point grpcurl or another gRPC client at it: eval \"\$(npx ledger env --org ${ORGS[0]} --user auditor1)\""
