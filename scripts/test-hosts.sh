#!/usr/bin/env bash
# `npm run test:hosts`: the multi-host and partition suites (test/integration/hosts) on a network of their
# own in the multi-host mode (NETWORK_HOSTS=netns: each orderer, peer and org on a host of its own, a
# Linux network namespace; docs/topology.md). Needs root (network namespaces); says what is missing
# otherwise. Its own port block and run folder, so `npm start` or another test network is not touched.
# The network and its namespaces are always torn down: on success, on failure and on Ctrl-C.
#
# Environment: HOSTS_NETWORK_PORT_BASE (default 13000), HOSTS_NETWORK_RUN_DIR (network/.run-hosts),
# HOSTS_EVENTS (events per partition scenario, default 600), HOSTS_CUT_MS (Org2's cut, default 15000),
# HOSTS_MIN_CUT_MS (shortest cut of the orderer-and-peer partition, default 0: until 100 more are sealed).
# Writes .test-results/integration-hosts.json (counts), .test-results/partitions-report.json (one row per
# partition: acknowledged, sealed, gaps, duplicates, recovery time) and .test-results/hosts-network.json
# (bring-up time, memory and CPU of the multi-host network).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/use-node.sh
. scripts/use-node.sh
use_project_node
ensure_native_modules

if [ "${1:-}" = "--help" ] || [ "${1:-}" = "-h" ]; then
  sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'
  exit 0
fi

export NETWORK_HOSTS=netns
export NETWORK_PORT_BASE="${HOSTS_NETWORK_PORT_BASE:-13000}"
export NETWORK_RUN_DIR="${HOSTS_NETWORK_RUN_DIR:-$PWD/network/.run-hosts}"
export GATEWAY_PORT="${HOSTS_GATEWAY_PORT:-$((NETWORK_PORT_BASE + 551))}"
mkdir -p .test-results
# Permission first: without it, say exactly what is missing (network/netns.sh check).
bash network/netns.sh check

# shellcheck source=scripts/fresh-test-network.sh
. scripts/fresh-test-network.sh
fresh_test_network hosts
bash scripts/gateway-up.sh
up_seconds=$(($(date +%s) - test_network_started))

# Memory (RSS) and CPU time so far of every process of the network (PID files), after bring-up.
rss_kib=0
cpu_ticks=0
processes=0
for f in "$NETWORK_RUN_DIR"/pids/*.pid; do
  pid="$(cat "$f")"
  [ -r "/proc/$pid/stat" ] || continue
  rss_kib=$((rss_kib + $(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status")))
  # utime + stime (fields 14 and 15; the command name in field 2 has no spaces here).
  cpu_ticks=$((cpu_ticks + $(awk '{print $14 + $15}' "/proc/$pid/stat")))
  processes=$((processes + 1))
done
hz="$(getconf CLK_TCK)"
printf '{"bringUpSeconds":%s,"processes":%s,"hosts":%s,"rssMiB":%s,"cpuSeconds":%s}\n' \
  "$up_seconds" "$processes" "$(grep -c '^netns ' "$NETWORK_RUN_DIR/state/netns")" \
  "$((rss_kib / 1024))" "$((cpu_ticks / hz))" >.test-results/hosts-network.json
echo "hosts: multi-host network $(cat .test-results/hosts-network.json)" >&2

rm -f .test-results/partitions-report.json
status=0
MOCHA_COUNTS_FILE=.test-results/integration-hosts.json npx mocha --config .mocharc.json --sort --timeout 600000 \
  'test/integration/hosts/*.spec.ts' || status=1
echo "hosts: done in $(($(date +%s) - test_network_started)) s (table: .test-results/partitions-report.json)" >&2
exit "$status"
