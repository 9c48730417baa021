#!/usr/bin/env bash
# Deploy the `ledger` chaincode as a service on the running network: build it, package it (deterministic
# chaincode-as-a-service package), install on both peers, start the chaincode server, approve for both
# orgs and commit with the endorsement policy from channel-config/chaincode.env. Idempotent: an unchanged
# chaincode that is already committed is left alone; a changed one is upgraded with sequence + 1.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: scripts/deploy-chaincode.sh [--channel NAME --orgs ORG,ORG...] [--help]   (npm run deploy)

Needs a running network (npm run network:up). The package label is <name>_<hash of the built code>, so
any change to chaincode/ gives a new package id, a new approval and sequence, and a restarted server.
Without --channel: the main channel, approved by every member org; then every channel that
`ledger channel create` made (RUN/channels/<name>.json) is brought to the same package.
--channel NAME --orgs ORG,ORG...: only channel NAME, installed on, approved by and committed with the
peers of those member orgs (short names), the channel's members; the chaincode server must already run
this package (deploy the main channel first).

Environment: CHAINCODE_NAME (ledger), CHAINCODE_DIR (chaincode/), CHANNEL_NAME (ledger),
NETWORK_PORT_BASE (7000), CHAINCODE_PORT (base+500),
CHAINCODE_ENDORSEMENT_POLICY (from channel-config/chaincode.env),
LEDGER_MAX_CLOCK_SKEW_SECONDS (300): the chaincode server's peers refuse to endorse a governance or journal
transaction whose timestamp is further than this many seconds from the server's clock; a change restarts
the server.

Private data: a new definition carries one collection per pair of member orgs, terms-<mspA>-<mspB>
(scripts/terms-collections.sh; Fabric refuses a collection naming an org outside the channel). The
collections of the committed definition are kept in the run's state folder, and an org that joins
later approves the committed definition with exactly those; its pairs come with the next upgrade.
With --channel, the pairs of that channel's members, kept in files of that channel's own.
EOF
}
only_channel=""
only_orgs=""
while [ $# -gt 0 ]; do
  case "$1" in
    -h | --help) usage; exit 0 ;;
    --channel) only_channel="${2:?--channel needs a channel name}"; shift ;;
    --orgs) only_orgs="${2:?--orgs needs org names separated by commas}"; shift ;;
    *) usage >&2; exit 2 ;;
  esac
  shift
done
if { [ -n "$only_channel" ] && [ -z "$only_orgs" ]; } || { [ -z "$only_channel" ] && [ -n "$only_orgs" ]; }; then
  echo "error: --channel and --orgs go together" >&2
  exit 2
fi

# shellcheck source=network/env.sh
. "$(dirname "$0")/../network/env.sh"
if [ -n "$only_channel" ]; then
  # A channel of some member orgs: its own name, its members' peers only.
  [ "$only_channel" != "$CHANNEL_NAME" ] || die "--channel: $CHANNEL_NAME is the main channel: deploy it without --channel"
  CHANNEL_NAME="$only_channel"
  IFS=, read -r -a channel_orgs <<<"$only_orgs"
  for org in "${channel_orgs[@]}"; do
    [[ " ${ORGS[*]} " == *" $org "* ]] || die "--orgs: $org is not a member org of this network (${ORGS[*]})"
  done
  ORGS=("${channel_orgs[@]}")
  mapfile -t PEERS < <(peers_of "${ORGS[@]}")
fi
# shellcheck source=scripts/use-node.sh
. "$REPO_DIR/scripts/use-node.sh"
# shellcheck source=scripts/terms-collections.sh
. "$REPO_DIR/scripts/terms-collections.sh"
use_project_node
ensure_native_modules
# shellcheck disable=SC1091
. "$REPO_DIR/channel-config/chaincode.env"
POLICY="${CHAINCODE_ENDORSEMENT_POLICY:?channel-config/chaincode.env must set CHAINCODE_ENDORSEMENT_POLICY}"
CC_SRC="${CHAINCODE_DIR:-$REPO_DIR/chaincode}"
PROC="chaincode-$CHAINCODE_NAME"

