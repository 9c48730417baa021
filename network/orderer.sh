#!/usr/bin/env bash
# Launcher: one etcdraft orderer of the topology with the channel participation API, no system channel.
set -euo pipefail
# shellcheck source=network/env.sh
. "$(dirname "$0")/env.sh"
o="${1:?usage: network/orderer.sh <orderer of the topology>}"
[ -n "${ORDERER_PORT[$o]:-}" ] || die "network/orderer.sh: no orderer '$o' in the topology ($TOPOLOGY_FILE)"
d="$CRYPTO_DIR/$ORDERER_ORG/orderers/$o"
ca="$CRYPTO_DIR/$ORDERER_ORG/ca/ca-cert.pem"
export FABRIC_CFG_PATH="$CONFIG_DIR/orderer"
export FABRIC_LOGGING_SPEC="${ORDERER_LOGGING_SPEC:-INFO}"
export ORDERER_GENERAL_LISTENADDRESS="${ORDERER_HOST[$o]}"
export ORDERER_GENERAL_LISTENPORT="${ORDERER_PORT[$o]}"
export ORDERER_GENERAL_LOCALMSPID="${ORG_MSP[$ORDERER_ORG]}"
export ORDERER_GENERAL_LOCALMSPDIR="$d/msp"
export ORDERER_GENERAL_BOOTSTRAPMETHOD=none
export ORDERER_GENERAL_TLS_ENABLED=true
export ORDERER_GENERAL_TLS_PRIVATEKEY="$d/tls/key.pem"
export ORDERER_GENERAL_TLS_CERTIFICATE="$d/tls/cert.pem"
export ORDERER_GENERAL_TLS_ROOTCAS="[$ca]"
export ORDERER_GENERAL_CLUSTER_CLIENTCERTIFICATE="$d/tls/cert.pem"
export ORDERER_GENERAL_CLUSTER_CLIENTPRIVATEKEY="$d/tls/key.pem"
export ORDERER_GENERAL_CLUSTER_ROOTCAS="[$ca]"
export ORDERER_CHANNELPARTICIPATION_ENABLED=true
export ORDERER_ADMIN_LISTENADDRESS="${ORDERER_HOST[$o]}:${ORDERER_ADMIN_PORT[$o]}"
export ORDERER_ADMIN_TLS_ENABLED=true
export ORDERER_ADMIN_TLS_PRIVATEKEY="$d/tls/key.pem"
export ORDERER_ADMIN_TLS_CERTIFICATE="$d/tls/cert.pem"
export ORDERER_ADMIN_TLS_ROOTCAS="[$ca]"
export ORDERER_ADMIN_TLS_CLIENTAUTHREQUIRED=true
export ORDERER_ADMIN_TLS_CLIENTROOTCAS="[$ca]"
export ORDERER_OPERATIONS_LISTENADDRESS="${ORDERER_HOST[$o]}:${ORDERER_OPS_PORT[$o]}"
# Operations (/metrics, /logspec, /healthz): TLS, and a client certificate of the operations CA for all.
export ORDERER_OPERATIONS_TLS_ENABLED=true
export ORDERER_OPERATIONS_TLS_CERTIFICATE="$d/operations-tls/cert.pem"
export ORDERER_OPERATIONS_TLS_PRIVATEKEY="$d/operations-tls/key.pem"
export ORDERER_OPERATIONS_TLS_CLIENTAUTHREQUIRED=true
export ORDERER_OPERATIONS_TLS_CLIENTROOTCAS="[$OPS_TLS_CA_DIR/ca-cert.pem]"
export ORDERER_METRICS_PROVIDER=prometheus
export ORDERER_FILELEDGER_LOCATION="$DATA_DIR/$o/ledger"
export ORDERER_CONSENSUS_WALDIR="$DATA_DIR/$o/etcdraft/wal"
export ORDERER_CONSENSUS_SNAPDIR="$DATA_DIR/$o/etcdraft/snapshot"
mkdir -p "$DATA_DIR/$o"
exec "$(fabric_bin)/orderer"
