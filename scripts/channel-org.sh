#!/usr/bin/env bash
# Change the membership of the running channel, in the steps governance needs:
#   prepare <org>            (any org of the topology, including a fragment written by `ledger org
#                            prepare`) start the org's own Fabric CA, issue its peer and admin identities, and print
#                            the invitation (MSP id, org name, root CA certificate, admin certificate)
#                            as JSON, to put into a Governance proposal;
#   join <org> <invitation>  after the invitation is approved: add the org's MSP (built only from the
#                            invitation's certificates) to the channel with a configuration update
#                            signed by member admins, start the org's peer and join it to the channel;
#   remove <org>             after a removal is approved: take the org out of the channel configuration
#                            (signed by the remaining members' admins) and stop its gateway, peers and
#                            CA (the org stays in the topology: a fragment of `ledger org prepare` is
#                            kept, so the org can be invited again);
#   admins --admins-rule R   set the channel's Application Admins policy (an executed policy change);
#   crl <org> <crl.pem>      put the org CA's certificate revocation list into the org's channel MSP
#                            (revocation_list, replacing that CA's older CRL), signed by the org's admin
#                            as its Admins policy requires; waits until every member peer has committed
#                            the update and prints {"org","mspId","configBlock","peers"} (used by
#                            `ledger users revoke`);
#   members                  print the MSP ids of the channel's application orgs, one a line;
#   status                   print what `ledger gov execute` checks before each step, as JSON:
#                            {"members":[MSP ids],"adminsRule":"OutOf(…)"|null,"joinedPeers":[MSP ids]}
#                            (joinedPeers: the member orgs whose peer is running and has joined).
# The channel configuration update itself (fetch, decode, edit, compute, signatures, submit; for crl also
# the waits) and the reads of members/status are one step each: gateway/src/cli/channelUpdate.ts, which
# runs peer and configtxlator as each org's admin. This script keeps the arguments, the processes (the
# org's CA, its peers through network-up.sh, stopping its gateway), enrolling its users and the state files.
set -euo pipefail

usage() {
  cat <<'EOF2'
Usage: scripts/channel-org.sh prepare <org3>
       scripts/channel-org.sh join <org3> <invitation.json> [--signers org1,org2] [--admins-rule RULE]
       scripts/channel-org.sh remove <org3> [--signers org1,org2] [--admins-rule RULE]
       scripts/channel-org.sh admins --admins-rule RULE [--signers org1,org2]
       scripts/channel-org.sh crl <org> <crl.pem>
       scripts/channel-org.sh members
       scripts/channel-org.sh status

prepare prints the invitation JSON on stdout: {"mspId","orgName","rootCerts":[pem],"adminCert":pem}.
join and remove sign the channel update with the admins of --signers (default: every member org that
stays) and submit it; the channel's Admins policy decides whether those signatures are enough.
crl puts the org CA's CRL (PEM) into the org's MSP in the channel configuration, signed by the org's own
admin, waits until every member peer has the new configuration block and prints
{"org","mspId","configBlock":N,"peers":[MSP ids]} on stdout; peers then refuse the revoked certificates.
--admins-rule sets the channel's Application Admins policy in the same update, e.g.
"OutOf(2, 'Org1MSP.admin', 'Org2MSP.admin', 'Org3MSP.admin')" (derived from the voting policy).
Nothing is changed when the update is refused. Environment: see scripts/network-up.sh --help.
EOF2
}
cmd="${1:-}"
case "$cmd" in
  prepare | join | remove | admins | members | status | crl) ;;
  -h | --help) usage; exit 0 ;;
  *) usage >&2; exit 2 ;;
esac
org="${2:-}"
case "$cmd" in
  members | admins | status) org="" ;;
  *) [ -n "${2:-}" ] || { usage >&2; exit 2; } ;;
esac

# shellcheck source=network/env.sh
. "$(dirname "$0")/../network/env.sh"
# Commands about the whole channel act through the first member org.
[ -n "$org" ] || org="${ORGS[0]}"
# shellcheck source=scripts/use-node.sh
. "$REPO_DIR/scripts/use-node.sh"
use_project_node
ensure_native_modules
# shellcheck source=network/crypto.sh
. "$NETWORK_DIR/crypto.sh"
[ -n "${ORG_MSP[$org]:-}" ] || die "unknown org '$org': this network knows ${!ORG_MSP[*]}"
[ -n "${PEER_PORT[$org]:-}" ] || die "$org is not an org of the topology ($TOPOLOGY_FILE)"
FABRIC_BIN_DIR="$(fabric_bin)"
work="$ART_DIR/channel-$org"
# status only reads, and crl may run for two users at once: a folder of their own, so that they never
# race with another change being made.
if [ "$cmd" = status ] || [ "$cmd" = crl ]; then
  mkdir -p "$ART_DIR"
  work="$(mktemp -d "$ART_DIR/status.XXXXXX")"
  trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$work" "$STATE_DIR"