t0=$(date +%s)
since() { echo "$(($(date +%s) - t0))s"; }
PEER="$(fabric_bin)/peer"
for p in "${PEERS[@]}"; do
  is_running "$p" || die "$p is not running: run 'npm run network:up' first"
  cc_client="crypto/${NODE_ORG[$p]}/peers/${NODE_NAME[$p]}/chaincode-client"
  [ -f "$RUN_DIR/$cc_client/key.pem" ] ||
    die "$p has no chaincode TLS client credentials ($cc_client): run 'npm run network:up' first"
done

# 1. Build.
# (For one more channel the main channel's build is used: the running server must serve it anyway.)
if [ -z "$only_channel" ] || [ ! -f "$CC_SRC/dist/index.js" ]; then
  log "building chaincode"
  (cd "$REPO_DIR" && npx tsc -p "$CC_SRC/tsconfig.json") || die "chaincode in $CC_SRC does not compile"
fi
[ -f "$CC_SRC/dist/index.js" ] || die "$CC_SRC/dist/index.js missing after build"

# 2. Deterministic package: label = name + hash of the built code and its manifest.
code_hash="$(cd "$CC_SRC" && find dist -type f -name '*.js' | LC_ALL=C sort |
  xargs cat package.json | sha256sum | cut -c1-16)"
label="${CHAINCODE_NAME}_${code_hash}"
pkg_dir="$ART_DIR/chaincode/$label"
pkg="$pkg_dir/$label.tar.gz"
# A package made before the chaincode TLS credentials left it (it held a client_key) is made again.
if [ -f "$pkg" ] && grep -q '"client_key"' "$pkg_dir/src/connection.json" 2>/dev/null; then
  log "rebuilding $label: its connection.json holds a private key"
  rm -f "$pkg"
fi
if [ ! -f "$pkg" ]; then
  mkdir -p "$pkg_dir/src"
  # Where and how to dial the chaincode server, nothing else: every org that installs the package gets
  # it, so it carries no credentials. Each peer's TLS client certificate and key (and the CA the server's
  # certificate must chain to) are its own, added by the ccaas builder (network/builders/ccaas/bin/release).
  printf '{\n  "address": "%s:%s",\n  "dial_timeout": "10s",\n  "tls_required": true,\n  "client_auth_required": true\n}\n' \
    "$CHAINCODE_HOST" "$CHAINCODE_PORT" >"$pkg_dir/src/connection.json"
  printf '{"type":"ccaas","label":"%s"}\n' "$label" >"$pkg_dir/src/metadata.json"
  dtar() { tar --sort=name --mtime='@0' --owner=0 --group=0 --numeric-owner -cf - "$@" | gzip -n; }
  (cd "$pkg_dir/src" && dtar connection.json >code.tar.gz && dtar code.tar.gz metadata.json >"$pkg.tmp")
  mv "$pkg.tmp" "$pkg"
fi
package_id="$label:$(sha256sum "$pkg" | cut -d' ' -f1)"
log "package $package_id"

# 3. Install on every peer that does not have it.
for p in "${PEERS[@]}"; do
  (
    use_peer_admin "$p"
    if ! "$PEER" lifecycle chaincode queryinstalled 2>/dev/null | grep -qF "Package ID: $package_id,"; then
      log "installing on $p"
      "$PEER" lifecycle chaincode install "$pkg" >>"$LOG_DIR/deploy.log" 2>&1 ||
        die "install on $p failed (see $LOG_DIR/deploy.log)"
    fi
  )
done

# 4. The chaincode server, started before approve/commit so the first invoke finds it.
running_id=""
[ -f "$STATE_DIR/$PROC.package" ] && running_id="$(cat "$STATE_DIR/$PROC.package")"
export LEDGER_MAX_CLOCK_SKEW_SECONDS="${LEDGER_MAX_CLOCK_SKEW_SECONDS:-300}"
running_skew=""
[ -f "$STATE_DIR/$PROC.skew" ] && running_skew="$(cat "$STATE_DIR/$PROC.skew")"
if [ -n "$only_channel" ] && { ! is_running "$PROC" || [ "$running_id" != "$package_id" ]; }; then
  # One chaincode server serves every channel: a new package would leave the main channel's definition
  # pointing at a server that no longer runs it.
  die "the chaincode server does not run package $package_id (chaincode/ changed since the last deploy): run 'npm run deploy' first"
