#!/usr/bin/env bash
# Starts one ledger.ImmutableLedger gateway per member org of the network (ORGS in network/env.sh) in
# the background for `npm start`: TLS + mutual TLS + authorization by default, plaintext only with
# --dev. Each org's gateway has its own identity (user gateway1), index, PID file, log, metrics port and
# endpoint file; waits until all serve.
set -euo pipefail

usage() {
  cat <<'EOF2'
Usage: scripts/gateway-up.sh [--dev] [--org ORG]... [--restart] [--help]

Starts a gateway (gateway/dist/cli/server.js, built by npm run build) for every member org of the network of network/env.sh
(the channel's founders and any org that joined by vote), or only for the member orgs --org names,
unless it is already running, and waits (at most 60 s) until each serves. Each listens on its gateway
port of the topology file (network/topology.json: orgs[].gateway.port, moved by GATEWAY_PORT -
ports.gatewayBase). For each member org whose topology entry has "governanceWatch": true it also starts
`ledger gov watch` as that org's admin1 (PID file RUN/pids/gov-watch-<org>.pid, log
RUN/logs/gov-watch-<org>.log).

Secure by default: TLS with the org gateway's certificate (crypto/<org>/gateway/tls, issued by the
org CA), a client certificate required from a member org of the current channel configuration, and
the authorization table (docs/gateway.md, "Security").
  --dev   plaintext development mode: no TLS, no client authentication (also LEDGER_GATEWAY_PLAINTEXT=1;
          LEDGER_GATEWAY_INSECURE=1 is an alias). Only for local development.
  --org ORG  only this member org's gateway (repeatable; `ledger gov execute` starts an invited org's
          gateway so). Without --dev, the mode follows the running gateways of the other members:
          plaintext when one of them serves plaintext (its endpoint file says "tls": false).
  --restart  stop each targeted gateway that runs (SIGTERM: graceful; SIGKILL after 30 s) and start it
          again, in the mode it ran in, so that it reads its channels anew (`ledger channel create`
          restarts the new channel's member orgs' gateways so: --restart --org org1 --org org2).

Channels: each gateway serves the network's main channel (topology channels[0]) and every channel of
RUN/channels/<name>.json ({"name": "<name>", "members": ["Org1MSP", ...]}) whose members include its
org's MSP id, read at start (setting LEDGER_GATEWAY_CHANNELS overrides, see docs/gateway.md
"Channels"); a call chooses its channel with the ledger-channel metadata (ledger --channel NAME).

Per org (RUN = $NETWORK_RUN_DIR, default network/.run):
  PID file  RUN/pids/gateway-<org>.pid      log       RUN/logs/gateway-<org>.log
  index     RUN/gateway/<org>/index.sqlite  metrics   the org's gateway.metricsPort (0 = off)
            (another channel's: RUN/gateway/<org>/index-<channel>.sqlite)
  endpoint  RUN/gateway/<org>/endpoint.json, read by the ledger CLI to find the gateway:
            {"org":"org1","mspId":"Org1MSP","address":"127.0.0.1:50051","tls":true,
             "caFile":"<absolute path of the org CA certificate that signs the gateway TLS certificate>"}
            ("tls": false in development mode)
Environment: GATEWAY_PORT (default: the file's ports), LEDGER_GATEWAY_METRICS_PORT (moves
orgs[].gateway.metricsPort like GATEWAY_PORT, 0 turns metrics off), NETWORK_TOPOLOGY, NETWORK_PORT_BASE,
NETWORK_RUN_DIR, every LEDGER_GATEWAY_* setting of `npx ledger gateway --help` (applied to every org's
gateway), and GATEWAY_NODE_FLAGS: extra node flags, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile
(node refuses --cpu-prof in NODE_OPTIONS; the profile is written on SIGTERM).
Stop them with scripts/network-down.sh (npm run network:down).
EOF2
}
dev=0
restart=0
only=()
while [ $# -gt 0 ]; do
  case "$1" in
    -h | --help) usage; exit 0 ;;
    --dev) dev=1 ;;
    --org) [ -n "${2:-}" ] || { usage >&2; exit 2; }; only+=("$2"); shift ;;
    --restart) restart=1 ;;
    *) usage >&2; exit 2 ;;
  esac
  shift
