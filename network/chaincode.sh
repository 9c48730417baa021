#!/usr/bin/env bash
# Launcher: the `ledger` chaincode as a service (fabric-chaincode-node server), TLS with client auth.
# One process serves the package on every peer. Its certificate and the client certificates it accepts
# (the peers' chaincode-client ones) come from the chaincode TLS CA (network/crypto.sh), no org's CA.
# Usage: network/chaincode.sh <package-id> [module-dir]
# LEDGER_MAX_CLOCK_SKEW_SECONDS (default 300): how far a governance or journal transaction's timestamp may
# be from this server's clock before the peers it serves refuse to endorse it (chaincode/src/lib/clockSkew.ts).
set -euo pipefail
# shellcheck source=network/env.sh
. "$(dirname "$0")/env.sh"
# shellcheck source=scripts/use-node.sh
. "$REPO_DIR/scripts/use-node.sh"
use_project_node
package_id="${1:?usage: network/chaincode.sh <package-id> [module-dir]}"
module_dir="${2:-$REPO_DIR/chaincode}"
d="$CRYPTO_DIR/chaincode"
export LEDGER_MAX_CLOCK_SKEW_SECONDS="${LEDGER_MAX_CLOCK_SKEW_SECONDS:-300}"
cd "$module_dir"
exec node "$REPO_DIR/node_modules/fabric-shim/cli.js" server \
  --chaincode-address "$CHAINCODE_HOST:$CHAINCODE_PORT" \
  --chaincode-id "$package_id" \
  --chaincode-tls-cert-file "$d/tls/cert.pem" \
  --chaincode-tls-key-file "$d/tls/key.pem" \
  --chaincode-tls-client-cacert-file "$d/tls/ca.pem" \
  --module-path "$module_dir"
