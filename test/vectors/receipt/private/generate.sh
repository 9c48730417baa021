#!/usr/bin/env bash
# Re-issues the digest signer certificates of the receipt vectors and the org CA's CRL, from the
# committed keys org-ca.key.pem (the CA) and signer.key.pem (every signer below: one key, so the one
# fixed digest signature of test/vectors/generate.ts verifies under each certificate and each twin
# fails on the signer check alone). Test identities, not secrets. Then run `npm run vectors`.
#
#   signer.cert.pem   ledger.role=gateway, serial 0x02, valid 2026-12-01..2126-12-01  (the good signer)
#   teller.cert.pem   ledger.role=teller,  serial 0x03
#   roleless.cert.pem no Fabric CA attributes, serial 0x04
#   expired.cert.pem  ledger.role=gateway, serial 0x05, valid 2025-01-01..2026-01-01
#   revoked.cert.pem  ledger.role=gateway, serial 0x06, revoked (keyCompromise) in org-ca.crl.pem
#
# The Fabric CA attributes are the X.509 extension 1.2.3.4.5.6.7.8.1 holding the JSON
# {"attrs":{...}} as fabric-ca writes it. ECDSA signing is randomized: a rerun changes every file.
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
hex() { printf '%s' "$1" | od -An -tx1 | tr -d ' \n'; }
touch "$tmp/index.txt"
echo 1000 >"$tmp/crlnumber"
cat >"$tmp/ca.cnf" <<CNF
[ca]
default_ca = test_ca
[test_ca]
database = $tmp/index.txt
new_certs_dir = $tmp
serial = $tmp/serial
crlnumber = $tmp/crlnumber
certificate = org-ca.cert.pem
private_key = org-ca.key.pem
default_md = sha256
policy = any_dn
unique_subject = no
preserve = yes
[any_dn]
O = optional
OU = optional
CN = supplied
CNF
issue() { # out serial cn role(empty: no attributes) startdate enddate
  local ext="basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature"
  if [ -n "$4" ]; then
    ext="$ext
1.2.3.4.5.6.7.8.1=DER:$(hex "{\"attrs\":{\"hf.EnrollmentID\":\"$3\",\"hf.Type\":\"client\",\"ledger.role\":\"$4\"}}")"
  fi
  printf '%s\n' "$ext" >"$tmp/ext"
  printf '%s\n' "$2" >"$tmp/serial"
  openssl req -new -key signer.key.pem -subj "/O=Org1/OU=client/CN=$3" -out "$tmp/csr"
  openssl ca -batch -config "$tmp/ca.cnf" -notext -in "$tmp/csr" -out "$1" -extfile "$tmp/ext" \
    -startdate "$5" -enddate "$6" 2>/dev/null
}
issue signer.cert.pem 02 ledger-vectors-digest-signer gateway 20261201000000Z 21261201000000Z
issue teller.cert.pem 03 ledger-vectors-teller teller 20261201000000Z 21261201000000Z
issue roleless.cert.pem 04 ledger-vectors-roleless '' 20261201000000Z 21261201000000Z
issue expired.cert.pem 05 ledger-vectors-expired-gateway gateway 20250101000000Z 20260101000000Z
issue revoked.cert.pem 06 ledger-vectors-revoked-gateway gateway 20261201000000Z 21261201000000Z
openssl ca -config "$tmp/ca.cnf" -revoke revoked.cert.pem -crl_reason keyCompromise 2>/dev/null
openssl ca -config "$tmp/ca.cnf" -gencrl -crldays 36500 -out org-ca.crl.pem 2>/dev/null
