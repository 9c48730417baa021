#!/usr/bin/env bash
# Registers and enrolls the node and admin identities of every org from that org's running Fabric CA,
# and lays out the MSP folders Fabric expects. Sourced by scripts/network-up.sh (needs env.sh).
# Application users (teller, auditor, ...) are enrolled from TypeScript: gateway/src/fabric/caEnrollment.ts.
# Every secret is random (random_secret, network/env.sh) and enrolls once (the CAs run with
# registry.maxenrollments 1).

ca_url() { echo "https://${CA_HOST[$1]}:${CA_PORT[$1]}"; }

# ca_client <org> <fabric-ca-client args...>: runs as the org's CA admin (crypto/<org>/ca-admin). Secrets
# never go on the command line (readable by any local user in /proc) nor into the log: callers pass them
# in the environment (FABRIC_CA_CLIENT_ID_SECRET for register, FABRIC_CA_CLIENT_URL with the
# credentials for enroll), and the `Password: …` line register prints is dropped. crypto.log is 0600.
ca_client() {
  local org="$1" rc=0
  shift
  (umask 077 && touch "$LOG_DIR/crypto.log" && chmod 600 "$LOG_DIR/crypto.log")
  # pipefail (set by every caller): rc is fabric-ca-client's status, the filter always succeeds.
  FABRIC_CA_CLIENT_HOME="$CRYPTO_DIR/$org/ca-admin" "$(fabric_bin)/fabric-ca-client" "$@" \
    --caname "ca-$org" --tls.certfiles "$CRYPTO_DIR/$org/ca/ca-cert.pem" 2>&1 |
    without_secrets >>"$LOG_DIR/crypto.log" || rc=$?
  [ "$rc" -eq 0 ] || die "fabric-ca-client $1 failed for $org (see $LOG_DIR/crypto.log)"
}

# Log filter: drops the lines fabric-ca-client prints with a secret in them.
without_secrets() { grep -v -E '^Password: |://[^/@ ]+:[^/@ ]+@' || true; }

# ca_enroll <org> <name> <secret> <fabric-ca-client enroll args...>: one enrolment with the secret.
ca_enroll() {
  local org="$1" name="$2" secret="$3"
  shift 3
  FABRIC_CA_CLIENT_URL="https://$name:$secret@${CA_HOST[$org]}:${CA_PORT[$org]}" ca_client "$org" enroll "$@"
}

# ca_register <org> <name> <secret> <fabric-ca-client register args...>: a registration that enrolls once.
ca_register() {
  local org="$1" name="$2" secret="$3"
  shift 3
  FABRIC_CA_CLIENT_ID_SECRET="$secret" ca_client "$org" register -u "$(ca_url "$org")" --id.name "$name" \
    --id.maxenrollments 1 "$@"
}

# NodeOUs: the role of an identity (client, peer, admin, orderer) comes from the OU its CA put in it.
write_node_ous() { # <msp-dir> <ca-cert-path-relative-to-msp>
  cat >"$1/config.yaml" <<EOF
NodeOUs:
  Enable: true
  ClientOUIdentifier:
    Certificate: $2
    OrganizationalUnitIdentifier: client
  PeerOUIdentifier:
    Certificate: $2
    OrganizationalUnitIdentifier: peer
  AdminOUIdentifier:
    Certificate: $2
    OrganizationalUnitIdentifier: admin
  OrdererOUIdentifier:
    Certificate: $2
    OrganizationalUnitIdentifier: orderer
EOF
}

