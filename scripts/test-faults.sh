#!/usr/bin/env bash
# `npm run test:faults`: the fault suites (test/integration/faults) on a network of their own (separate
# port block and run folder, so `npm start` or an integration run is not touched). Each scenario kills
# something (the Raft leader, the gateway's peer, the gateway), restarts it and checks the journal; the
# network is always torn down: on success, on failure and on Ctrl-C.
#
# Environment: FAULTS_NETWORK_PORT_BASE (default 11000), FAULTS_NETWORK_RUN_DIR (network/.run-faults),
# FAULTS_EVENTS / FAULTS_CONCURRENCY / FAULTS_TRANSFERS (workload per scenario, default 2000 / 16 / 5).
# The per-scenario table is printed and written to .test-results/faults-report.json.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/use-node.sh
. scripts/use-node.sh
use_project_node
ensure_native_modules

if [ "${1:-}" = "--help" ] || [ "${1:-}" = "-h" ]; then
  sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
  exit 0
fi

export NETWORK_PORT_BASE="${FAULTS_NETWORK_PORT_BASE:-11000}"
export NETWORK_RUN_DIR="${FAULTS_NETWORK_RUN_DIR:-$PWD/network/.run-faults}"
export GATEWAY_PORT="${FAULTS_GATEWAY_PORT:-$((NETWORK_PORT_BASE + 551))}"
# shellcheck source=scripts/fresh-test-network.sh
. scripts/fresh-test-network.sh
fresh_test_network faults
start=$test_network_started

rm -f .test-results/faults-report.json
status=0
MOCHA_COUNTS_FILE=.test-results/faults.json npx mocha --config .mocharc.json --sort --timeout 600000 \
  'test/integration/faults/*.spec.ts' || status=1
echo "faults: done in $(($(date +%s) - start)) s (table: .test-results/faults-report.json)" >&2
exit "$status"
