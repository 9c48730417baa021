#!/usr/bin/env bash
# Bring a new org into the running network, in the two steps that governance needs:
#   prepare <org>            start the org's own Fabric CA, issue its peer and admin identities, and print
#                            the invitation (MSP id, org name, root CA certificate, admin certificate)
#                            as JSON, to put into a Governance proposal;
#   join <org> <invitation>  after the proposal is approved: add the org's MSP (built from the
#                            invitation's certificates) to the channel with a configuration update
#                            signed by the member admins, start the org's peer, join it to the channel
#                            and approve the chaincode definition for the org.
set -euo pipefail

usage() {
  cat <<'EOF2'
Usage: scripts/add-org.sh prepare <org3>
       scripts/add-org.sh join <org3> <invitation.json> [--signers org1,org2]

prepare prints the invitation JSON on stdout: {"mspId","orgName","rootCerts":[pem],"adminCert":pem}.
join signs the channel update with the admins of --signers (default: every current member org) and
submits it; the channel's Admins policy decides whether those signatures are enough.
Environment: see scripts/network-up.sh --help.
EOF2
}
cmd="${1:-}"
case "$cmd" in
  prepare | join) ;;
  -h | --help) usage; exit 0 ;;
  *) usage >&2; exit 2 ;;
esac
org="${2:?org name (e.g. org3) is required}"

# shellcheck source=network/env.sh
. "$(dirname "$0")/../network/env.sh"
# shellcheck source=network/crypto.sh
. "$NETWORK_DIR/crypto.sh"
[ -n "${ORG_MSP[$org]:-}" ] || die "unknown org '$org': this network knows ${!ORG_MSP[*]}"
[ -n "${PEER_PORT[$org]:-}" ] || die "no ports are defined for $org in network/env.sh"
PEER="$(fabric_bin)/peer"
LATOR="$(fabric_bin)/configtxlator"
work="$ART_DIR/add-$org"
mkdir -p "$work" "$STATE_DIR"

prepare() {
  if ! is_running "ca-$org"; then
    port_in_use "${CA_PORT[$org]}" && die "port ${CA_PORT[$org]} (ca-$org) is in use"
    start_process "ca-$org" "$NETWORK_DIR/ca.sh" "$org"
  fi
  wait_http "http://127.0.0.1:${CA_OPS_PORT[$org]}/healthz" 60 "ca-$org" "$LOG_DIR/ca-$org.log"
  if [ ! -f "$STATE_DIR/$org.crypto.done" ]; then
    generate_org_crypto "$org"
    touch "$STATE_DIR/$org.crypto.done"
  fi
  grep -qx "$org" "$STATE_DIR/orgs-prepared" 2>/dev/null || echo "$org" >>"$STATE_DIR/orgs-prepared"
  MSP="${ORG_MSP[$org]}" NAME="${ORG_DOMAIN[$org]}" CA="$CRYPTO_DIR/$org/ca/ca-cert.pem" \
    ADMIN="$CRYPTO_DIR/$org/users/admin/msp/signcerts/cert.pem" node -e '
    const fs = require("fs"), e = process.env;
    process.stdout.write(JSON.stringify({ mspId: e.MSP, orgName: e.NAME,
      rootCerts: [fs.readFileSync(e.CA, "utf8")], adminCert: fs.readFileSync(e.ADMIN, "utf8") }, null, 2) + "\n");'
}

# The org's channel MSP, built only from what the invitation carries.
invitation_msp() { # <invitation.json> <msp-dir>
  INV="$1" OUT="$2" WANT="${ORG_MSP[$org]}" node -e '
    const fs = require("fs"), path = require("path"), e = process.env;
    const inv = JSON.parse(fs.readFileSync(e.INV, "utf8"));
    if (inv.mspId !== e.WANT) { console.error(`invitation mspId ${inv.mspId}, want ${e.WANT}`); process.exit(2); }
    if (!Array.isArray(inv.rootCerts) || inv.rootCerts.length === 0) { console.error("invitation has no rootCerts"); process.exit(2); }
    for (const d of ["cacerts", "tlscacerts"]) {
      fs.mkdirSync(path.join(e.OUT, d), { recursive: true });
      inv.rootCerts.forEach((pem, i) => fs.writeFileSync(path.join(e.OUT, d, `ca-${i}.pem`), pem));
    }'
  write_node_ous "$2" cacerts/ca-0.pem
}

