#!/usr/bin/env bash
# The hosts of the multi-host mode (NETWORK_HOSTS=netns, docs/topology.md "Each organization on its own
# host"): one Linux network namespace per orderer, per peer, per member org (its CA and gateway), for the
# orderer org's CA and for the chaincode server, each joined by a veth pair to one bridge in the root
# namespace. Addresses and names come from the topology (gateway/src/topology/netnsHosts.ts: the /24
# 198.18.X.0/24 and the prefix lgX, X = network port base / 100 mod 256). No namespace gets a default
# route, so nothing in them reaches beyond the bridge's /24.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: network/netns.sh COMMAND   (NETWORK_HOSTS=netns; the same NETWORK_PORT_BASE as the network)

  check          can this user make namespaces? Prints exactly what is missing, exit 1 if anything is
  up             make the bridge and every namespace of the topology (idempotent; runs check first)
  down           remove the namespaces and bridge this network made (recorded in RUN/state/netns)
  cut TARGET     partition TARGET's hosts: take their veths down (each is then cut off from every
                 other host, its own group's too, and from the root namespace)
  heal TARGET    bring their veths back up
  status         one line per namespace: name, address, veth, group, up/cut
TARGET is a group (a member org's name: its own host and every peer's; an orderer's name), a namespace
(<prefix>-<peer>-<org>) or a process name (<peer>-<org>, gateway-<org>).
Needs root (CAP_SYS_ADMIN and CAP_NET_ADMIN) and iproute2's `ip`.
EOF
}

# shellcheck source=network/env.sh
. "$(dirname "$0")/env.sh"

MADE_FILE="$STATE_DIR/netns"

need_netns_mode() {
  [ "$NETWORK_HOSTS_MODE" = netns ] || die "network/netns.sh: NETWORK_HOSTS is not netns for this network (set NETWORK_HOSTS=netns)"
}

