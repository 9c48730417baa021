#!/usr/bin/env bash
# Sourced by the test scripts (test-integration.sh, test-faults.sh) after they export NETWORK_PORT_BASE,
# NETWORK_RUN_DIR and GATEWAY_PORT: brings up a fresh network with the chaincode deployed, and tears it
# down when the sourcing script exits (on success, on failure and on Ctrl-C).
# Usage: . scripts/fresh-test-network.sh; fresh_test_network <label>

teardown_test_network() {
  bash scripts/network-down.sh --clean >/dev/null 2>&1 || true
}

# Starts the network; prints "<label>: network ready in N s". Sets test_network_started (epoch seconds).
fresh_test_network() {
  local label="$1"
  mkdir -p .test-results
  trap teardown_test_network EXIT
  trap 'exit 130' INT TERM
  teardown_test_network
  bash scripts/ensure-tools.sh
  test_network_started=$(date +%s)
  bash scripts/network-up.sh
  bash scripts/deploy-chaincode.sh
  echo "$label: network ready in $(($(date +%s) - test_network_started)) s" >&2
}