# Normalise an enrolled MSP: one CA file name, NodeOUs, key at keystore/key.pem (mode 0600).
tidy_msp() { # <msp-dir>
  local msp="$1" key
  rm -f "$msp"/cacerts/*
  cp "$CRYPTO_DIR/$CURRENT_ORG/ca/ca-cert.pem" "$msp/cacerts/ca-cert.pem"
  key="$(find "$msp/keystore" -type f -name '*_sk' | head -n 1)"
  if [ -n "$key" ]; then mv "$key" "$msp/keystore/key.pem"; fi
  chmod 600 "$msp/keystore/key.pem"
  write_node_ous "$msp" cacerts/ca-cert.pem
}

# TLS material: tls/cert.pem, tls/key.pem (0600), tls/ca.pem.
tidy_tls() { # <tls-enroll-dir> <tls-dir>
  local src="$1" dst="$2"
  mkdir -p "$dst"
  cp "$src/signcerts/cert.pem" "$dst/cert.pem"
  install -m 0600 "$(find "$src/keystore" -type f | head -n 1)" "$dst/key.pem"
  cp "$CRYPTO_DIR/$CURRENT_ORG/ca/ca-cert.pem" "$dst/ca.pem"
  rm -rf "$src"
}

# register_enroll <org> <name> <type> <dest-dir> [tls-hosts]: identity MSP in dest/msp, TLS in dest/tls.
# The secret is random and enrolls once (the enrolment certificate); the TLS certificate is then a
# re-enrolment signed with that certificate (TLS profile, a key of its own). Nobody keeps the secret.
register_enroll() {
  local org="$1" name="$2" type="$3" dest="$4" hosts="${5:-}" secret attrs="" old_key
  secret="$(random_secret)"
  [ "$type" = admin ] && attrs="ledger.role=admin:ecert"
  CURRENT_ORG="$org"
  ca_register "$org" "$name" "$secret" --id.type "$type" ${attrs:+--id.attrs "$attrs"}
  mkdir -p "$dest"
  ca_enroll "$org" "$name" "$secret" --mspdir "$dest/msp" ${hosts:+--csr.hosts "$hosts"}
  rm -rf "$dest/tls-enroll"
  cp -a "$dest/msp" "$dest/tls-enroll"
  old_key="$(find "$dest/tls-enroll/keystore" -type f -name '*_sk' | head -n 1)"
  ca_client "$org" reenroll --mspdir "$dest/tls-enroll" --enrollment.profile tls \
    --csr.hosts "${hosts:-127.0.0.1,localhost}"
  rm -f "$old_key"
  tidy_msp "$dest/msp"
  tidy_tls "$dest/tls-enroll" "$dest/tls"
}

# The org-level MSP that goes into the channel configuration.
org_msp() { # <org>
  local msp="$CRYPTO_DIR/$1/msp"
  mkdir -p "$msp/cacerts" "$msp/tlscacerts"
  cp "$CRYPTO_DIR/$1/ca/ca-cert.pem" "$msp/cacerts/ca-cert.pem"
  cp "$CRYPTO_DIR/$1/ca/ca-cert.pem" "$msp/tlscacerts/ca-cert.pem"
  write_node_ous "$msp" cacerts/ca-cert.pem
}

enroll_ca_admin() { # <org>
  mkdir -p "$CRYPTO_DIR/$1/ca"
  # The CA writes its files 0600 (network/ca.sh); its certificate is public.
  install -m 0644 "$DATA_DIR/ca-$1/ca-cert.pem" "$CRYPTO_DIR/$1/ca/ca-cert.pem"
  # The bootstrap secret's one enrolment: later registrations and revocations sign with this certificate.
  ca_enroll "$1" "$CA_ADMIN_USER" "$(ca_bootstrap_secret "$1")" --mspdir "$CRYPTO_DIR/$1/ca-admin/msp"
  chmod 700 "$CRYPTO_DIR/$1/ca-admin/msp/keystore"
  chmod 600 "$CRYPTO_DIR/$1/ca-admin/msp/keystore/"*
}

generate_org_crypto() { # <org>
  local org="$1" dom="${ORG_DOMAIN[$1]}" o
  enroll_ca_admin "$org"
  org_msp "$org"
  if [ "$org" = "$ORDERER_ORG" ]; then
    for o in "${ORDERERS[@]}"; do
      register_enroll "$org" "$o" orderer "$CRYPTO_DIR/$org/orderers/$o" "${ORDERER_HOST[$o]},127.0.0.1,localhost,$o.$dom"
    done
  else
    for o in $(peers_of "$org"); do generate_peer_crypto "$o"; done
  fi
  register_enroll "$org" "${org}admin" admin "$CRYPTO_DIR/$org/users/admin"
}

# A peer's identity and TLS certificate (crypto/<org>/peers/<peer>/), from its org's CA: generate_peer_crypto <peer id>.
generate_peer_crypto() {
  local id="$1" org="${NODE_ORG[$1]}" name="${NODE_NAME[$1]}"
  register_enroll "$org" "$name" peer "$CRYPTO_DIR/$org/peers/$name" \
    "${NODE_HOST[$id]},127.0.0.1,localhost,$name.${ORG_DOMAIN[$org]}"
}

# Chaincode TLS: the chaincode server and the peers that dial it authenticate each other with
# certificates from a CA of their own (openssl, crypto/chaincode-tls-ca/), not from an org's Fabric CA:
# a certificate from an org CA is also a Fabric identity of that org (a client that can read every block
# through qscc), and the chaincode package is handed to every org that installs it. No certificate of
# this CA carries a Fabric role (no OU), and no MSP of the channel trusts it.
CHAINCODE_TLS_CA_DIR="$CRYPTO_DIR/chaincode-tls-ca"

# openssl_tls_ca <dir> <organization>: a CA of our own for TLS only (ca-cert.pem, ca-key.pem 0600), made once.
openssl_tls_ca() {
  local d="$1" o="$2"
  [ -f "$d/ca-cert.pem" ] && [ -f "$d/ca-key.pem" ] && return 0
  mkdir -p "$d"
  (umask 077 && openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$d/ca-key.pem") ||
    die "could not make the $o CA key"
  openssl req -x509 -new -key "$d/ca-key.pem" -sha256 -days 3650 -subj "/O=$o/CN=$o CA" \
    -addext "basicConstraints=critical,CA:TRUE,pathlen:0" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -out "$d/ca-cert.pem" 2>>"$LOG_DIR/crypto.log" || die "could not make the $o CA (see $LOG_DIR/crypto.log)"
}

# issue_openssl_tls <ca-dir> <organization> <dir> <common-name> <serverAuth|clientAuth> [host]: cert.pem,
# key.pem (0600) and ca.pem in <dir>, from the CA in <ca-dir>; server certificates name 127.0.0.1,
# localhost and the node's host (its address in the multi-host mode).
issue_openssl_tls() {
  local ca="$1" o="$2" dir="$3" cn="$4" usage="$5" host="${6:-127.0.0.1}" ext san="IP:127.0.0.1,DNS:localhost"
  openssl_tls_ca "$ca" "$o"
  mkdir -p "$dir"
  rm -f "$dir/key.pem"
  (umask 077 && openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$dir/key.pem") ||
    die "could not make a TLS key in $dir"
  ext="basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=$usage"
  if [ "$host" != 127.0.0.1 ] && [ "$host" != localhost ]; then
    if [[ "$host" =~ ^[0-9.]+$ ]]; then san+=",IP:$host"; else san+=",DNS:$host"; fi
  fi
  if [ "$usage" = serverAuth ]; then ext+=$'\n'"subjectAltName=$san"; fi
  openssl req -new -key "$dir/key.pem" -subj "/O=$o/CN=$cn" 2>>"$LOG_DIR/crypto.log" |
    openssl x509 -req -CA "$ca/ca-cert.pem" -CAkey "$ca/ca-key.pem" -set_serial "0x$(openssl rand -hex 16)" \
      -days 825 -sha256 -extfile <(printf '%s\n' "$ext") -out "$dir/cert.pem" 2>>"$LOG_DIR/crypto.log" ||
    die "could not issue the TLS certificate $cn (see $LOG_DIR/crypto.log)"
  cp "$ca/ca-cert.pem" "$dir/ca.pem"
}

# The chaincode TLS CA: ca-cert.pem, ca-key.pem (0600). Made once.
chaincode_tls_ca() { openssl_tls_ca "$CHAINCODE_TLS_CA_DIR" "ledger chaincode TLS"; }

# issue_chaincode_tls <dir> <common-name> <serverAuth|clientAuth>: cert.pem, key.pem (0600) and ca.pem
# (the chaincode TLS CA) in <dir>.
issue_chaincode_tls() { issue_openssl_tls "$CHAINCODE_TLS_CA_DIR" "ledger chaincode TLS" "$@"; }

# Operations endpoints (/metrics, /logspec, /healthz of peers and orderers): TLS with client
# authentication, from a CA of their own (crypto/operations-tls-ca/; Fabric's advice: not a CA of any
# org). Each node's server certificate is in <node>/operations-tls/; the operator's client certificate
# (the scripts' health checks and metrics reads, ops_curl in env.sh) in crypto/operations-client/.
generate_operations_tls() { # <node-dir> <common-name> <host>
  issue_openssl_tls "$OPS_TLS_CA_DIR" "ledger operations TLS" "$1/operations-tls" "$2" serverAuth "$3"
}
generate_operations_client() {
  issue_openssl_tls "$OPS_TLS_CA_DIR" "ledger operations TLS" "$OPS_CLIENT_DIR" "operator" clientAuth
}

# The chaincode server's TLS certificate (crypto/chaincode/tls/); it accepts only clients of the same CA.
generate_chaincode_crypto() {
  issue_chaincode_tls "$CRYPTO_DIR/chaincode/tls" "chaincode server" serverAuth "$CHAINCODE_HOST"
}

# A peer's own TLS client credentials for dialling the chaincode server
# (crypto/<org>/peers/<peer>/chaincode-client/); the ccaas builder's release step gives them to the peer.
generate_peer_chaincode_client() { # <peer id>
  local org="${NODE_ORG[$1]}" name="${NODE_NAME[$1]}"
  issue_chaincode_tls "$CRYPTO_DIR/$org/peers/$name/chaincode-client" "$name.${ORG_DOMAIN[$org]} chaincode client" clientAuth
}

# TLS server certificate of an org's ledger gateway, issued by the org's CA (127.0.0.1, localhost and the
# gateway's host: its address in the multi-host mode).
generate_gateway_tls() { # <org>
  local org="$1" secret hosts="127.0.0.1,localhost"
  [ "${GATEWAY_HOST[$1]}" = 127.0.0.1 ] || [ "${GATEWAY_HOST[$1]}" = localhost ] || hosts+=",${GATEWAY_HOST[$1]}"
  CURRENT_ORG="$org"
  secret="$(random_secret)"
  ca_register "$org" gateway-tls "$secret" --id.type client
  ca_enroll "$org" gateway-tls "$secret" --mspdir "$CRYPTO_DIR/$org/gateway/tls-enroll" \
    --enrollment.profile tls --csr.hosts "$hosts"
  tidy_tls "$CRYPTO_DIR/$org/gateway/tls-enroll" "$CRYPTO_DIR/$org/gateway/tls"
}
