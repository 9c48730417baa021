#!/usr/bin/env bash
# `npm test`: lint, format check, typecheck, build, unit tests, then integration tests on a fresh network that
# this run brings up and always tears down. Each mocha run writes its counts to .test-results/.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/use-node.sh
. scripts/use-node.sh
use_project_node

if [ ! -x node_modules/.bin/mocha ]; then
  echo "test: installing npm dependencies (npm ci)" >&2
  # Run from `npm start`/`npm test`, npm passes its own settings down as npm_config_* variables; npm 11
  # refuses allow-scripts given that way, so let the nested install read it from .npmrc only.
  env -u npm_config_allow_scripts npm ci --no-audit --no-fund
fi
ensure_native_modules
bash scripts/ensure-tools.sh

rm -rf .test-results
mkdir -p .test-results
# The mocha stages this run must report (each writes .test-results/<stage>.json; the last five are
# written by scripts/test-integration.sh, integration-hosts by scripts/test-hosts.sh which it runs). .ci/run reports a stage without its file as failed, so a
# stage stopped by lint, typecheck, a network that did not start or a load error cannot vanish.
printf '%s\n' unit integration integration-outage integration-faults integration-teardown integration-hosts \
  >.test-results/expected-stages
npm run lint
npm run format:check
npm run typecheck
# Integration suites run the gateway and the ledger CLI as users do: compiled (gateway/dist).
npm run build

status=0
MOCHA_COUNTS_FILE=.test-results/unit.json npm run test:unit || status=1
npm run test:integration || status=1
exit "$status"
