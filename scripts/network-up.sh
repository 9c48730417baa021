#!/usr/bin/env bash
# Bring up the native Fabric network of the topology file (network/topology.json by default): the CAs,
# the etcdraft orderers, the peers of the channel's founding orgs (and of orgs that joined by vote), the
# channel. Idempotent: what is already running and healthy is left alone; what was stopped is started
# again from its existing state; a half-made network is repaired or you are told to clean it.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: scripts/network-up.sh [--help]   (npm run network:up)

Starts the network of the topology file (docs/topology.md) and waits until every node is healthy and
every member peer has joined the channel (and the channels `ledger channel create` made for its org,
RUN/channels/<name>.json). State, logs and PID files live in network/.run (git-ignored).
Deploy the chaincode afterwards with scripts/deploy-chaincode.sh (npm run deploy).

Environment (see network/env.sh): NETWORK_TOPOLOGY (network/topology.json), NETWORK_PORT_BASE (7000),
NETWORK_RUN_DIR (network/.run), NETWORK_HOSTS (local; netns: each orderer and org on a host of its own,
a network namespace made by network/netns.sh, which needs root),
FABRIC_BIN, CHANNEL_NAME (ledger), PEER_LOGGING_SPEC / ORDERER_LOGGING_SPEC (INFO).
EOF
}
[ "${1:-}" = "--help" ] || [ "${1:-}" = "-h" ] && { usage; exit 0; }

# shellcheck source=network/env.sh
. "$(dirname "$0")/../network/env.sh"
# shellcheck source=scripts/use-node.sh
. "$REPO_DIR/scripts/use-node.sh"
use_project_node
ensure_native_modules
# shellcheck source=network/crypto.sh
. "$NETWORK_DIR/crypto.sh"

t0=$(date +%s)
since() { echo "$(($(date +%s) - t0))s"; }
command -v curl >/dev/null || die "curl is needed for health checks: apt-get install curl"
fabric_bin >/dev/null
mkdir -p "$CRYPTO_DIR" "$DATA_DIR" "$LOG_DIR" "$PID_DIR" "$ART_DIR" "$STATE_DIR" "$CONFIG_DIR"

# A network whose state was made with other settings cannot be reused.
if [ -f "$STATE_DIR/ports" ] && [ "$(cat "$STATE_DIR/ports")" != "$BASE" ]; then
  die "network/.run was created with NETWORK_PORT_BASE=$(cat "$STATE_DIR/ports"), now $BASE: run 'npm run network:clean' first"
fi
echo "$BASE" >"$STATE_DIR/ports"
if [ -f "$STATE_DIR/hosts-mode" ] && [ "$(cat "$STATE_DIR/hosts-mode")" != "$NETWORK_HOSTS_MODE" ]; then
  die "network/.run was created with NETWORK_HOSTS=$(cat "$STATE_DIR/hosts-mode"), now $NETWORK_HOSTS_MODE: run 'npm run network:clean' first"
fi
echo "$NETWORK_HOSTS_MODE" >"$STATE_DIR/hosts-mode"
# Multi-host mode: the hosts (network namespaces) exist before anything is checked or started on them.
if [ "$NETWORK_HOSTS_MODE" = netns ]; then
  bash "$NETWORK_DIR/netns.sh" up
fi

# configtx.yaml from its template, for the topology's orderers and founding orgs
# (gateway/src/topology/configtxYaml.ts; the Admins rule from channel-config/consortium.json).
render_configtx() {
  NETWORK_TOPOLOGY="$TOPOLOGY_FILE" NETWORK_PORT_BASE="$BASE" gateway_cli topologyEnv --configtx "$CRYPTO_DIR"
}

render_configs() {
  local sample org
  sample="$(fabric_sampleconfig)"
  [ -f "$sample/core.yaml" ] || die "core.yaml not found in $sample (re-run scripts/install-fabric.sh --force)"
  for org in "${ORGS[@]}"; do
    mkdir -p "$CONFIG_DIR/peer-$org"
    # Without Docker: vm.endpoint must be empty in the file, and our ccaas builder must be listed.
    # The builder sees only the environment variables listed in its propagateEnvironment: add the one
    # naming the peer's own chaincode TLS client credentials (network/peer.sh sets it).
    sed -e 's#^\(\s*endpoint:\) unix:///var/run/docker.sock#\1 ""#' \
      -e "s#^\(\s*path:\) /opt/hyperledger/ccaas_builder#\1 $NETWORK_DIR/builders/ccaas#" \
      -e 's#^\(\s*\)- CHAINCODE_AS_A_SERVICE_BUILDER_CONFIG$#&\n\1- LEDGER_CHAINCODE_CLIENT_TLS_DIR#' \
      "$sample/core.yaml" >"$CONFIG_DIR/peer-$org/core.yaml"
    grep -q "path: $NETWORK_DIR/builders/ccaas" "$CONFIG_DIR/peer-$org/core.yaml" ||
      die "could not set the external builder in core.yaml (unexpected sampleconfig layout in $sample)"
    grep -qE '^\s*- LEDGER_CHAINCODE_CLIENT_TLS_DIR$' "$CONFIG_DIR/peer-$org/core.yaml" ||
      die "could not add LEDGER_CHAINCODE_CLIENT_TLS_DIR to the builder's propagateEnvironment in core.yaml"
  done
  mkdir -p "$CONFIG_DIR/orderer" "$CONFIG_DIR/configtx"
  cp "$sample/orderer.yaml" "$CONFIG_DIR/orderer/orderer.yaml"
  render_configtx >"$CONFIG_DIR/configtx/configtx.yaml.tmp" || die "could not render configtx.yaml"
  mv "$CONFIG_DIR/configtx/configtx.yaml.tmp" "$CONFIG_DIR/configtx/configtx.yaml"
}

