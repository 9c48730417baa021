#!/usr/bin/env bash
# Create one more channel for some of the main channel's member orgs (`ledger channel create`), as
# Amazon Managed Blockchain consortia keep a "ManufacturerSupplier" channel beside "AllParties": its
# configuration rendered from channel-config/configtx.yaml for those orgs only (their MSPs, anchor peers,
# MAJORITY policies of its own members), its genesis block from configtxgen, joined on every orderer with
# osnadmin and by every peer of the member orgs, the chaincode approved by the members and committed
# (scripts/deploy-chaincode.sh --channel), then the record RUN/channels/<name>.json and the member orgs'
# running gateways restarted so that they serve it. An org outside the channel gets no block of it.
set -euo pipefail

usage() {
  cat <<'EOF2'
Usage: scripts/channel-create.sh <name> --members <MSP id>,<MSP id>[,...]   (ledger channel create)

<name>     Fabric's channel name rule: lower-case letters, digits, '.' and '-', starting with a letter,
           at most 249 characters; not the main channel, not an existing channel.
--members  at least two MSP ids of member orgs of the main channel, e.g. Org1MSP,Org2MSP.

Acts with the member orgs' admin identities (RUN/crypto/<org>/users/admin) and the orderer admin's TLS
client certificate (osnadmin), as scripts/channel-org.sh does: run it where the network's run folder is.
Idempotent for the same request: a creation that stopped half way is resumed; a finished one is refused.
When it is done it prints RUN/channels/<name>.json: {"name":"<name>","members":["Org1MSP","Org2MSP"]}
(members sorted), and restarts the member orgs' gateways that were running (scripts/gateway-up.sh --org,
in the mode they ran in, with this environment's LEDGER_GATEWAY_* settings, as npm start starts them).
Environment: see scripts/network-up.sh --help and scripts/gateway-up.sh --help.
EOF2
}
name=""
members=""
while [ $# -gt 0 ]; do
  case "$1" in
    -h | --help) usage; exit 0 ;;
    --members) [ -n "${2:-}" ] || { usage >&2; exit 2; }; members="$2"; shift ;;
    -*) usage >&2; exit 2 ;;
    *) [ -z "$name" ] || { usage >&2; exit 2; }; name="$1" ;;
  esac
  shift
done
if [ -z "$name" ] || [ -z "$members" ]; then usage >&2; exit 2; fi

# shellcheck source=network/env.sh
. "$(dirname "$0")/../network/env.sh"
# shellcheck source=scripts/use-node.sh
. "$REPO_DIR/scripts/use-node.sh"
use_project_node
ensure_native_modules

t0=$(date +%s)
since() { echo "$(($(date +%s) - t0))s"; }
case "$RUN_DIR" in /*) ;; *) RUN_DIR="$PWD/$RUN_DIR" ;; esac
CHANNELS_DIR="$RUN_DIR/channels"  # (env.sh's, made absolute)
REQUEST_DIR="$STATE_DIR/channel-create"
osn() { # <orderer> <osnadmin channel args...>
  local o="$1"
  shift
  # shellcheck disable=SC2046
  "$(fabric_bin)/osnadmin" channel "$@" $(orderer_admin_tls_args "$o")
}
for o in "${ORDERERS[@]}"; do is_running "$o" || die "$o is not running: run 'npm run network:up' first"; done

# 1. The request, checked against the topology and what exists (gateway/src/topology/channelPlan.ts).
# A channel this script began for the same members and did not finish is resumed, not refused.
existing=()
while read -r c; do [ -n "$c" ] && existing+=("$c"); done < <(
  osn "${ORDERERS[0]}" list 2>/dev/null | grep -oE '"name": ?"[^"]*"' | sed 's/.*"\([^"]*\)"$/\1/'
)
for f in "$CHANNELS_DIR"/*.json; do [ -f "$f" ] && existing+=("$(basename "$f" .json)"); done
sorted_members="$(tr ',' '\n' <<<"$members" | sed 's/^ *//;s/ *$//' | LC_ALL=C sort | paste -sd, -)"
if [ ! -f "$CHANNELS_DIR/$name.json" ] && [ "$(cat "$REQUEST_DIR/$name.members" 2>/dev/null)" = "$sorted_members" ]; then
  resumed=()
  for c in "${existing[@]}"; do [ "$c" = "$name" ] || resumed+=("$c"); done
  existing=("${resumed[@]}")
  log "resuming the creation of channel $name"