fi
if ! is_running "$PROC" || [ "$running_id" != "$package_id" ] || [ "$running_skew" != "$LEDGER_MAX_CLOCK_SKEW_SECONDS" ]; then
  if is_running "$PROC"; then
    log "restarting chaincode server for the new package or clock-skew setting"
    kill -TERM "$(cat "$(pid_file "$PROC")")" 2>/dev/null || true
    for _ in $(seq 1 100); do is_running "$PROC" || break; sleep 0.1; done
  fi
  port_in_use "$CHAINCODE_PORT" "$CHAINCODE_HOST" && die "port $CHAINCODE_PORT (chaincode server) is in use by another program"
  start_process "$PROC" "$NETWORK_DIR/chaincode.sh" "$package_id" "$CC_SRC"
  echo "$package_id" >"$STATE_DIR/$PROC.package"
  echo "$LEDGER_MAX_CLOCK_SKEW_SECONDS" >"$STATE_DIR/$PROC.skew"
  deadline=$(($(date +%s) + 30))
  until port_in_use "$CHAINCODE_PORT" "$CHAINCODE_HOST"; do
    is_running "$PROC" || { tail -n 20 "$LOG_DIR/$PROC.log" >&2; die "chaincode server exited (see $LOG_DIR/$PROC.log)"; }
    [ "$(date +%s)" -lt "$deadline" ] || die "chaincode server not listening on $CHAINCODE_PORT after 30 s"
    sleep 0.1
  done
  log "chaincode server listening on $CHAINCODE_HOST:$CHAINCODE_PORT ($(since))"
fi

# Private data collections (scripts/terms-collections.sh). A new definition gets the collections of
# the members now (NEW_COLLECTIONS); the committed definition's are kept in
# COMMITTED_COLLECTIONS, so that an org joining later approves exactly the committed definition.
# Another channel (--channel) has its own members, so its own pairs and files.
NEW_COLLECTIONS="$ART_DIR/chaincode/$CHAINCODE_NAME${only_channel:+.$only_channel}.collections.json"
COMMITTED_COLLECTIONS="$STATE_DIR/$PROC${only_channel:+.$only_channel}.collections.json"
mkdir -p "$(dirname "$NEW_COLLECTIONS")"
mapfile -t collection_orgs < <(terms_collection_orgs)
terms_collections_json "${collection_orgs[@]}" >"$NEW_COLLECTIONS"
# --collections-config FILE, or nothing for "no collections" (a definition committed before them).
collections_args() { # <file or "">
  [ -n "$1" ] && printf '%s\n' --collections-config "$1"
  return 0
}

# 5. Approve and commit unless this package is already the committed definition. The peer prints its
# lifecycle answers as indented JSON, one field a line (`"sequence": 1,`, `"package_id": "…"`).
orderer_args=(-o "${ORDERER_HOST[${ORDERERS[0]}]}:${ORDERER_PORT[${ORDERERS[0]}]}" --tls --cafile "$(ORDERER_CA_FILE)")
committed_seq="$(
  use_peer_admin "${ORGS[0]}"
  { "$PEER" lifecycle chaincode querycommitted -C "$CHANNEL_NAME" -n "$CHAINCODE_NAME" -O json 2>/dev/null || true; } |
    awk '!found && /^[[:space:]]*"sequence":/ { gsub(/[^0-9]/, ""); print; found = 1 } END { if (!found) print 0 }'
)"
approved_id=""
if [ "$committed_seq" -gt 0 ]; then
  approved_id="$(
    use_peer_admin "${ORGS[0]}"
    { "$PEER" lifecycle chaincode queryapproved -C "$CHANNEL_NAME" -n "$CHAINCODE_NAME" --sequence "$committed_seq" -O json 2>/dev/null || true; } |
      awk -F'"' '!found && /^[[:space:]]*"package_id":/ { print $4; found = 1 }'
  )"