# Prints what is missing to make namespaces, one line each; exit status 1 when something is.
netns_check() {
  local missing=() probe="${NETNS_PREFIX:-lg}-probe$$" err
  command -v ip >/dev/null || missing+=("the ip command of iproute2 (apt-get install iproute2)")
  [ "$(id -u)" -eq 0 ] || missing+=("root: namespaces, veth pairs and bridges need CAP_SYS_ADMIN and CAP_NET_ADMIN (run as root, e.g. sudo -E)")
  if [ ${#missing[@]} -eq 0 ]; then
    if ! err="$(ip netns add "$probe" 2>&1)"; then
      missing+=("permission to create a network namespace (ip netns add failed: $err); in a container, run it with --privileged or --cap-add SYS_ADMIN --cap-add NET_ADMIN")
    else
      if ! err="$(ip link add "${probe:0:12}v" type veth peer name eth0 netns "$probe" 2>&1)"; then
        missing+=("permission to create veth pairs (ip link add … type veth failed: $err; kernel module veth)")
      fi
      ip link del "${probe:0:12}v" 2>/dev/null || true
      ip netns del "$probe" 2>/dev/null || true
    fi
  fi
  if [ ${#missing[@]} -gt 0 ]; then
    printf 'error: NETWORK_HOSTS=netns cannot make its hosts; missing:\n' >&2
    printf '  - %s\n' "${missing[@]}" >&2
    return 1
  fi
}

record_made() { # <name>: remember a namespace or link this network made (for `down`)
  mkdir -p "$STATE_DIR"
  grep -qxF "$1" "$MADE_FILE" 2>/dev/null || echo "$1" >>"$MADE_FILE"
}

netns_up() {
  local ns addr veth prefix_len="${NETNS_SUBNET##*/}"
  netns_check || exit 1
  if ! ip link show "$NETNS_BRIDGE" >/dev/null 2>&1; then
    ip link add "$NETNS_BRIDGE" type bridge forward_delay 0 stp_state 0
    record_made "link $NETNS_BRIDGE"
  fi
  ip addr replace "$NETNS_BRIDGE_ADDRESS/$prefix_len" dev "$NETNS_BRIDGE"
  ip link set "$NETNS_BRIDGE" up
  for ns in "${NETNS_NAMES[@]}"; do
    addr="${NETNS_ADDRESS[$ns]}"
    veth="${NETNS_VETH[$ns]}"
    if [ ! -e "/run/netns/$ns" ]; then
      ip netns add "$ns"
      record_made "netns $ns"
    fi
    if ! ip link show "$veth" >/dev/null 2>&1; then
      ip link add "$veth" type veth peer name eth0 netns "$ns"
    fi
    ip link set "$veth" master "$NETNS_BRIDGE"
    ip link set "$veth" up
    ip -n "$ns" link set lo up
    ip -n "$ns" addr replace "$addr/$prefix_len" dev eth0
    ip -n "$ns" link set eth0 up
  done
  log "netns: ${#NETNS_NAMES[@]} hosts on $NETNS_SUBNET (bridge $NETNS_BRIDGE $NETNS_BRIDGE_ADDRESS, no default route)"
}

netns_down() {
  local kind name removed=()
  [ -f "$MADE_FILE" ] || return 0
  # Namespaces first (their veth pairs go with them), the bridge last.
  while read -r kind name; do
    [ "$kind" = netns ] || continue
    if ip netns del "$name" 2>/dev/null; then removed+=("$name"); fi
  done <"$MADE_FILE"
  while read -r kind name; do
    [ "$kind" = link ] || continue
    if ip link del "$name" 2>/dev/null; then removed+=("$name"); fi
  done <"$MADE_FILE"
  rm -f "$MADE_FILE"
  [ ${#removed[@]} -eq 0 ] || log "netns: removed ${removed[*]}"
}

# The namespaces of a target, one a line: a group (every host of an org, or an orderer), a namespace
# name or a process name.
namespaces_of() {
  local t="$1" ns found=0
  for ns in "${NETNS_NAMES[@]}"; do
    if [ "${NETNS_GROUP[$ns]}" = "$t" ]; then echo "$ns"; found=1; fi
  done
  [ "$found" -eq 1 ] && return 0
  if [ -n "${NETNS_ADDRESS[$t]:-}" ]; then echo "$t"
  elif [ -n "${PROCESS_NETNS[$t]:-}" ]; then echo "${PROCESS_NETNS[$t]}"
  else die "network/netns.sh: no host '$t' (groups: $(printf '%s\n' "${NETNS_GROUP[@]}" | sort -u | tr '\n' ' '))"
  fi
}

netns_status() {
  local ns state
  for ns in "${NETNS_NAMES[@]}"; do
    state=absent
    if ip link show "${NETNS_VETH[$ns]}" >/dev/null 2>&1; then
      state=up
      grep -q ',UP' <<<"$(ip link show "${NETNS_VETH[$ns]}")" || state="cut"
    fi
    printf '%s %s %s %s %s\n' "$ns" "${NETNS_ADDRESS[$ns]}" "${NETNS_VETH[$ns]}" "${NETNS_GROUP[$ns]}" "$state"
  done
}

case "${1:-}" in
  -h | --help | "") usage ;;
  check) need_netns_mode; netns_check && echo "netns: ok (namespaces, veth pairs and bridges can be made)" ;;
  up) need_netns_mode; netns_up ;;
  down) netns_down ;;
  cut | heal)
    need_netns_mode
    mapfile -t targets < <(namespaces_of "${2:?usage: network/netns.sh $1 TARGET}")
    [ ${#targets[@]} -gt 0 ] || exit 1
    for ns in "${targets[@]}"; do
      if [ "$1" = cut ]; then ip link set "${NETNS_VETH[$ns]}" down; else ip link set "${NETNS_VETH[$ns]}" up; fi
    done
    log "netns: $1 ${targets[*]}"
    ;;
  status) need_netns_mode; netns_status ;;
  *) usage >&2; exit 2 ;;
esac