# ensure_started <name> <health-url> <launcher> [args...]: start unless alive; then wait for health.
ensure_started() {
  local name="$1" url="$2" port
  shift 2
  if is_running "$name"; then
    wait_http "$url" 60 "$name" "$LOG_DIR/$name.log"
    return 0
  fi
  rm -f "$(pid_file "$name")"
  for port in ${PORTS_OF[$name]}; do
    port_in_use "$port" "${HOST_OF[$name]}" && die "port $port (for $name) is already in use by another program.
  Stop that program, or choose another port block: NETWORK_PORT_BASE=8000 npm run network:up (after npm run network:clean)"
  done
  log "starting $name"
  start_process "$name" "$@"
  STARTED+=("$name")
}

declare -A PORTS_OF HOST_OF
for org in "${CA_ORGS[@]}"; do PORTS_OF[ca-$org]="${CA_PORT[$org]} ${CA_OPS_PORT[$org]}" HOST_OF[ca-$org]="${CA_HOST[$org]}"; done
for o in "${ORDERERS[@]}"; do
  PORTS_OF[$o]="${ORDERER_PORT[$o]} ${ORDERER_ADMIN_PORT[$o]} ${ORDERER_OPS_PORT[$o]}" HOST_OF[$o]="${ORDERER_HOST[$o]}"
done
for p in "${PEERS[@]}"; do PORTS_OF[$p]="${NODE_PORT[$p]} ${NODE_CC_PORT[$p]} ${NODE_OPS_PORT[$p]}" HOST_OF[$p]="${NODE_HOST[$p]}"; done
STARTED=()

# Check every port of every process that is not running yet before starting anything.
for name in "${!PORTS_OF[@]}"; do
  is_running "$name" && continue
  for port in ${PORTS_OF[$name]}; do
    port_in_use "$port" "${HOST_OF[$name]}" && die "port $port (for $name) is already in use by another program.
  Stop that program, or choose another port block: NETWORK_PORT_BASE=8000 npm run network:up (after npm run network:clean)"
  done
done

render_configs

# 1. Certificate authorities.
for org in "${CA_ORGS[@]}"; do
  ensure_started "ca-$org" "http://${CA_HOST[$org]}:${CA_OPS_PORT[$org]}/healthz" "$NETWORK_DIR/ca.sh" "$org"
done
for org in "${CA_ORGS[@]}"; do
  wait_http "http://${CA_HOST[$org]}:${CA_OPS_PORT[$org]}/healthz" 60 "ca-$org" "$LOG_DIR/ca-$org.log"
done
log "CAs healthy ($(since))"

# 2. Identities (once): nodes and admins with fabric-ca-client, application users from TypeScript.
if [ ! -f "$STATE_DIR/crypto.done" ]; then
  [ -d "$CRYPTO_DIR/$ORDERER_ORG/orderers" ] && die "identities were only partly issued in a previous run: run 'npm run network:clean' and start again"
  log "registering and enrolling identities"
  for org in "$ORDERER_ORG" "${FOUNDING_ORGS[@]}"; do generate_org_crypto "$org"; done
  touch "$STATE_DIR/crypto.done"
  log "identities issued ($(since))"
fi
for org in "${ORGS[@]}"; do
  [ -f "$CRYPTO_DIR/$org/gateway/tls/cert.pem" ] || generate_gateway_tls "$org"
done
# Chaincode TLS (network/crypto.sh): the chaincode server's certificate and each peer's chaincode-client
# credentials, from the chaincode TLS CA; a peer that joins later gets its own here before it starts.
if [ ! -f "$CHAINCODE_TLS_CA_DIR/ca-cert.pem" ] || [ ! -f "$CRYPTO_DIR/chaincode/tls/cert.pem" ]; then
  generate_chaincode_crypto
