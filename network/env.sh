#!/usr/bin/env bash
# Shared settings of the native test network: paths, ports and names. Sourced by the scripts in scripts/
# and network/; defines variables and small helpers, starts nothing.
#
# Configuration: network/network.env (optional file, KEY=value lines), then the environment.
#   NETWORK_TOPOLOGY   the topology file (default network/topology.json; docs/topology.md)
#   NETWORK_PORT_BASE  moves every node port of the topology by (this - ports.networkBase)
#   NETWORK_RUN_DIR    all generated state: crypto, data, logs, PID files (default network/.run)
#   NETWORK_HOSTS      local (default: every node on the topology's hosts) or netns (each orderer and
#                      each org on a host of its own: a Linux network namespace, network/netns.sh)
#   FABRIC_BIN         existing Fabric binaries (default: built by scripts/install-fabric.sh)
#   CHANNEL_NAME       channel (default ledger)      CHAINCODE_NAME  chaincode (default ledger)
# shellcheck disable=SC2034  # variables are used by the scripts that source this file

NETWORK_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$NETWORK_DIR/.." && pwd)"
if [ -f "$NETWORK_DIR/network.env" ]; then
  # shellcheck disable=SC1091
  set -a && . "$NETWORK_DIR/network.env" && set +a
fi

RUN_DIR="${NETWORK_RUN_DIR:-$NETWORK_DIR/.run}"
CRYPTO_DIR="$RUN_DIR/crypto"
DATA_DIR="$RUN_DIR/data"
LOG_DIR="$RUN_DIR/logs"
PID_DIR="$RUN_DIR/pids"
ART_DIR="$RUN_DIR/artifacts"
STATE_DIR="$RUN_DIR/state"
CONFIG_DIR="$RUN_DIR/config"

# gateway_cli <name> [args]: runs the compiled gateway command gateway/dist/cli/<name>.js (topologyEnv,
# enrollUsers, editChannelConfig, server, gov, ...) from the repository folder. `npm run build` (which
# `npm start` and `npm test` run) compiles it; TypeScript is never run from source here.
gateway_cli() {
  local entry="$REPO_DIR/gateway/dist/cli/$1.js"
  shift
  if [ ! -f "$entry" ]; then
    printf 'error: %s is missing: build the gateway first (npm run build, or npm start)\n' "${entry#"$REPO_DIR"/}" >&2
    return 1
  fi
  (cd "$REPO_DIR" && node "$entry" "$@")
}