ADMINS_RULE=""
SIGNERS=()

abs_path() { case "$1" in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }

is_member() { [[ " ${ORGS[*]} " == *" $1 "* ]]; }

parse_options() {
  while [ $# -gt 0 ]; do
    case "$1" in
      --signers) IFS=, read -r -a SIGNERS <<<"${2:?--signers needs a list}" ;;
      --admins-rule) ADMINS_RULE="${2:?--admins-rule needs a rule}" ;;
      *) die "unknown option $1" ;;
    esac
    shift 2
  done
  local s
  for s in "${SIGNERS[@]}"; do is_member "$s" || die "$s is not a member org"; done
}

prepare() {
  is_member "$org" && die "$org is already a member"
  # Multi-host mode: the new org's host (network namespace) is made like the others' (idempotent).
  [ "$NETWORK_HOSTS_MODE" = netns ] && bash "$NETWORK_DIR/netns.sh" up
  if ! is_running "ca-$org"; then
    port_in_use "${CA_PORT[$org]}" "${CA_HOST[$org]}" && die "port ${CA_PORT[$org]} (ca-$org) is in use"
    start_process "ca-$org" "$NETWORK_DIR/ca.sh" "$org"
  fi
  wait_http "http://${CA_HOST[$org]}:${CA_OPS_PORT[$org]}/healthz" 60 "ca-$org" "$LOG_DIR/ca-$org.log"
  if [ ! -f "$STATE_DIR/$org.crypto.done" ]; then
    generate_org_crypto "$org"
    touch "$STATE_DIR/$org.crypto.done"
  fi
  grep -qx "$org" "$STATE_DIR/orgs-prepared" 2>/dev/null || echo "$org" >>"$STATE_DIR/orgs-prepared"
  edit_config invitation "${ORG_MSP[$org]}" "${ORG_DOMAIN[$org]}" "$CRYPTO_DIR/$org/ca/ca-cert.pem" \
    "$CRYPTO_DIR/$org/users/admin/msp/signcerts/cert.pem"
}

# The org's channel MSP, built only from what the invitation carries.
invitation_msp() { # <invitation.json> <msp-dir>
  edit_config invitation-msp "$1" "${ORG_MSP[$org]}" "$2" || die "the invitation $1 cannot be used (see above)"
  write_node_ous "$2" cacerts/ca-0.pem
}

# edit_config <command> [args]: gateway/src/cli/editChannelConfig.ts, the documents of a join (the
# invitation, its MSP, the anchor peer). Files given by the caller are made absolute first (abs_path),
# as this runs from the repository.
edit_config() {
  gateway_cli editChannelConfig "$@"
}

# channel_update <command> [args]: gateway/src/cli/channelUpdate.ts does the whole configuration update
# (fetch, decode, edit, compute, signatures, submit; its header lists the commands) with the Fabric
# binaries, on this network; it returns 3 when there is nothing to change.
channel_update() {
  FABRIC_BIN_DIR="$FABRIC_BIN_DIR" NETWORK_TOPOLOGY="$TOPOLOGY_FILE" NETWORK_RUN_DIR="$RUN_DIR" \
    NETWORK_PORT_BASE="$BASE" CHANNEL_NAME="$CHANNEL_NAME" \
    gateway_cli channelUpdate "$@" --work "$work" --log "$LOG_DIR/channel-org.log"
}

# The member orgs whose first peer runs, comma-separated.
running_members() {
  local o running=()
  for o in "${ORGS[@]}"; do is_running "$(peers_of "$o" | head -n 1)" && running+=("$o"); done
  (IFS=,; echo "${running[*]}")
}

signers_arg() { (IFS=,; echo "${SIGNERS[*]}"); }