fi
for p in "${PEERS[@]}"; do
  # A peer added to the topology after the network was made gets its identity here.
  [ -f "$CRYPTO_DIR/${NODE_ORG[$p]}/peers/${NODE_NAME[$p]}/msp/signcerts/cert.pem" ] || generate_peer_crypto "$p"
  [ -f "$CRYPTO_DIR/${NODE_ORG[$p]}/peers/${NODE_NAME[$p]}/chaincode-client/cert.pem" ] || generate_peer_chaincode_client "$p"
done
# Operations TLS (network/crypto.sh): each node's server certificate and the operator's client one.
[ -f "$OPS_CLIENT_DIR/cert.pem" ] || generate_operations_client
for o in "${ORDERERS[@]}"; do
  d="$CRYPTO_DIR/$ORDERER_ORG/orderers/$o"
  [ -f "$d/operations-tls/cert.pem" ] || generate_operations_tls "$d" "$o operations" "${ORDERER_HOST[$o]}"
done
for p in "${PEERS[@]}"; do
  d="$CRYPTO_DIR/${NODE_ORG[$p]}/peers/${NODE_NAME[$p]}"
  [ -f "$d/operations-tls/cert.pem" ] || generate_operations_tls "$d" "${NODE_NAME[$p]}.${ORG_DOMAIN[${NODE_ORG[$p]}]} operations" "${NODE_HOST[$p]}"
done
if [ ! -f "$STATE_DIR/users.done" ]; then
  log "enrolling application users (fabric-ca-client for Node)"
  NETWORK_RUN_DIR="$RUN_DIR" NETWORK_PORT_BASE="$BASE" gateway_cli enrollUsers >>"$LOG_DIR/crypto.log" 2>&1 ||
    die "enrolling application users failed (see $LOG_DIR/crypto.log)"
  touch "$STATE_DIR/users.done"
fi

# 3. Orderers.
for o in "${ORDERERS[@]}"; do
  ensure_started "$o" "https://${ORDERER_HOST[$o]}:${ORDERER_OPS_PORT[$o]}/healthz" "$NETWORK_DIR/orderer.sh" "$o"
done
for o in "${ORDERERS[@]}"; do
  wait_http "https://${ORDERER_HOST[$o]}:${ORDERER_OPS_PORT[$o]}/healthz" 60 "$o" "$LOG_DIR/$o.log"
  deadline=$(($(date +%s) + 60))
  until port_in_use "${ORDERER_ADMIN_PORT[$o]}" "${ORDERER_HOST[$o]}" && port_in_use "${ORDERER_PORT[$o]}" "${ORDERER_HOST[$o]}"; do
    [ "$(date +%s)" -lt "$deadline" ] || die "$o does not listen on its ports (see $LOG_DIR/$o.log)"
    sleep 0.1
  done
done
log "orderers healthy ($(since))"

# 4. Channel (once): genesis block from configtx.yaml, joined on every orderer through osnadmin.
osn() { # <orderer> <osnadmin channel args...>
  local o="$1"
  shift
  # shellcheck disable=SC2046
  "$(fabric_bin)/osnadmin" channel "$@" $(orderer_admin_tls_args "$o")
}
if [ ! -f "$ART_DIR/$CHANNEL_NAME.block" ]; then
  FABRIC_CFG_PATH="$CONFIG_DIR/configtx" "$(fabric_bin)/configtxgen" -profile LedgerChannel \
    -outputBlock "$ART_DIR/$CHANNEL_NAME.block.tmp" -channelID "$CHANNEL_NAME" >>"$LOG_DIR/channel.log" 2>&1 ||
    die "configtxgen failed (see $LOG_DIR/channel.log)"
  mv "$ART_DIR/$CHANNEL_NAME.block.tmp" "$ART_DIR/$CHANNEL_NAME.block"
fi
for o in "${ORDERERS[@]}"; do
  # osnadmin exits 0 whatever the HTTP status: read the status line.
  # Here-strings, not pipes into grep -q: under pipefail a writer that outlives grep -q fails the test.
  if ! grep -q '^Status: 200' <<<"$(osn "$o" list -c "$CHANNEL_NAME" 2>&1)"; then
    log "joining $o to channel $CHANNEL_NAME"
    out="$(osn "$o" join -c "$CHANNEL_NAME" -b "$ART_DIR/$CHANNEL_NAME.block" 2>&1)"
    echo "$out" >>"$LOG_DIR/channel.log"
    grep -q '^Status: 201' <<<"$out" || die "osnadmin join failed for $o: $(echo "$out" | tr '\n' ' ')"
  fi
