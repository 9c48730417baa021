#!/usr/bin/env bash
# Launcher: the Fabric CA of one org of the topology (the orderer org or a member org). Overrides only what differs from defaults.
set -euo pipefail
# shellcheck source=network/env.sh
. "$(dirname "$0")/env.sh"
org="${1:?usage: network/ca.sh <org of the topology>}"
[ -n "${CA_PORT[$org]:-}" ] || die "network/ca.sh: no org '$org' in the topology ($TOPOLOGY_FILE)"
home="$DATA_DIR/ca-$org"
# fabric-ca-server writes some of its keys world-readable (msp/keystore/IssuerRevocationPrivateKey and
# IssuerSecretKey, 0644) and keeps the bootstrap password in fabric-ca-server-config.yaml: everything it
# creates is private to us (folders 0700, files 0600); files of an older run too.
umask 077
mkdir -p "$home"
chmod -R go-rwx "$home"
# registry.maxenrollments 1: every secret enrolls once (the bootstrap admin's too); certificates are
# renewed by re-enrolling with the current certificate.
args=(--home "$home"
  --address "${CA_HOST[$org]}" --port "${CA_PORT[$org]}"
  --tls.enabled
  --ca.name "ca-$org"
  --csr.cn "ca.${ORG_DOMAIN[$org]}"
  --csr.hosts "${CA_HOST[$org]},127.0.0.1,localhost,ca.${ORG_DOMAIN[$org]}"
  --operations.listenaddress "${CA_HOST[$org]}:${CA_OPS_PORT[$org]}"
  --registry.maxenrollments 1
  --cfg.identities.allowremove)
# First run: `init` writes the configuration (with the bootstrap admin, whose password is random and made
# once per network, network/env.sh) and the CA's keys. The password goes in the environment, not on the
# command line (which any local user can read in /proc), and the server prints its settings with it
# (`boot: admin:…`): that line is dropped from the log. `start` then reads it from the configuration.
if [ ! -f "$home/fabric-ca-server-config.yaml" ]; then
  rc=0
  FABRIC_CA_SERVER_BOOT="$CA_ADMIN_USER:$(ca_bootstrap_secret "$org")" \
    "$(fabric_bin)/fabric-ca-server" init "${args[@]}" 2>&1 | { grep -v '^boot:' || true; } || rc=$?
  [ "$rc" -eq 0 ] || die "fabric-ca-server init failed for $org"
fi
exec "$(fabric_bin)/fabric-ca-server" start "${args[@]}"
