#!/usr/bin/env bash
# Registers and enrolls the node and admin identities of every org from that org's running Fabric CA,
# and lays out the MSP folders Fabric expects. Sourced by scripts/network-up.sh (needs env.sh).
# Application users (teller, auditor, ...) are enrolled from TypeScript: gateway/src/fabric/enrollUsers.ts.

ca_url() { echo "https://127.0.0.1:${CA_PORT[$1]}"; }

ca_client() { # <org> <fabric-ca-client args...>
  local org="$1"
  shift
  FABRIC_CA_CLIENT_HOME="$CRYPTO_DIR/$org/ca-admin" "$(fabric_bin)/fabric-ca-client" "$@" \
    --caname "ca-$org" --tls.certfiles "$CRYPTO_DIR/$org/ca/ca-cert.pem" >>"$LOG_DIR/crypto.log" 2>&1 ||
    die "fabric-ca-client $1 failed for $org (see $LOG_DIR/crypto.log)"
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
register_enroll() {
  local org="$1" name="$2" type="$3" dest="$4" hosts="${5:-}" secret attrs=""
  secret="${name}pw"
  [ "$type" = admin ] && attrs="ledger.role=admin:ecert"
  CURRENT_ORG="$org"
  ca_client "$org" register -u "$(ca_url "$org")" --id.name "$name" --id.secret "$secret" --id.type "$type" \
    ${attrs:+--id.attrs "$attrs"}
  mkdir -p "$dest"
  ca_client "$org" enroll -u "https://$name:$secret@127.0.0.1:${CA_PORT[$org]}" --mspdir "$dest/msp" \
    ${hosts:+--csr.hosts "$hosts"}
  tidy_msp "$dest/msp"
  ca_client "$org" enroll -u "https://$name:$secret@127.0.0.1:${CA_PORT[$org]}" --mspdir "$dest/tls-enroll" \
    --enrollment.profile tls --csr.hosts "${hosts:-127.0.0.1,localhost}"
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
  cp "$DATA_DIR/ca-$1/ca-cert.pem" "$CRYPTO_DIR/$1/ca/ca-cert.pem"
  ca_client "$1" enroll -u "https://$CA_ADMIN_USER:$CA_ADMIN_PASS@127.0.0.1:${CA_PORT[$1]}" \
    --mspdir "$CRYPTO_DIR/$1/ca-admin/msp"
}

generate_org_crypto() { # <org>
  local org="$1" dom="${ORG_DOMAIN[$1]}" o
  enroll_ca_admin "$org"
  org_msp "$org"
  if [ "$org" = orderer ]; then
    for o in "${ORDERERS[@]}"; do
      register_enroll orderer "$o" orderer "$CRYPTO_DIR/orderer/orderers/$o" "127.0.0.1,localhost,$o.$dom"
    done
  else
    register_enroll "$org" peer0 peer "$CRYPTO_DIR/$org/peers/peer0" "127.0.0.1,localhost,peer0.$dom"
  fi
  register_enroll "$org" "${org}admin" admin "$CRYPTO_DIR/$org/users/admin"
}

# TLS for the chaincode server: issued by Org1's CA, used as server and as the peers' client certificate.
generate_chaincode_crypto() {
  CURRENT_ORG=org1
  ca_client org1 register -u "$(ca_url org1)" --id.name ccaas --id.secret ccaaspw --id.type client
  ca_client org1 enroll -u "https://ccaas:ccaaspw@127.0.0.1:${CA_PORT[org1]}" --mspdir "$CRYPTO_DIR/chaincode/tls-enroll" \
    --enrollment.profile tls --csr.hosts "127.0.0.1,localhost"
  tidy_tls "$CRYPTO_DIR/chaincode/tls-enroll" "$CRYPTO_DIR/chaincode/tls"
}

# TLS server certificate of an org's ledger gateway, issued by the org's CA (127.0.0.1 and localhost).
generate_gateway_tls() { # <org>
  local org="$1"
  CURRENT_ORG="$org"
  ca_client "$org" register -u "$(ca_url "$org")" --id.name gateway-tls --id.secret gateway-tlspw --id.type client
  ca_client "$org" enroll -u "https://gateway-tls:gateway-tlspw@127.0.0.1:${CA_PORT[$org]}" \
    --mspdir "$CRYPTO_DIR/$org/gateway/tls-enroll" --enrollment.profile tls --csr.hosts "127.0.0.1,localhost"
  tidy_tls "$CRYPTO_DIR/$org/gateway/tls-enroll" "$CRYPTO_DIR/$org/gateway/tls"
}