# The topology (network/topology.json, or the file NETWORK_TOPOLOGY names): orgs, nodes, hosts and
# ports, read through gateway/src/cli/topologyEnv.ts, compiled (which validates it and names the field of any
# problem) into bash maps; see the TSDoc of gateway/src/topology/topologyShell.ts for every name. Orgs
# added at run time (`ledger org prepare`) are fragments in $STATE_DIR/topology.d/<org>.json, appended
# to the file's orgs. The result is cached per content of the file and fragments and per port settings
# in $STATE_DIR (making it takes about a second).
TOPOLOGY_FILE="${NETWORK_TOPOLOGY:-$NETWORK_DIR/topology.json}"
load_topology() {
  local key cache run_dir fragments=()
  [ -f "$TOPOLOGY_FILE" ] || { printf 'error: topology file %s not found\n' "$TOPOLOGY_FILE" >&2; exit 1; }
  [ -d "$STATE_DIR/topology.d" ] && mapfile -t fragments < <(find "$STATE_DIR/topology.d" -maxdepth 1 -name '*.json' | LC_ALL=C sort)
  key="$( (cat "$TOPOLOGY_FILE" "$NETWORK_DIR/topology.schema.json" && for f in "${fragments[@]}"; do
    printf '
%s
' "${f##*/}" && cat "$f"; done) | cksum | cut -d' ' -f1)"
  key="$key-${NETWORK_PORT_BASE:-}-${GATEWAY_PORT:-}-${LEDGER_GATEWAY_METRICS_PORT:-}-${NETWORK_HOSTS:-}"
  cache="$STATE_DIR/topology.$key.env"
  if [ ! -s "$cache" ]; then
    if [ ! -d "$REPO_DIR/node_modules/@grpc" ] || [ ! -f "$REPO_DIR/gateway/dist/cli/topologyEnv.js" ]; then
      # network-down needs no topology: on a clone without dependencies there is nothing to stop.
      [ "${NETWORK_TOPOLOGY_OPTIONAL:-0}" = 1 ] && return 0
      printf 'error: reading the topology needs the npm dependencies and the built gateway: run npm ci and npm run build (or npm start)\n' >&2
      exit 1
    fi
    mkdir -p "$STATE_DIR"
    rm -f "$STATE_DIR"/topology.*.env
    case "$RUN_DIR" in /*) run_dir="$RUN_DIR" ;; *) run_dir="$PWD/$RUN_DIR" ;; esac
    (NETWORK_TOPOLOGY="$TOPOLOGY_FILE" NETWORK_PORT_BASE="${NETWORK_PORT_BASE:-}" NETWORK_RUN_DIR="$run_dir" \
      GATEWAY_PORT="${GATEWAY_PORT:-}" LEDGER_GATEWAY_METRICS_PORT="${LEDGER_GATEWAY_METRICS_PORT:-}" \
      NETWORK_HOSTS="${NETWORK_HOSTS:-}" gateway_cli topologyEnv >"$cache.tmp") ||
      { rm -f "$cache.tmp"; exit 1; }
    mv "$cache.tmp" "$cache"
  fi
  # The names the generated file sets (declared here for readers and ShellCheck).
  declare -g TOPOLOGY_NETWORK_BASE ORDERER_ORG TOPOLOGY_CHANNEL TOPOLOGY_CHAINCODE CHAINCODE_HOST TOPOLOGY_CHAINCODE_PORT \
    NETWORK_HOSTS_MODE NETNS_PREFIX NETNS_SUBNET NETNS_BRIDGE NETNS_BRIDGE_ADDRESS
  declare -ga ORDERERS TOPOLOGY_ORGS FOUNDING_ORGS GOV_WATCH_ORGS NETNS_NAMES
  declare -gA ORG_MSP ORG_DOMAIN CA_HOST CA_PORT CA_OPS_PORT ORDERER_HOST ORDERER_PORT ORDERER_ADMIN_PORT \
    ORDERER_OPS_PORT ORG_PEERS PEER_HOST PEER_PORT PEER_CC_PORT PEER_OPS_PORT NODE_ORG NODE_NAME NODE_HOST \
    NODE_PORT NODE_CC_PORT NODE_OPS_PORT GATEWAY_HOST GATEWAY_NODE_PORT GATEWAY_METRICS_PORT \
    NETNS_ADDRESS NETNS_VETH NETNS_GROUP PROCESS_NETNS
  # shellcheck disable=SC1090
  . "$cache"
}
load_topology
# The network port base in use (NETWORK_PORT_BASE, else the topology's ports.networkBase).
BASE="$TOPOLOGY_NETWORK_BASE"

CHANNEL_NAME="${CHANNEL_NAME:-$TOPOLOGY_CHANNEL}"
CHAINCODE_NAME="${CHAINCODE_NAME:-$TOPOLOGY_CHAINCODE}"

# Member orgs with peers: the channel's founders, plus orgs that joined later by vote
# (scripts/channel-org.sh).
ORGS=("${FOUNDING_ORGS[@]}")
if [ -f "$STATE_DIR/orgs-joined" ]; then
  while read -r joined; do [ -n "$joined" ] && ORGS+=("$joined"); done <"$STATE_DIR/orgs-joined"
fi
# Orgs whose CA runs (founders, joined orgs and invited orgs that are not members yet).
CA_ORGS=("$ORDERER_ORG" "${ORGS[@]}")
if [ -f "$STATE_DIR/orgs-prepared" ]; then
  while read -r prepared; do
    [ -n "$prepared" ] && [[ " ${CA_ORGS[*]} " != *" $prepared "* ]] && CA_ORGS+=("$prepared")
  done <"$STATE_DIR/orgs-prepared"
fi

# The peers (ids <peer>-<org>, as in NODE_* of the topology) of the given orgs, in topology order.
peers_of() {
  local org
  for org in "$@"; do
    # shellcheck disable=SC2086  # ORG_PEERS holds a space-separated list
    printf '%s\n' ${ORG_PEERS[$org]:-}
  done
}
# Every peer of the member orgs.
mapfile -t PEERS < <(peers_of "${ORGS[@]}")

# The channels `ledger channel create` made beside the main one: RUN/channels/<name>.json, each
# {"name":"<name>","members":["Org1MSP",...]}. channel_record_orgs <file> prints the member orgs' short
# names (of ORGS), comma-separated, in the record's order.
CHANNELS_DIR="$RUN_DIR/channels"
channel_record_orgs() {
  local msp org orgs="" msps
  msps="$(sed -n 's/.*"members":\[\([^]]*\)\].*/\1/p' "$1" | tr -d '" ')"
  IFS=, read -r -a msps <<<"$msps"
  for msp in "${msps[@]}"; do
    for org in "${ORGS[@]}"; do [ "${ORG_MSP[$org]}" = "$msp" ] && orgs="$orgs${orgs:+,}$org"; done
  done
  echo "$orgs"
}