fi
plan_args=("$name" "$members" --main "$CHANNEL_NAME" --member-orgs "$(IFS=,; echo "${ORGS[*]}")"
  --existing "$(IFS=,; echo "${existing[*]}")")
plan="$(NETWORK_TOPOLOGY="$TOPOLOGY_FILE" NETWORK_RUN_DIR="$RUN_DIR" gateway_cli channelPlan "${plan_args[@]}")" || exit 1
record="$(NETWORK_TOPOLOGY="$TOPOLOGY_FILE" NETWORK_RUN_DIR="$RUN_DIR" gateway_cli channelPlan "${plan_args[@]}" --record)" || exit 1
mapfile -t CH_ORGS <<<"$plan"
mapfile -t CH_PEERS < <(peers_of "${CH_ORGS[@]}")
org_list="$(IFS=,; echo "${CH_ORGS[*]}")"

# 2. Who may do it: the member orgs' admins (peer join, approvals, commit) and the orderer admin.
for org in "${CH_ORGS[@]}"; do
  d="$CRYPTO_DIR/$org/users/admin/msp"
  if [ ! -f "$d/signcerts/cert.pem" ] || [ -z "$(ls -A "$d/keystore" 2>/dev/null)" ]; then
    die "--members: creating the channel needs the admin identity of ${ORG_MSP[$org]} (crypto/$org/users/admin), which this run folder does not have"
  fi
done
[ -f "$CRYPTO_DIR/$ORDERER_ORG/users/admin/tls/key.pem" ] ||
  die "creating a channel needs the orderer admin's TLS client key (crypto/$ORDERER_ORG/users/admin/tls)"
for p in "${CH_PEERS[@]}"; do is_running "$p" || die "$p is not running: run 'npm run network:up' first"; done
mkdir -p "$REQUEST_DIR" "$ART_DIR" "$LOG_DIR"
echo "$sorted_members" >"$REQUEST_DIR/$name.members"
log "creating channel $name for $org_list"

# 3. Genesis block: configtx.yaml for the member orgs only (the Admins rule from the consortium's
# voting policy over them; Endorsement and LifecycleEndorsement a MAJORITY of them).
cfg="$CONFIG_DIR/configtx-$name"
mkdir -p "$cfg"
if [ ! -f "$ART_DIR/$name.block" ]; then
  NETWORK_TOPOLOGY="$TOPOLOGY_FILE" NETWORK_PORT_BASE="$BASE" NETWORK_RUN_DIR="$RUN_DIR" \
    gateway_cli topologyEnv --configtx "$CRYPTO_DIR" --orgs "$org_list" >"$cfg/configtx.yaml.tmp" ||
    die "could not render configtx.yaml for $name"
  mv "$cfg/configtx.yaml.tmp" "$cfg/configtx.yaml"
  FABRIC_CFG_PATH="$cfg" "$(fabric_bin)/configtxgen" -profile LedgerChannel \
    -outputBlock "$ART_DIR/$name.block.tmp" -channelID "$name" >>"$LOG_DIR/channel-$name.log" 2>&1 ||
    die "configtxgen failed (see $LOG_DIR/channel-$name.log)"
  mv "$ART_DIR/$name.block.tmp" "$ART_DIR/$name.block"
fi

# 4. Every orderer joins (osnadmin exits 0 whatever the HTTP status: read the status line).
for o in "${ORDERERS[@]}"; do
  if ! grep -q '^Status: 200' <<<"$(osn "$o" list -c "$name" 2>&1)"; then
    out="$(osn "$o" join -c "$name" -b "$ART_DIR/$name.block" 2>&1)"
    echo "$out" >>"$LOG_DIR/channel-$name.log"
    grep -q '^Status: 201' <<<"$out" || die "osnadmin join failed for $o: $(echo "$out" | tr '\n' ' ')"
  fi
