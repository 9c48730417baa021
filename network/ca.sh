#!/usr/bin/env bash
# Launcher: the Fabric CA of one org (orderer, org1, org2, org3). Overrides only what differs from defaults.
set -euo pipefail
# shellcheck source=network/env.sh
. "$(dirname "$0")/env.sh"
org="${1:?usage: network/ca.sh <orderer|org1|org2|org3>}"
home="$DATA_DIR/ca-$org"
mkdir -p "$home"
# fabric-ca-server writes some of its keys world-readable (msp/keystore/IssuerRevocationPrivateKey and
# IssuerSecretKey, 0644): everything it creates is private to us (0600); keys of an older run too.
umask 077
if [ -d "$home/msp/keystore" ]; then chmod 600 "$home"/msp/keystore/*; fi
exec "$(fabric_bin)/fabric-ca-server" start \
  --home "$home" \
  -b "$CA_ADMIN_USER:$CA_ADMIN_PASS" \
  --address 127.0.0.1 --port "${CA_PORT[$org]}" \
  --tls.enabled \
  --ca.name "ca-$org" \
  --csr.cn "ca.${ORG_DOMAIN[$org]}" \
  --csr.hosts "127.0.0.1,localhost,ca.${ORG_DOMAIN[$org]}" \
  --operations.listenaddress "127.0.0.1:${CA_OPS_PORT[$org]}" \
  --cfg.identities.allowremove
