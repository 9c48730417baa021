#!/usr/bin/env bash
# Starts the ledger.ImmutableLedger gateway in the background for `npm start`: Org1's peer, plaintext
# (development mode, --insecure) on 127.0.0.1:$GATEWAY_PORT. PID file network/.run/pids/gateway.pid
# (so `npm run network:down` stops it), log network/.run/logs/gateway.log. Waits until it serves.
set -euo pipefail

usage() {
  cat <<'EOF2'
Usage: scripts/gateway-up.sh [--help]

Starts the gateway (gateway/src/cli/server.ts --insecure) for the network of network/env.sh, unless it
is already running, and waits (at most 60 s) until it serves on 127.0.0.1:$GATEWAY_PORT.
Environment: GATEWAY_PORT (default 50051), NETWORK_PORT_BASE, NETWORK_RUN_DIR, and every
LEDGER_GATEWAY_* setting of `node -r ts-node/register/transpile-only gateway/src/cli/server.ts --help`,
and GATEWAY_NODE_FLAGS: extra node flags, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile
(node refuses --cpu-prof in NODE_OPTIONS; the profile is written on SIGTERM).
Plaintext is for local development only: see docs/gateway.md for TLS.
EOF2
}
[ "${1:-}" = "--help" ] || [ "${1:-}" = "-h" ] && { usage; exit 0; }

cd "$(dirname "$0")/.."
# shellcheck source=network/env.sh
. network/env.sh
# shellcheck source=scripts/use-node.sh
. "$REPO_DIR/scripts/use-node.sh"
use_project_node
ensure_native_modules

if is_running gateway; then
  log "gateway already running (pid $(cat "$(pid_file gateway)")) on 127.0.0.1:$GATEWAY_PORT"
  exit 0
fi
if port_in_use "$GATEWAY_PORT"; then
  die "port $GATEWAY_PORT is in use by another process; set GATEWAY_PORT"
fi

logfile="$LOG_DIR/gateway.log"
mkdir -p "$LOG_DIR"
touch "$logfile"
before=$(wc -l <"$logfile")
export GATEWAY_PORT NETWORK_PORT_BASE="$BASE" NETWORK_RUN_DIR="$RUN_DIR"
# shellcheck disable=SC2086 # GATEWAY_NODE_FLAGS is a list of flags
start_process gateway node ${GATEWAY_NODE_FLAGS:-} -r ts-node/register/transpile-only gateway/src/cli/server.ts --insecure
log "gateway starting (pid $(cat "$(pid_file gateway)"), log $logfile)"

deadline=$(($(date +%s) + 60))
until tail -n +"$((before + 1))" "$logfile" | grep -q '"msg":"gateway serving"'; do
  if ! is_running gateway; then
    tail -n 20 "$logfile" >&2
    die "gateway exited during start-up (log: $logfile)"
  fi
  if [ "$(date +%s)" -ge "$deadline" ]; then
    tail -n 20 "$logfile" >&2
    die "gateway did not start serving within 60 s (log: $logfile)"
  fi
  sleep 0.2
done
log "gateway serving on 127.0.0.1:$GATEWAY_PORT (plaintext, development mode)"