channel_update() { # <invitation.json> <signers...>
  local inv="$1" signer last
  shift
  invitation_msp "$inv" "$work/msp"
  sed -e "s#__MSP__#${ORG_MSP[$org]}#g" -e "s#__MSP_DIR__#$work/msp#g" -e "s#__PEER_PORT__#${PEER_PORT[$org]}#g" \
    "$REPO_DIR/channel-config/org.yaml" >"$work/configtx.yaml"
  FABRIC_CFG_PATH="$work" "$(fabric_bin)/configtxgen" -printOrg "${ORG_MSP[$org]}" >"$work/org.json" 2>>"$LOG_DIR/add-org.log"
  (
    use_peer_admin "$1"
    "$PEER" channel fetch config "$work/config_block.pb" -o "127.0.0.1:${ORDERER_PORT[orderer1]}" \
      -c "$CHANNEL_NAME" --tls --cafile "$(ORDERER_CA_FILE)" >>"$LOG_DIR/add-org.log" 2>&1
  ) || die "could not fetch the channel configuration (see $LOG_DIR/add-org.log)"
  "$LATOR" proto_decode --input "$work/config_block.pb" --type common.Block --output "$work/config_block.json"
  W="$work" MSP="${ORG_MSP[$org]}" node -e '
    const fs = require("fs"), w = process.env.W, msp = process.env.MSP;
    const config = JSON.parse(fs.readFileSync(w + "/config_block.json", "utf8")).data.data[0].payload.data.config;
    fs.writeFileSync(w + "/config.json", JSON.stringify(config));
    const groups = config.channel_group.groups.Application.groups;
    if (groups[msp]) { console.error(`${msp} is already a member of the channel`); process.exit(3); }
    groups[msp] = JSON.parse(fs.readFileSync(w + "/org.json", "utf8"));
    fs.writeFileSync(w + "/modified.json", JSON.stringify(config));' || {
    [ $? -eq 3 ] && { log "${ORG_MSP[$org]} is already in the channel configuration"; return 0; }
    die "could not build the configuration update"
  }
  "$LATOR" proto_encode --input "$work/config.json" --type common.Config --output "$work/config.pb"
  "$LATOR" proto_encode --input "$work/modified.json" --type common.Config --output "$work/modified.pb"
  "$LATOR" compute_update --channel_id "$CHANNEL_NAME" --original "$work/config.pb" --updated "$work/modified.pb" \
    --output "$work/update.pb"
  "$LATOR" proto_decode --input "$work/update.pb" --type common.ConfigUpdate --output "$work/update.json"
  W="$work" CH="$CHANNEL_NAME" node -e '
    const fs = require("fs"), w = process.env.W;
    const update = JSON.parse(fs.readFileSync(w + "/update.json", "utf8"));
    const env = { payload: { header: { channel_header: { channel_id: process.env.CH, type: 2 } },
      data: { config_update: update } } };
    fs.writeFileSync(w + "/envelope.json", JSON.stringify(env));'
  "$LATOR" proto_encode --input "$work/envelope.json" --type common.Envelope --output "$work/envelope.pb"
  last="${*: -1}"
  for signer in "$@"; do
    [ "$signer" = "$last" ] && break
    log "signing the channel update as ${ORG_MSP[$signer]} admin"
    (use_peer_admin "$signer" && "$PEER" channel signconfigtx -f "$work/envelope.pb" >>"$LOG_DIR/add-org.log" 2>&1) ||
      die "signing as $signer failed (see $LOG_DIR/add-org.log)"
  done
  log "submitting the channel update as ${ORG_MSP[$last]} admin"
  (use_peer_admin "$last" && "$PEER" channel update -f "$work/envelope.pb" -c "$CHANNEL_NAME" \
    -o "127.0.0.1:${ORDERER_PORT[orderer1]}" --tls --cafile "$(ORDERER_CA_FILE)" >>"$LOG_DIR/add-org.log" 2>&1) ||
    die "the channel update was refused (see $LOG_DIR/add-org.log): not enough admin signatures for the Admins policy?"
}

join() {
  local inv="${3:?invitation.json is required}" signers=() s
  [ -f "$inv" ] || die "no such file: $inv"
  if [ "${4:-}" = "--signers" ]; then
    IFS=, read -r -a signers <<<"${5:?--signers needs a list}"
  else
    signers=("${ORGS[@]}")
  fi
  for s in "${signers[@]}"; do [[ " ${ORGS[*]} " == *" $s "* ]] || die "$s is not a member org"; done
  [ -f "$STATE_DIR/$org.crypto.done" ] || die "run 'scripts/add-org.sh prepare $org' first"
  channel_update "$inv" "${signers[@]}"
  grep -qx "$org" "$STATE_DIR/orgs-joined" 2>/dev/null || echo "$org" >>"$STATE_DIR/orgs-joined"
  # network-up now sees the org as a member: it renders its core.yaml, starts its peer and joins it.
  bash "$REPO_DIR/scripts/network-up.sh" >&2
  (cd "$REPO_DIR" && NETWORK_RUN_DIR="$RUN_DIR" NETWORK_PORT_BASE="$BASE" ENROLL_ORGS="$org" \
    node -r ts-node/register/transpile-only gateway/src/cli/enrollUsers.ts) >>"$LOG_DIR/crypto.log" 2>&1 ||
    die "enrolling $org users failed (see $LOG_DIR/crypto.log)"
  log "${ORG_MSP[$org]} joined channel $CHANNEL_NAME; deploy the chaincode for it with: npm run deploy"
}

"$cmd" "$@"
