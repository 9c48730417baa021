#!/usr/bin/env bash
# `npm start`: everything a client needs, from a fresh clone: npm dependencies, Fabric binaries, the
# network, the chaincode and (once built) the gateway; then a table of what runs where. Running it
# again while everything is up is a quick no-op that says so.
set -euo pipefail

usage() {
  cat <<'EOF2'
Usage: npm start   (scripts/start.sh [--help])

Steps: npm ci (if node_modules is missing) → scripts/install-fabric.sh (builds Fabric once, ~4 min
cold) → scripts/network-up.sh → scripts/deploy-chaincode.sh → gateway on 127.0.0.1:$GATEWAY_PORT
(when gateway/src/cli/server.ts exists). Stop everything with: npm run network:down
Environment: see scripts/network-up.sh --help and scripts/install-fabric.sh --help.
EOF2
}
[ "${1:-}" = "--help" ] || [ "${1:-}" = "-h" ] && { usage; exit 0; }

cd "$(dirname "$0")/.."
t0=$(date +%s)
if [ ! -x node_modules/.bin/tsc ]; then
  echo "start: installing npm dependencies (npm ci)" >&2
  # Run from `npm start`/`npm test`, npm passes its own settings down as npm_config_* variables; npm 11
  # refuses allow-scripts given that way, so let the nested install read it from .npmrc only.
  env -u npm_config_allow_scripts npm ci --no-audit --no-fund
fi
bash scripts/install-fabric.sh >/dev/null
bash scripts/network-up.sh
bash scripts/deploy-chaincode.sh
if [ -f gateway/src/cli/server.ts ]; then
  bash scripts/gateway-up.sh
fi
# shellcheck source=network/env.sh
. network/env.sh
echo
echo "Running (state and logs in $RUN_DIR; ready after $(($(date +%s) - t0)) s):"
printf '  %-14s %-8s %s\n' NAME PID ADDRESS
row() { printf '  %-14s %-8s %s\n' "$1" "$(cat "$(pid_file "$1")" 2>/dev/null || echo -)" "$2"; }
for org in "${CA_ORGS[@]}"; do row "ca-$org" "https://127.0.0.1:${CA_PORT[$org]}"; done
for o in "${ORDERERS[@]}"; do row "$o" "127.0.0.1:${ORDERER_PORT[$o]} (admin ${ORDERER_ADMIN_PORT[$o]}, ops ${ORDERER_OPS_PORT[$o]})"; done
for org in "${ORGS[@]}"; do row "peer0-$org" "127.0.0.1:${PEER_PORT[$org]} (ops ${PEER_OPS_PORT[$org]})"; done
row "chaincode-$CHAINCODE_NAME" "127.0.0.1:$CHAINCODE_PORT ($(cat "$STATE_DIR/chaincode-$CHAINCODE_NAME.package" 2>/dev/null))"
if [ -f "$(pid_file gateway)" ]; then row gateway "127.0.0.1:$GATEWAY_PORT"; fi
echo "Channel '$CHANNEL_NAME', chaincode '$CHAINCODE_NAME'. Stop with: npm run network:down"