# Chaincode-as-a-service server (one process serves the package on both peers).
CHAINCODE_PORT="${CHAINCODE_PORT:-$TOPOLOGY_CHAINCODE_PORT}"

# Each CA's bootstrap admin (the registrar): its password is random, made once per network and kept in
# crypto/<org>/ca/bootstrap-admin.secret (mode 0600); the CA admin enrolls with it once
# (network/crypto.sh) and everything after signs with that enrolment (crypto/<org>/ca-admin/msp).
CA_ADMIN_USER="admin"

# A fresh secret: 32 hex characters (128 bits) from the system's CSPRNG.
random_secret() {
  local s
  s="$(openssl rand -hex 16)" || s=""
  [ ${#s} -eq 32 ] || die "could not make a random secret (openssl rand)"
  echo "$s"
}

ca_bootstrap_secret_file() { echo "$CRYPTO_DIR/$1/ca/bootstrap-admin.secret"; }

# The bootstrap admin password of org $1's CA; made (0600) on first use.
ca_bootstrap_secret() {
  local f
  f="$(ca_bootstrap_secret_file "$1")"
  if [ ! -s "$f" ]; then
    (umask 077 && mkdir -p "$(dirname "$f")" && random_secret >"$f.tmp" && mv "$f.tmp" "$f") ||
      die "could not write $f"
  fi
  cat "$f"
}

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}

fabric_bin() {
  if [ -z "${FABRIC_BIN_DIR:-}" ]; then
    FABRIC_BIN_DIR="$(bash "$REPO_DIR/scripts/install-fabric.sh" --print-bin | tail -n 1)"
    [ -x "$FABRIC_BIN_DIR/peer" ] || die "Fabric binaries not found (scripts/install-fabric.sh printed '$FABRIC_BIN_DIR')"
    export FABRIC_BIN_DIR
  fi
  echo "$FABRIC_BIN_DIR"
}

# Directory with Fabric's sampleconfig core.yaml and orderer.yaml for the binaries in use.
fabric_sampleconfig() {
  local bin
  bin="$(fabric_bin)"
  if [ -n "${FABRIC_CFG_DIR:-}" ]; then
    echo "$FABRIC_CFG_DIR"
  else
    echo "$(cd "$bin/.." && pwd)/config"
  fi
}

pid_file() { echo "$PID_DIR/$1.pid"; }

# True when the process named $1 (a PID file under pids/) is alive.
is_running() {
  local f pid
  f="$(pid_file "$1")"
  [ -f "$f" ] || return 1
  pid="$(cat "$f")"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null
}

# Operations endpoints of peers and orderers: TLS CA and the operator's client certificate (crypto.sh).
OPS_TLS_CA_DIR="$CRYPTO_DIR/operations-tls-ca"
OPS_CLIENT_DIR="$CRYPTO_DIR/operations-client"

# ops_curl <curl args> URL: a request to a peer's or orderer's operations endpoint (https, client
# certificate of the operator); fails (curl -f) on an HTTP error.
ops_curl() {
  curl -fs --max-time 2 --cacert "$OPS_TLS_CA_DIR/ca-cert.pem" --cert "$OPS_CLIENT_DIR/cert.pem" \
    --key "$OPS_CLIENT_DIR/key.pem" "$@"
}

# True when something listens on port $1 of host $2 (default 127.0.0.1).
port_in_use() { (exec 3<>"/dev/tcp/${2:-127.0.0.1}/$1") 2>/dev/null; }

# Wait until an HTTP(S) URL answers 200, at most $2 seconds; name $3 for messages, log file $4.
wait_http() {
  local url="$1" timeout="$2" name="$3" logfile="${4:-}" deadline
  deadline=$(($(date +%s) + timeout))
  until case "$url" in
    https://*) ops_curl -o /dev/null "$url" ;;
    *) curl -fsk -o /dev/null --max-time 2 "$url" ;;
  esac; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
      [ -n "$logfile" ] && tail -n 20 "$logfile" >&2
      die "$name did not become healthy at $url within ${timeout}s (log: ${logfile:-none})"
    fi
    sleep 0.2
  done
}

