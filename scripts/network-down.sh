#!/usr/bin/env bash
# Stop exactly the processes the network scripts started (PID files in network/.run/pids): the gateways
# (gateway-<org>.pid, and the single gateway.pid of older runs), chaincode server, peers, orderers, CAs.
# With --clean, also remove all generated state.
set -euo pipefail

usage() {
  cat <<'EOF2'
Usage: scripts/network-down.sh [--clean] [--help]   (npm run network:down | npm run network:clean)

Stops every process listed in network/.run/pids (SIGTERM, then SIGKILL after 15 s) and removes its PID
file, gateways first; removes the gateways' endpoint files (network/.run/gateway/<org>/endpoint.json).
Processes that were not started by these scripts are never touched. In the multi-host mode
(NETWORK_HOSTS=netns) it then removes the network namespaces and bridge this network made
(network/netns.sh down; recorded in network/.run/state/netns).
  --clean   also delete network/.run (crypto, ledgers, logs): the next network:up starts from scratch
EOF2
}
clean=0
case "${1:-}" in
  --clean) clean=1 ;;
  -h | --help) usage; exit 0 ;;
  "") ;;
  *) usage >&2; exit 2 ;;
esac

# shellcheck source=network/env.sh
NETWORK_TOPOLOGY_OPTIONAL=1 . "$(dirname "$0")/../network/env.sh"

stopped=()
if [ -d "$PID_DIR" ]; then
  # Stop clients first, then peers, orderers and CAs.
  mapfile -t files < <(find "$PID_DIR" -maxdepth 1 -name '*.pid' | awk '
    /gov-watch/ {print 0, $0; next} /gateway/ {print 0, $0; next} /chaincode/ {print 1, $0; next} /peer/ {print 2, $0; next}
    /orderer/ {print 3, $0; next} {print 4, $0}' | sort -n | cut -d' ' -f2-)
  for f in "${files[@]}"; do
    name="$(basename "$f" .pid)"
    pid="$(cat "$f")"
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      stopped+=("$name:$pid")
    fi
  done
  deadline=$(($(date +%s) + 15))
  for entry in "${stopped[@]}"; do
    pid="${entry#*:}"
    while kill -0 "$pid" 2>/dev/null; do
      if [ "$(date +%s)" -ge "$deadline" ]; then
        kill -KILL "$pid" 2>/dev/null || true
        break
      fi
      sleep 0.1
    done
  done
  for f in "${files[@]}"; do rm -f "$f"; done
fi
# A stopped gateway's endpoint file would send the CLI to a dead address.
rm -f "$RUN_DIR"/gateway/*/endpoint.json
# The hosts of the multi-host mode that this network made (none otherwise).
if [ -s "$STATE_DIR/netns" ]; then
  NETWORK_TOPOLOGY_OPTIONAL=1 bash "$NETWORK_DIR/netns.sh" down
fi
if [ ${#stopped[@]} -eq 0 ]; then
  log "nothing of ours was running"
else
  log "stopped ${stopped[*]}"
fi
if [ "$clean" -eq 1 ]; then
  rm -rf "$RUN_DIR"
  log "removed $RUN_DIR"
fi
