#!/usr/bin/env bash
# The private data collections of the `ledger` chaincode definition: one per pair of member orgs,
# `terms-<mspA>-<mspB>` (MSP ids sorted), for the Terms contract (docs/chaincode.md, "Terms"). Sourced
# by scripts/deploy-chaincode.sh (after network/env.sh); run on its own it prints the JSON for the
# channel's members now (`bash scripts/terms-collections.sh`).
#
# Each collection: members and endorsement both parties only — the policy OR('A.member','B.member')
# decides which peers hold the value; memberOnlyRead/memberOnlyWrite keep every other org's clients
# out; the collection's endorsement policy AND('A.member','B.member') makes a terms write valid only
# when both parties' peers endorsed it (so both hold the value when it commits, without waiting on
# gossip); requiredPeerCount 0 and maxPeerCount = the pair's peers less the endorser (the endorser
# pushes the value to every other peer of the two orgs, best effort); blockToLive 0 (kept for good).

# terms_collections_json ORG... : prints the collections config (peer --collections-config format)
# for every pair of the given orgs (topology names, ORG_MSP and ORG_PEERS from network/env.sh). An org
# whose MSP id a collection name cannot carry (Fabric allows [A-Za-z0-9_-]) is left out, with a line
# on stderr.
terms_collections_json() {
  local -a msps=() peers=()
  local org msp n
  for org in "$@"; do
    msp="${ORG_MSP[$org]:?no MSP id for org $org}"
    if [[ ! "$msp" =~ ^[A-Za-z0-9][A-Za-z0-9_-]*$ ]]; then
      printf 'terms collections: %s has MSP id %s, which a collection name cannot carry: no terms collection\n' \
        "$org" "$msp" >&2
      continue
    fi
    # shellcheck disable=SC2086  # ORG_PEERS holds a space-separated list
    n=$(printf '%s\n' ${ORG_PEERS[$org]:-} | grep -c .)
    msps+=("$msp")
    peers+=("$n")
  done
  local i j a b pa pb max first=1
  printf '['
  for ((i = 0; i < ${#msps[@]}; i++)); do
    for ((j = i + 1; j < ${#msps[@]}; j++)); do
      a="${msps[$i]}" b="${msps[$j]}" pa="${peers[$i]}" pb="${peers[$j]}"
      [ "$a" = "$b" ] && continue
      if [[ "$b" < "$a" ]]; then
        a="${msps[$j]}" b="${msps[$i]}"
      fi
      max=$((pa + pb - 1))
      [ "$max" -ge 1 ] || max=1
      [ "$first" = 1 ] || printf ','
      first=0
      printf '\n  {"name": "terms-%s-%s", "policy": "OR('"'"'%s.member'"'"', '"'"'%s.member'"'"')", ' "$a" "$b" "$a" "$b"
      printf '"requiredPeerCount": 0, "maxPeerCount": %d, "blockToLive": 0, "memberOnlyRead": true, ' "$max"
      printf '"memberOnlyWrite": true, "endorsementPolicy": {"signaturePolicy": "AND('"'"'%s.member'"'"', '"'"'%s.member'"'"')"}}' "$a" "$b"
    done
  done
  printf '\n]\n'
}

# The orgs the collections are made for: the channel's members now (founders and orgs that joined by
# vote), each once. Only members: Fabric refuses to approve a definition whose collection names an
# org that is not in the channel ("collection member 'Org3MSP' is not part of the channel"). An org
# that joins later approves the committed definition as it is (scripts/deploy-chaincode.sh), and its
# pairs come with the chaincode's next upgrade (a new sequence, which every member approves).
terms_collection_orgs() {
  local -a seen=()
  local org
  for org in "${ORGS[@]}"; do
    [[ " ${seen[*]} " == *" $org "* ]] && continue
    seen+=("$org")
    printf '%s\n' "$org"
  done
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  # shellcheck source=network/env.sh
  . "$(dirname "$0")/../network/env.sh"
  mapfile -t orgs < <(terms_collection_orgs)
  terms_collections_json "${orgs[@]}"
fi
