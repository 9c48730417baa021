#!/usr/bin/env bash
# Integration tests against a real network of their own (separate port block and run folder, so a
# network started with `npm start` is not touched). The network is always torn down: on success, on
# failure and on Ctrl-C. The last suite checks that network:down leaves no process of ours behind. Then,
# with that network gone, the multi-host and partition suites run on a network of their own
# (scripts/test-hosts.sh: NETWORK_HOSTS=netns, needs root).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/use-node.sh
. scripts/use-node.sh
use_project_node
ensure_native_modules
export NETWORK_PORT_BASE="${TEST_NETWORK_PORT_BASE:-9000}"
export NETWORK_RUN_DIR="${TEST_NETWORK_RUN_DIR:-$PWD/network/.run-test}"
export GATEWAY_PORT="${TEST_GATEWAY_PORT:-9551}"
# shellcheck source=scripts/fresh-test-network.sh
. scripts/fresh-test-network.sh
fresh_test_network integration

status=0
MOCHA_COUNTS_FILE=.test-results/integration.json npx mocha --config .mocharc.json --sort --timeout 300000 \
  'test/integration/*.spec.ts' || status=1
MOCHA_COUNTS_FILE=.test-results/integration-outage.json npx mocha --config .mocharc.json --timeout 300000 \
  'test/integration/outage/*.spec.ts' || status=1
# The fault scenarios kill and restart orderers, peers and gateways; each leaves the network whole.
rm -f .test-results/faults-report.json
MOCHA_COUNTS_FILE=.test-results/integration-faults.json npx mocha --config .mocharc.json --sort --timeout 600000 \
  'test/integration/faults/*.spec.ts' || status=1
MOCHA_COUNTS_FILE=.test-results/integration-teardown.json npx mocha --config .mocharc.json --timeout 120000 \
  'test/integration/teardown/*.spec.ts' || status=1
teardown_test_network
bash scripts/test-hosts.sh || status=1
exit "$status"