# Start a process in the background with its own log and PID file: start_process <name> <cmd> [args...].
# In netns mode a process of the plan (PROCESS_NETNS) runs in its host's namespace (`ip netns exec`
# execs the command, so the PID file holds the process itself).
start_process() {
  local name="$1" ns
  shift
  mkdir -p "$LOG_DIR" "$PID_DIR"
  ns="${PROCESS_NETNS[$name]:-}"
  [ -n "$ns" ] && set -- ip netns exec "$ns" "$@"
  nohup "$@" >>"$LOG_DIR/$name.log" 2>&1 </dev/null &
  echo $! >"$(pid_file "$name")"
}

# Orderer admin client TLS (for osnadmin) and peer admin context for the peer CLI.
orderer_admin_tls_args() {
  local o="$1" d="$CRYPTO_DIR/$ORDERER_ORG"
  echo "-o ${ORDERER_HOST[$o]}:${ORDERER_ADMIN_PORT[$o]} --ca-file $d/ca/ca-cert.pem --client-cert $d/users/admin/tls/cert.pem --client-key $d/users/admin/tls/key.pem"
}

# Export the environment the `peer` CLI needs to act as an org's admin against one of its peers: $1 is a
# peer id (peer1-org1) or an org (its first peer).
use_peer_admin() {
  local id="$1" org d
  [ -n "${NODE_ORG[$id]:-}" ] || id="$(peers_of "$1" | head -n 1)"
  [ -n "$id" ] || die "use_peer_admin: no peer '$1' in the topology"
  org="${NODE_ORG[$id]}"
  d="$CRYPTO_DIR/$org"
  export FABRIC_CFG_PATH="$CONFIG_DIR/peer-$org"
  export CORE_PEER_LOCALMSPID="${ORG_MSP[$org]}"
  export CORE_PEER_MSPCONFIGPATH="$d/users/admin/msp"
  export CORE_PEER_ADDRESS="${NODE_HOST[$id]}:${NODE_PORT[$id]}"
  export CORE_PEER_TLS_ENABLED=true
  export CORE_PEER_TLS_ROOTCERT_FILE="$d/ca/ca-cert.pem"
  export CORE_PEER_TLS_CLIENTAUTHREQUIRED=false
}

ORDERER_CA_FILE() { echo "$CRYPTO_DIR/$ORDERER_ORG/ca/ca-cert.pem"; }