join() {
  local inv="${3:?invitation.json is required}" rc=0
  [ -f "$inv" ] || die "no such file: $inv"
  inv="$(abs_path "$inv")"
  SIGNERS=("${ORGS[@]}")
  shift 3
  parse_options "$@"
  [ -f "$STATE_DIR/$org.crypto.done" ] || die "run 'scripts/channel-org.sh prepare $org' first"
  invitation_msp "$inv" "$work/msp"
  sed -e "s#__MSP__#${ORG_MSP[$org]}#g" -e "s#__MSP_DIR__#$work/msp#g" -e "s#__PEER_HOST__#${PEER_HOST[$org]}#g" -e "s#__PEER_PORT__#${PEER_PORT[$org]}#g" \
    "$REPO_DIR/channel-config/org.yaml" >"$work/configtx.yaml"
  FABRIC_CFG_PATH="$work" "$(fabric_bin)/configtxgen" -printOrg "${ORG_MSP[$org]}" >"$work/org.json" 2>>"$LOG_DIR/channel-org.log" ||
    die "configtxgen -printOrg failed (see $LOG_DIR/channel-org.log)"
  # configtxgen -printOrg leaves out the AnchorPeers of org.yaml: without an anchor peer, the peers of
  # two orgs that both joined later never learn of each other through gossip (a founder's peer tells a
  # peer of another org only about its own org's peers and that org's).
  edit_config anchor "$work/org.json" "${PEER_HOST[$org]}" "${PEER_PORT[$org]}"
  channel_update join "$org" "$work/org.json" --signers "$(signers_arg)" --admins-rule "$ADMINS_RULE" || rc=$?
  # 3: already in the channel configuration (an earlier run got this far).
  [ "$rc" -eq 0 ] || [ "$rc" -eq 3 ] || exit "$rc"
  grep -qx "$org" "$STATE_DIR/orgs-joined" 2>/dev/null || echo "$org" >>"$STATE_DIR/orgs-joined"
  # network-up now sees the org as a member: it renders its core.yaml, starts its peer and joins it.
  bash "$REPO_DIR/scripts/network-up.sh" >&2
  NETWORK_RUN_DIR="$RUN_DIR" NETWORK_PORT_BASE="$BASE" ENROLL_ORGS="$org" gateway_cli enrollUsers \
    >>"$LOG_DIR/crypto.log" 2>&1 ||
    die "enrolling $org users failed (see $LOG_DIR/crypto.log)"
  log "${ORG_MSP[$org]} joined channel $CHANNEL_NAME; install the chaincode for it with: npm run deploy"
}

remove() {
  local rc=0 o remaining=()
  for o in "${ORGS[@]}"; do [ "$o" != "$org" ] && remaining+=("$o"); done
  SIGNERS=("${remaining[@]}")
  shift 2
  parse_options "$@"
  for o in "${SIGNERS[@]}"; do [ "$o" != "$org" ] || die "the org being removed does not sign its removal here"; done
  channel_update remove "$org" --signers "$(signers_arg)" --admins-rule "$ADMINS_RULE" || rc=$?
  # 3: no longer in the channel configuration (an earlier run got this far).
  [ "$rc" -eq 0 ] || [ "$rc" -eq 3 ] || exit "$rc"
  for o in "gateway-$org" $(peers_of "$org") "ca-$org"; do
    if is_running "$o"; then kill -TERM "$(cat "$(pid_file "$o")")" 2>/dev/null || true; fi
    rm -f "$(pid_file "$o")"
  done
  rm -f "$RUN_DIR/gateway/$org/endpoint.json"
  for f in orgs-joined orgs-prepared; do
    if [ -f "$STATE_DIR/$f" ]; then grep -vx "$org" "$STATE_DIR/$f" >"$STATE_DIR/$f.tmp" || true; mv "$STATE_DIR/$f.tmp" "$STATE_DIR/$f"; fi
  done
  log "${ORG_MSP[$org]} removed from channel $CHANNEL_NAME; its gateway, peers and CA are stopped"
}

admins() {
  SIGNERS=("${ORGS[@]}")
  shift 1
  parse_options "$@"
  [ -n "$ADMINS_RULE" ] || die "admins needs --admins-rule"
  channel_update admins --signers "$(signers_arg)" --admins-rule "$ADMINS_RULE"
  log "Application Admins policy of channel $CHANNEL_NAME is now $ADMINS_RULE"
}

crl() {
  local file="${3:-}"
  [ -n "$file" ] || die "crl needs the CRL file: scripts/channel-org.sh crl <org> <crl.pem>"
  [ -f "$file" ] || die "no such file: $file"
  file="$(abs_path "$file")"
  is_member "$org" || die "$org is not a member org of channel $CHANNEL_NAME"
  # Signed by the org's own admin; waits until the configuration and every running member peer carry it.
  channel_update crl "$org" "$file" --peers "$(running_members)"
}

status() {
  channel_update status --as "${ORGS[0]}" --peers "$(running_members)"
}

members() {
  channel_update members --as "${ORGS[0]}"
}

"$cmd" "$@"
