/**
 * The pure parts of a channel configuration update (scripts/channel-org.sh → cli/channelUpdate.ts):
 * the edit to make, who signs and who submits, and the environment under which the `peer` binary acts
 * as an org's admin. {@link ./channelUpdateRun} runs the binaries with them.
 */
import * as path from 'node:path';
import type { Topology } from '../topology/topologyModel';
import {
  ChannelConfigEditError,
  withAdminsRule,
  withNewOrg,
  withoutOrg,
  type AdminsRule,
  type JsonObject,
} from './channelConfigEdit';
import { withCrl } from './crlConfigEdit';
import type { NetworkLayout } from './networkLayout';
import { orgLayout } from './networkLayout';

/** One change of the channel configuration that governance or revocation carries out. */
export type ChannelEdit =
  | {
      readonly kind: 'add';
      readonly mspId: string;
      readonly orgGroup: JsonObject;
      readonly adminsRule?: AdminsRule;
    }
  | { readonly kind: 'remove'; readonly mspId: string; readonly adminsRule?: AdminsRule }
  | { readonly kind: 'admins'; readonly adminsRule: AdminsRule }
  | { readonly kind: 'crl'; readonly mspId: string; readonly crlPem: string };

/** The edited configuration, or why there is nothing to change. */
export type EditOutcome =
  | { readonly changed: true; readonly config: JsonObject }
  | { readonly changed: false; readonly reason: string };

/**
 * Applies an edit to a configuration (configtxlator JSON of common.Config).
 * @returns `changed: false` when the org is already in (add), not in (remove), or already has the CRL.
 * @throws ChannelConfigEditError when the configuration cannot be edited so.
 */
export function applyChannelEdit(config: JsonObject, edit: ChannelEdit): EditOutcome {
  switch (edit.kind) {
    case 'add':
      return unlessMembership(
        () => withNewOrg(config, edit.mspId, edit.orgGroup, edit.adminsRule),
        `${edit.mspId} is already in the channel configuration`,
      );
    case 'remove':
      return unlessMembership(
        () => withoutOrg(config, edit.mspId, edit.adminsRule),
        `${edit.mspId} is not in the channel configuration`,
      );
    case 'admins':
      return { changed: true, config: withAdminsRule(config, edit.adminsRule) };
    case 'crl': {
      const crl = withCrl(config, edit.mspId, edit.crlPem);
      return crl.changed
        ? { changed: true, config: crl.config }
        : { changed: false, reason: `${edit.mspId} already has this CRL in the channel configuration` };
    }
  }
}

/** An add or remove that finds the org already in (or out of) the channel changes nothing. */
function unlessMembership(edit: () => JsonObject, reason: string): EditOutcome {
  try {
    return { changed: true, config: edit() };
  } catch (err) {
    if (err instanceof ChannelConfigEditError && /already a member|is not a member/.test(err.message)) {
      return { changed: false, reason };
    }
    throw err;
  }
}

/** Who signs an update with `peer channel signconfigtx`, and who submits it (its signature counts too). */
export interface SigningPlan {
  readonly signers: readonly string[];
  readonly submitter: string;
}

/**
 * Every org but the last signs; the last submits.
 * @throws Error when no org is given.
 */
export function signingPlan(orgs: readonly string[]): SigningPlan {
  const submitter = orgs.at(-1);
  if (submitter === undefined) throw new Error('a channel update needs at least one signing org');
  return { signers: orgs.slice(0, -1), submitter };
}

/** The orderer that takes channel updates: host:port and the PEM file of its org's CA. */
export interface OrdererTarget {
  readonly address: string;
  readonly caFile: string;
}

/**
 * The topology's first orderer (network/env.sh: `ORDERERS[0]`, `ORDERER_CA_FILE`).
 * @throws Error when the topology has no orderer.
 */
export function ordererTarget(topology: Topology, cryptoDir: string): OrdererTarget {
  const first = topology.ordererOrg.orderers[0];
  if (first === undefined) throw new Error('the topology has no orderer');
  return {
    address: `${first.host}:${first.port}`,
    caFile: path.join(cryptoDir, topology.ordererOrg.name, 'ca', 'ca-cert.pem'),
  };
}

/**
 * The environment under which `peer` acts as an org's admin through the org's first peer (what
 * network/env.sh's `use_peer_admin` exports).
 * @throws Error when the org is not in the topology.
 */
export function peerAdminEnv(layout: NetworkLayout, org: string): Readonly<Record<string, string>> {
  const orgAt = orgLayout(layout, org);
  return {
    FABRIC_CFG_PATH: path.join(layout.runDir, 'config', `peer-${org}`),
    CORE_PEER_LOCALMSPID: orgAt.mspId,
    CORE_PEER_MSPCONFIGPATH: path.join(orgAt.usersDir, 'admin', 'msp'),
    CORE_PEER_ADDRESS: orgAt.peerEndpoint,
    CORE_PEER_TLS_ENABLED: 'true',
    CORE_PEER_TLS_ROOTCERT_FILE: orgAt.caCertPath,
    CORE_PEER_TLS_CLIENTAUTHREQUIRED: 'false',
  };
}
