#!/usr/bin/env bash
# `npm run bench`: makes sure the network, chaincode and gateway run (npm start, idempotent), then runs
# the bounded SubmitEvent benchmark against them. Arguments go to test/bench/submitEventBench.ts.
set -euo pipefail
if [ "${1:-}" = "--help" ] || [ "${1:-}" = "-h" ]; then
  cd "$(dirname "$0")/.." && exec node -r ts-node/register/transpile-only test/bench/submitEventBench.ts --help
fi
cd "$(dirname "$0")/.."
bash scripts/start.sh >&2
mkdir -p bench-results
exec node -r ts-node/register/transpile-only test/bench/submitEventBench.ts --out "bench-results/submit-$(date +%Y%m%dT%H%M%S).json" "$@"