done
has_raft_leader() {
  local o
  for o in "${ORDERERS[@]}"; do
    grep -qE "^consensus_etcdraft_is_leader\{channel=\"$name\"\} 1" \
      <<<"$(ops_curl "https://${ORDERER_HOST[$o]}:${ORDERER_OPS_PORT[$o]}/metrics")" && return 0
  done
  return 1
}
deadline=$(($(date +%s) + 90))
until has_raft_leader; do
  [ "$(date +%s)" -lt "$deadline" ] || die "channel $name has no Raft leader after 90 s (see $LOG_DIR/orderer*.log)"
  sleep 0.25
done
log "channel $name has a Raft leader ($(since))"

# 5. The member orgs' peers join, receive the genesis block and find each other through gossip
# (anchor peers of the genesis configuration): endorsement across the members needs it.
for p in "${CH_PEERS[@]}"; do
  (
    use_peer_admin "$p"
    if ! "$(fabric_bin)/peer" channel list 2>/dev/null | grep -qx "$name"; then
      out="$("$(fabric_bin)/peer" channel join -b "$ART_DIR/$name.block" 2>&1)" ||
        grep -q "already exists" <<<"$out" ||
        die "$p could not join $name: $(echo "$out" | tail -n 1)"
      echo "$out" >>"$LOG_DIR/channel-$name.log"
    fi
    deadline=$(($(date +%s) + 60))
    until "$(fabric_bin)/peer" channel getinfo -c "$name" >/dev/null 2>&1; do
      [ "$(date +%s)" -lt "$deadline" ] || die "$p has not received channel $name (see $LOG_DIR/$p.log)"
      sleep 0.25
    done
  )
done
want_peers=$((${#CH_PEERS[@]} - 1))
for p in "${CH_PEERS[@]}"; do
  deadline=$(($(date +%s) + 90))
  until [ "$(ops_curl "https://${NODE_HOST[$p]}:${NODE_OPS_PORT[$p]}/metrics" |
    sed -n "s/^gossip_membership_total_peers_known{channel=\"$name\"} //p")" = "$want_peers" ]; do
    [ "$(date +%s)" -lt "$deadline" ] || die "$p does not see the other $want_peers peer(s) of $name through gossip after 90 s"
    sleep 0.25
  done
done
log "peers of $org_list joined $name ($(since))"

# 6. The chaincode: approved by the members, committed with the channel's own Endorsement policy.
bash "$REPO_DIR/scripts/deploy-chaincode.sh" --channel "$name" --orgs "$org_list"

# 7. The record the gateways read (0644, written atomically), then the member gateways that run are
# restarted so that they serve the channel.
mkdir -p "$CHANNELS_DIR"
printf '%s\n' "$record" >"$CHANNELS_DIR/.$name.json.tmp"
chmod 0644 "$CHANNELS_DIR/.$name.json.tmp"
mv "$CHANNELS_DIR/.$name.json.tmp" "$CHANNELS_DIR/$name.json"
restart=()
dev_flag=()
for org in "${CH_ORGS[@]}"; do
  is_running "gateway-$org" || continue
  restart+=(--org "$org")
  grep -q '"tls":false' "$RUN_DIR/gateway/$org/endpoint.json" 2>/dev/null && dev_flag=(--dev)
  pid="$(cat "$(pid_file "gateway-$org")")"
  kill -TERM "$pid" 2>/dev/null || true
  deadline=$(($(date +%s) + 30))
  while kill -0 "$pid" 2>/dev/null; do
    [ "$(date +%s)" -lt "$deadline" ] || die "gateway-$org (pid $pid) did not stop within 30 s"
    sleep 0.1
  done
done
if [ ${#restart[@]} -gt 0 ]; then
  bash "$REPO_DIR/scripts/gateway-up.sh" "${dev_flag[@]}" "${restart[@]}"
fi
log "channel $name created for $org_list ($(since))"
cat "$CHANNELS_DIR/$name.json"
