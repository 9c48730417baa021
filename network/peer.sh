#!/usr/bin/env bash
# Launcher: peer0 of one org. core.yaml is Fabric's sampleconfig with vm.endpoint emptied and our
# chaincode-as-a-service builder (see scripts/network-up.sh); everything else is overridden here.
set -euo pipefail
# shellcheck source=network/env.sh
. "$(dirname "$0")/env.sh"
org="${1:?usage: network/peer.sh <org1|org2|org3>}"
d="$CRYPTO_DIR/$org/peers/peer0"
address="127.0.0.1:${PEER_PORT[$org]}"
export FABRIC_CFG_PATH="$CONFIG_DIR/peer-$org"
export FABRIC_LOGGING_SPEC="${PEER_LOGGING_SPEC:-INFO}"
export CORE_PEER_ID="peer0.${ORG_DOMAIN[$org]}"
export CORE_PEER_ADDRESS="$address"
export CORE_PEER_LISTENADDRESS="$address"
export CORE_PEER_CHAINCODEADDRESS="127.0.0.1:${PEER_CC_PORT[$org]}"
export CORE_PEER_CHAINCODELISTENADDRESS="127.0.0.1:${PEER_CC_PORT[$org]}"
export CORE_PEER_GOSSIP_BOOTSTRAP="$address"
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
export CORE_PEER_FILESYSTEMPATH="$DATA_DIR/peer0-$org"
export CORE_LEDGER_SNAPSHOTS_ROOTDIR="$DATA_DIR/peer0-$org/snapshots"
export CORE_OPERATIONS_LISTENADDRESS="127.0.0.1:${PEER_OPS_PORT[$org]}"
# Operations (/metrics, /logspec, /healthz): TLS, and a client certificate of the operations CA for all.
export CORE_OPERATIONS_TLS_ENABLED=true
export CORE_OPERATIONS_TLS_CERT_FILE="$d/operations-tls/cert.pem"
export CORE_OPERATIONS_TLS_KEY_FILE="$d/operations-tls/key.pem"
export CORE_OPERATIONS_TLS_CLIENTAUTHREQUIRED=true
export CORE_OPERATIONS_TLS_CLIENTROOTCAS_FILES="$OPS_TLS_CA_DIR/ca-cert.pem"
export CORE_METRICS_PROVIDER=prometheus
mkdir -p "$DATA_DIR/peer0-$org"
exec "$(fabric_bin)/peer" node start