fi
# Orderer calls can meet "no Raft leader" right after a restart: retry, bounded.
retry() {
  local n=0
  until "$@" >>"$LOG_DIR/deploy.log" 2>&1; do
    n=$((n + 1))
    [ "$n" -lt 20 ] || return 1
    sleep 0.5
  done
}
approve() { # <org> <sequence> <collections file or "">
  (
    use_peer_admin "$1"
    log "approving sequence $2 for ${ORG_MSP[$1]}"
    mapfile -t coll < <(collections_args "$3")
    retry "$PEER" lifecycle chaincode approveformyorg "${orderer_args[@]}" -C "$CHANNEL_NAME" -n "$CHAINCODE_NAME" \
      --version "$code_hash" --package-id "$package_id" --sequence "$2" --channel-config-policy "$POLICY" "${coll[@]}" ||
      die "approve for ${ORG_MSP[$1]} failed (see $LOG_DIR/deploy.log)"
  )
}
# After the main channel: the channels `ledger channel create` made (RUN/channels/<name>.json, members
# as MSP ids), each brought to this package by its own members.
deploy_extra_channels() {
  local f name
  [ -z "$only_channel" ] || return 0
  for f in "$CHANNELS_DIR"/*.json; do
    [ -f "$f" ] || continue
    name="$(basename "$f" .json)"
    bash "$0" --channel "$name" --orgs "$(channel_record_orgs "$f")" || die "deploying on channel $name failed"
  done
}
if [ "$approved_id" = "$package_id" ]; then
  # Committed already; an org that joined later still has to approve the committed definition, with
  # the committed collections (none when it was committed without any).
  committed_collections=""
  [ -f "$COMMITTED_COLLECTIONS" ] && committed_collections="$COMMITTED_COLLECTIONS"
  for org in "${ORGS[@]}"; do
    if ! (use_peer_admin "$org" && "$PEER" lifecycle chaincode queryapproved -C "$CHANNEL_NAME" -n "$CHAINCODE_NAME" \
      --sequence "$committed_seq" >/dev/null 2>&1); then
      approve "$org" "$committed_seq" "$committed_collections"
    fi
  done
  log "chaincode $CHAINCODE_NAME committed on $CHANNEL_NAME with this package at sequence $committed_seq ($(since))"
  deploy_extra_channels
  exit 0
fi
sequence=$((committed_seq + 1))

for org in "${ORGS[@]}"; do approve "$org" "$sequence" "$NEW_COLLECTIONS"; done
peer_args=()
for org in "${ORGS[@]}"; do
  peer_args+=(--peerAddresses "${PEER_HOST[$org]}:${PEER_PORT[$org]}" --tlsRootCertFiles "$CRYPTO_DIR/$org/ca/ca-cert.pem")
done
(
  use_peer_admin "${ORGS[0]}"
  log "committing sequence $sequence"
  retry "$PEER" lifecycle chaincode commit "${orderer_args[@]}" -C "$CHANNEL_NAME" -n "$CHAINCODE_NAME" \
    --version "$code_hash" --sequence "$sequence" --channel-config-policy "$POLICY" "${peer_args[@]}" \
    --collections-config "$NEW_COLLECTIONS" ||
    die "commit failed (see $LOG_DIR/deploy.log)"
)
cp "$NEW_COLLECTIONS" "$COMMITTED_COLLECTIONS"
for p in "${PEERS[@]}"; do
  deadline=$(($(date +%s) + 60))
  until (use_peer_admin "$p" && "$PEER" lifecycle chaincode querycommitted -C "$CHANNEL_NAME" -n "$CHAINCODE_NAME" 2>/dev/null |
    grep -q "Sequence: $sequence,"); do
    [ "$(date +%s)" -lt "$deadline" ] || die "$p does not show sequence $sequence committed after 60 s"
    sleep 0.2
  done
done
log "chaincode $CHAINCODE_NAME committed on $CHANNEL_NAME at sequence $sequence with package $package_id ($(since))"
deploy_extra_channels