done
case "${LEDGER_GATEWAY_PLAINTEXT:-${LEDGER_GATEWAY_INSECURE:-0}}" in
  1 | true | yes) dev=1 ;;
esac

cd "$(dirname "$0")/.."
# shellcheck source=network/env.sh
. network/env.sh
# shellcheck source=scripts/use-node.sh
. "$REPO_DIR/scripts/use-node.sh"
use_project_node
ensure_native_modules

targets=("${ORGS[@]}")
if [ ${#only[@]} -gt 0 ]; then
  targets=()
  for org in "${only[@]}"; do
    [[ " ${ORGS[*]} " == *" $org "* ]] || die "--org $org: not a member org of this network (${ORGS[*]})"
    targets+=("$org")
  done
  # An org added later runs its gateway in the mode of the members' running gateways.
  if [ "$dev" -eq 0 ]; then
    for org in "${ORGS[@]}"; do
      [[ " ${only[*]} " == *" $org "* ]] && continue
      is_running "gateway-$org" || continue
      grep -q '"tls":false' "$RUN_DIR/gateway/$org/endpoint.json" 2>/dev/null && dev=1
    done
  fi
fi

# Stops the running gateway of org $1 (graceful SIGTERM, SIGKILL after 30 s) and removes its endpoint
# file; nothing when it does not run.
stop_gateway() {
  local name="gateway-$1" pid deadline
  is_running "$name" || return 0
  pid="$(cat "$(pid_file "$name")")"
  kill -TERM "$pid" 2>/dev/null || true
  deadline=$(($(date +%s) + 30))
  while kill -0 "$pid" 2>/dev/null; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.1
  done
  rm -f "$(pid_file "$name")" "$RUN_DIR/gateway/$1/endpoint.json"
  log "$name stopped (pid $pid) to restart"
}

if [ "$restart" -eq 1 ]; then
  # A restarted gateway keeps the mode it ran in.
  for org in "${targets[@]}"; do
    if [ "$dev" -eq 0 ] && is_running "gateway-$org" &&
      grep -q '"tls":false' "$RUN_DIR/gateway/$org/endpoint.json" 2>/dev/null; then
      dev=1
    fi
  done
  for org in "${targets[@]}"; do stop_gateway "$org"; done
fi

metrics_base="${LEDGER_GATEWAY_METRICS_PORT:-}"
mode_flags=()
mode="mTLS"
if [ "$dev" -eq 1 ]; then
  mode_flags=(--dev)
  mode="PLAINTEXT (development)"
fi

# Writes RUN/gateway/<org>/endpoint.json: <org> <port> <tls true|false>.
write_endpoint() {
  local org="$1" port="$2" tls="$3" dir="$RUN_DIR/gateway/$1" ca_file
  ca_file="$(cd "$CRYPTO_DIR/$org/gateway/tls" && pwd -P)/ca.pem"
  mkdir -p "$dir"
  printf '{"org":"%s","mspId":"%s","address":"%s:%s","tls":%s,"caFile":"%s"}\n' \
    "$org" "${ORG_MSP[$org]}" "${GATEWAY_HOST[$org]}" "$port" "$tls" "$ca_file" >"$dir/endpoint.json.tmp"
  mv "$dir/endpoint.json.tmp" "$dir/endpoint.json"
}

started=()
declare -A port_of=() before_of=()
for org in "${targets[@]}"; do
  name="gateway-$org"
  port="${GATEWAY_NODE_PORT[$org]}"
  metrics=0
  [ "$metrics_base" != 0 ] && metrics="${GATEWAY_METRICS_PORT[$org]}"
  port_of[$org]=$port
  if is_running "$name"; then
    log "$name already running (pid $(cat "$(pid_file "$name")")) on ${GATEWAY_HOST[$org]}:$port"
    continue
  fi
  [ -f "$CRYPTO_DIR/$org/users/gateway1/msp/signcerts/cert.pem" ] ||
    die "$org has no gateway identity (crypto/$org/users/gateway1); is it a member with users enrolled?"
  if port_in_use "$port" "${GATEWAY_HOST[$org]}"; then
    die "port $port (gateway of $org) is in use by another process; set GATEWAY_PORT to move the gateway ports"
  fi
  logfile="$LOG_DIR/$name.log"
  mkdir -p "$LOG_DIR"
  touch "$logfile"
  before_of[$org]=$(wc -l <"$logfile")
  # shellcheck disable=SC2086 # GATEWAY_NODE_FLAGS is a list of flags
  NETWORK_PORT_BASE="$BASE" NETWORK_RUN_DIR="$RUN_DIR" LEDGER_GATEWAY_METRICS_PORT="$metrics" \
    LEDGER_GATEWAY_HOST="${LEDGER_GATEWAY_HOST:-${GATEWAY_HOST[$org]}}" \
    start_process "$name" node ${GATEWAY_NODE_FLAGS:-} "$REPO_DIR/gateway/dist/cli/server.js" \
    "${mode_flags[@]}" --org "$org" --port "$port"
  log "$name starting (pid $(cat "$(pid_file "$name")"), log $logfile, metrics port $metrics)"
  started+=("$org")
done

deadline=$(($(date +%s) + 60))
for org in "${started[@]}"; do
  name="gateway-$org"
  logfile="$LOG_DIR/$name.log"
  until tail -n +"$((before_of[$org] + 1))" "$logfile" | grep -q '"msg":"gateway serving"'; do
    if ! is_running "$name"; then
      tail -n 20 "$logfile" >&2
      die "$name exited during start-up (log: $logfile)"
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
      tail -n 20 "$logfile" >&2
      die "$name did not start serving within 60 s (log: $logfile)"
    fi
    sleep 0.2
  done
  tls=true
  if tail -n +"$((before_of[$org] + 1))" "$logfile" | grep '"msg":"gateway serving"' | grep -q '"tls":false'; then
    tls=false
  fi
  write_endpoint "$org" "${port_of[$org]}" "$tls"
  log "$name serving on ${GATEWAY_HOST[$org]}:${port_of[$org]} ($mode)"
done

# Governance executors: `ledger gov watch` for every member org whose topology entry has
# "governanceWatch": true (approved proposals are then executed without a person running gov execute).
for org in "${GOV_WATCH_ORGS[@]}"; do
  [[ " ${targets[*]} " == *" $org "* ]] || continue
  name="gov-watch-$org"
  if is_running "$name"; then
    log "$name already running (pid $(cat "$(pid_file "$name")"))"
    continue
  fi
  logfile="$LOG_DIR/$name.log"
  touch "$logfile"
  before=$(wc -l <"$logfile")
  NETWORK_PORT_BASE="$BASE" NETWORK_RUN_DIR="$RUN_DIR" start_process "$name" node \
    "$REPO_DIR/gateway/dist/cli/gov.js" watch --org "$org" --user admin1
  deadline=$(($(date +%s) + 60))
  until tail -n +"$((before + 1))" "$logfile" | grep -q '"msg":"governance event stream open"'; do
    is_running "$name" || { tail -n 20 "$logfile" >&2; die "$name exited during start-up (log: $logfile)"; }
    [ "$(date +%s)" -lt "$deadline" ] || { tail -n 20 "$logfile" >&2; die "$name did not start within 60 s (log: $logfile)"; }
    sleep 0.2
  done
  log "$name watching (pid $(cat "$(pid_file "$name")"), log $logfile)"
done
