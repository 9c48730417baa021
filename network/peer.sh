#!/usr/bin/env bash
# Launcher: one peer (its id from the topology, <peer>-<org>, e.g. peer1-org1; an org name means the
# org's first peer). Each org's peers share one core.yaml is Fabric's sampleconfig with vm.endpoint emptied and our
# chaincode-as-a-service builder (see scripts/network-up.sh); everything else is overridden here.
set -euo pipefail
# shellcheck source=network/env.sh
. "$(dirname "$0")/env.sh"
id="${1:?usage: network/peer.sh <peer id: <peer>-<org> of the topology>}"
[ -n "${NODE_ORG[$id]:-}" ] || id="$(peers_of "$id" | head -n 1)"
[ -n "${NODE_ORG[$id]:-}" ] || die "network/peer.sh: no peer '$1' in the topology ($TOPOLOGY_FILE)"
org="${NODE_ORG[$id]}"
name="${NODE_NAME[$id]}"
d="$CRYPTO_DIR/$org/peers/$name"
address="${NODE_HOST[$id]}:${NODE_PORT[$id]}"
export FABRIC_CFG_PATH="$CONFIG_DIR/peer-$org"
export FABRIC_LOGGING_SPEC="${PEER_LOGGING_SPEC:-INFO}"
export CORE_PEER_ID="$name.${ORG_DOMAIN[$org]}"
export CORE_PEER_ADDRESS="$address"
export CORE_PEER_LISTENADDRESS="$address"
export CORE_PEER_CHAINCODEADDRESS="${NODE_HOST[$id]}:${NODE_CC_PORT[$id]}"
export CORE_PEER_CHAINCODELISTENADDRESS="${NODE_HOST[$id]}:${NODE_CC_PORT[$id]}"
# Gossip within the org: every peer bootstraps from the org's first peer (the anchor peer).
export CORE_PEER_GOSSIP_BOOTSTRAP="${PEER_HOST[$org]}:${PEER_PORT[$org]}"
export CORE_PEER_GOSSIP_EXTERNALENDPOINT="$address"
# Peers start together, so the first dial of another org's anchor peer often fails; retry in 2 s, not
# Fabric's 25 s, so discovery (and endorsement plans across orgs) is ready seconds after start.
export CORE_PEER_GOSSIP_RECONNECTINTERVAL=2s
export CORE_PEER_GOSSIP_ALIVETIMEINTERVAL=2s
export CORE_PEER_LOCALMSPID="${ORG_MSP[$org]}"
export CORE_PEER_MSPCONFIGPATH="$d/msp"
export CORE_PEER_TLS_ENABLED=true
export CORE_PEER_TLS_CERT_FILE="$d/tls/cert.pem"
export CORE_PEER_TLS_KEY_FILE="$d/tls/key.pem"
export CORE_PEER_TLS_ROOTCERT_FILE="$CRYPTO_DIR/$org/ca/ca-cert.pem"
# This peer's TLS client credentials for dialling the chaincode server (cert.pem, key.pem, ca.pem from the
# chaincode TLS CA): the ccaas builder's release step reads them (core.yaml propagateEnvironment).
export LEDGER_CHAINCODE_CLIENT_TLS_DIR="$d/chaincode-client"
export CORE_PEER_FILESYSTEMPATH="$DATA_DIR/$id"
export CORE_LEDGER_SNAPSHOTS_ROOTDIR="$DATA_DIR/$id/snapshots"
export CORE_OPERATIONS_LISTENADDRESS="${NODE_HOST[$id]}:${NODE_OPS_PORT[$id]}"
# Operations (/metrics, /logspec, /healthz): TLS, and a client certificate of the operations CA for all.
export CORE_OPERATIONS_TLS_ENABLED=true
export CORE_OPERATIONS_TLS_CERT_FILE="$d/operations-tls/cert.pem"
export CORE_OPERATIONS_TLS_KEY_FILE="$d/operations-tls/key.pem"
export CORE_OPERATIONS_TLS_CLIENTAUTHREQUIRED=true
export CORE_OPERATIONS_TLS_CLIENTROOTCAS_FILES="$OPS_TLS_CA_DIR/ca-cert.pem"
export CORE_METRICS_PROVIDER=prometheus
mkdir -p "$DATA_DIR/$id"
exec "$(fabric_bin)/peer" node start