done
# Wait until the channel has a Raft leader (trap: ~8 s without one after a restart).
wait_raft_leader() {
  local deadline=$(($(date +%s) + 90)) o
  while :; do
    for o in "${ORDERERS[@]}"; do
      if grep -qE "^consensus_etcdraft_is_leader\{channel=\"$CHANNEL_NAME\"\} 1" \
        <<<"$(ops_curl "https://${ORDERER_HOST[$o]}:${ORDERER_OPS_PORT[$o]}/metrics")"; then
        return 0
      fi
    done
    [ "$(date +%s)" -lt "$deadline" ] || die "channel $CHANNEL_NAME has no Raft leader after 90 s (see $LOG_DIR/orderer*.log)"
    sleep 0.25
  done
}
wait_raft_leader
log "channel $CHANNEL_NAME has a Raft leader ($(since))"

# 5. Peers, joined to the channel.
for p in "${PEERS[@]}"; do
  ensure_started "$p" "https://${NODE_HOST[$p]}:${NODE_OPS_PORT[$p]}/healthz" "$NETWORK_DIR/peer.sh" "$p"
done
for p in "${PEERS[@]}"; do
  wait_http "https://${NODE_HOST[$p]}:${NODE_OPS_PORT[$p]}/healthz" 60 "$p" "$LOG_DIR/$p.log"
  # The operations endpoint answers before the peer's gRPC port listens.
  deadline=$(($(date +%s) + 60))
  until port_in_use "${NODE_PORT[$p]}" "${NODE_HOST[$p]}"; do
    [ "$(date +%s)" -lt "$deadline" ] || die "$p does not listen on ${NODE_PORT[$p]} (see $LOG_DIR/$p.log)"
    sleep 0.1
  done
  (
    use_peer_admin "$p"
    if ! "$(fabric_bin)/peer" channel list 2>/dev/null | grep -qx "$CHANNEL_NAME"; then
      log "joining $p to channel $CHANNEL_NAME"
      out="$("$(fabric_bin)/peer" channel join -b "$ART_DIR/$CHANNEL_NAME.block" 2>&1)" ||
        grep -q "already exists" <<<"$out" ||
        die "$p could not join $CHANNEL_NAME: $(echo "$out" | tail -n 1)"
      echo "$out" >>"$LOG_DIR/channel.log"
    fi
  )
done
# Wait until every peer has received the channel's blocks.
for p in "${PEERS[@]}"; do
  deadline=$(($(date +%s) + 60))
  until (use_peer_admin "$p" && "$(fabric_bin)/peer" channel getinfo -c "$CHANNEL_NAME" >/dev/null 2>&1); do
    [ "$(date +%s)" -lt "$deadline" ] || die "$p has not received channel $CHANNEL_NAME (see $LOG_DIR/$p.log)"
    sleep 0.25
  done
done
# Wait until every peer knows every other member peer through gossip: endorsement plans across orgs
# (and so the first multi-org transaction) need it.
want_peers=$((${#PEERS[@]} - 1))
for p in "${PEERS[@]}"; do
  deadline=$(($(date +%s) + 90))
  until [ "$(ops_curl "https://${NODE_HOST[$p]}:${NODE_OPS_PORT[$p]}/metrics" |
    sed -n "s/^gossip_membership_total_peers_known{channel=\"$CHANNEL_NAME\"} //p")" = "$want_peers" ]; do
    [ "$(date +%s)" -lt "$deadline" ] || die "$p does not see the other $want_peers peer(s) through gossip after 90 s (see $LOG_DIR/$p.log)"
    sleep 0.25
  done
done
log "gossip: every peer sees the $want_peers other(s) ($(since))"

# 6. The channels `ledger channel create` made (RUN/channels/<name>.json): a peer of one of their
# member orgs that has not joined (one added to the topology since) joins from the genesis block.
for f in "$CHANNELS_DIR"/*.json; do
  [ -f "$f" ] || continue
  ch="$(basename "$f" .json)"
  [ -f "$ART_DIR/$ch.block" ] || die "channel $ch is recorded in $f but its genesis block $ART_DIR/$ch.block is missing"
  IFS=, read -r -a ch_orgs <<<"$(channel_record_orgs "$f")"
  while read -r p; do
    [ -n "$p" ] || continue
    (
      use_peer_admin "$p"
      if ! "$(fabric_bin)/peer" channel list 2>/dev/null | grep -qx "$ch"; then
        log "joining $p to channel $ch"
        out="$("$(fabric_bin)/peer" channel join -b "$ART_DIR/$ch.block" 2>&1)" ||
          grep -q "already exists" <<<"$out" ||
          die "$p could not join $ch: $(echo "$out" | tail -n 1)"
        echo "$out" >>"$LOG_DIR/channel-$ch.log"
      fi
    )
  done < <(peers_of "${ch_orgs[@]}")
done
echo "${STARTED[*]:-}" >"$STATE_DIR/last-up"
if [ ${#STARTED[@]} -eq 0 ]; then
  log "network already up and healthy: nothing to do ($(since))"
else
  log "network up ($(since)): started ${STARTED[*]}"
fi
