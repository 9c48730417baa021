/**
 * Revocation of an application user that peers enforce: the CA revokes the user's certificates and
 * issues a new CRL (crypto/<org>/ca/crl.pem); a channel configuration update signed by the org's admin
 * puts that CRL into the org's MSP (`revocation_list`); the update is committed on every member peer,
 * and applied by every running ledger gateway, before this returns. Fabric's MSP then refuses the
 * revoked certificates (their proposals fail), and so does every gateway (UNAUTHENTICATED).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openCaSession, type CaSession } from './caEnrollment';
import { findIdentity } from './caUsers';
import { waitForGatewaysToApply, type GatewayApplied } from './gatewaysApplied';
import type { OrgLayout } from './networkLayout';

/** The channel update that carried a CRL: where it was committed. */
export interface ChannelCrlUpdate {
  /** Number of the configuration block that holds the CRL. */
  readonly configBlock: number;
  /** MSP ids of the member peers that had committed it. */
  readonly peers: readonly string[];
}

/** Puts the CRL file into the org's channel MSP and waits for every member peer (default: bash script). */
export type ApplyCrl = (org: OrgLayout, crlPath: string) => ChannelCrlUpdate;

/** Options of {@link revokeUser}. */
export interface RevokeUserOptions {
  readonly org: OrgLayout;
  readonly name: string;
  /** A fabric-ca revocation reason, e.g. `keycompromise` (default `unspecified`). */
  readonly reason?: string;
  readonly applyCrl?: ApplyCrl;
  /** Waits for the network's gateways to apply the block (default: {@link waitForGatewaysToApply} as the org's admin). */
  readonly waitForGateways?: (org: OrgLayout, configBlock: number) => Promise<GatewayApplied[]>;
}

/** What {@link revokeUser} did. */
export interface RevokeResult {
  readonly org: string;
  readonly mspId: string;
  readonly name: string;
  readonly reason: string;
  /** Serial numbers (hex) of the certificates this call revoked; empty when they were revoked before. */
  readonly revokedSerials: readonly string[];
  /** crypto/<org>/ca/crl.pem: the CA's CRL as now in the channel configuration. */
  readonly crlPath: string;
  readonly configBlock: number;
  readonly peers: readonly string[];
  /** The network's gateways and the configuration block each applies. */
  readonly gateways: readonly GatewayApplied[];
}

/** crypto/<org>/ca/crl.pem: the org CA's latest CRL (public). */
export function crlPathOf(org: OrgLayout): string {
  return path.join(path.dirname(org.caCertPath), 'crl.pem');
}

/**
 * Revokes `name` at the org's CA, writes the CA's new CRL and puts it into the channel configuration,
 * waiting until every member peer has committed it. Running it again for a user already revoked at the
 * CA (e.g. after the channel update failed) redoes the CRL and the channel update.
 * @throws Error naming the user when the CA has no such user or it is not an application user; when
 *   the CA or the channel update refuses.
 */
export async function revokeUser(options: Readonly<RevokeUserOptions>): Promise<RevokeResult> {
  const { org, name } = options;
  const reason = options.reason ?? 'unspecified';
  const session = openCaSession(org);
  const identity = await findIdentity(session, name);
  if (identity === undefined) throw new Error(`name: ${org.caName} has no identity ${name}`);
  if (identity.type !== 'client') {
    throw new Error(`name: ${name} is a ${identity.type} identity of ${org.caName}, not an application user`);
  }
  const revokedSerials = await revokeAtCa(session, name, reason);
  const crlPath = await writeCrl(session, org);
  const update = (options.applyCrl ?? applyCrlWithScript)(org, crlPath);
  const gateways = await (options.waitForGateways ?? waitAsOrgAdmin)(org, update.configBlock);
  return {
    org: org.org,
    mspId: org.mspId,
    name,
    reason,
    revokedSerials,
    crlPath,
    configBlock: update.configBlock,
    peers: update.peers,
    gateways,
  };
}

/** Waits for the gateways, calling HealthCheck as the org's admin (crypto/<org>/users/admin/msp). */
function waitAsOrgAdmin(org: OrgLayout, configBlock: number): Promise<GatewayApplied[]> {
  const msp = path.join(org.usersDir, 'admin', 'msp');
  return waitForGatewaysToApply({
    runDir: path.resolve(path.dirname(org.caCertPath), '..', '..', '..'),
    configBlock,
    clientCertPem: fs.readFileSync(path.join(msp, 'signcerts', 'cert.pem')),
    clientKeyPem: fs.readFileSync(path.join(msp, 'keystore', 'key.pem')),
  });
}

/** Revokes every certificate of `name`; their serials, none when the CA had revoked them before. */
async function revokeAtCa(session: CaSession, name: string, reason: string): Promise<string[]> {
  try {
    const response = (await session.ca.revoke({ enrollmentID: name, reason }, session.registrar)) as {
      result?: { RevokedCerts?: { Serial?: unknown }[] };
    };
    return (response.result?.RevokedCerts ?? [])
      .map((cert) => cert.Serial)
      .filter((serial): serial is string => typeof serial === 'string');
  } catch (err) {
    if (/already revoked/i.test(String(err))) return [];
    throw err;
  }
}

/** Asks the CA for its CRL and writes it (PEM, 0644) to crypto/<org>/ca/crl.pem; returns the path. */
async function writeCrl(session: CaSession, org: OrgLayout): Promise<string> {
  const crlBase64 = (await session.ca.generateCRL({}, session.registrar)) as unknown;
  if (typeof crlBase64 !== 'string' || crlBase64 === '') throw new Error(`${org.caName} returned no CRL`);
  const crlPath = crlPathOf(org);
  const tmp = `${crlPath}.tmp`;
  fs.writeFileSync(tmp, Buffer.from(crlBase64, 'base64'), { mode: 0o644 });
  fs.renameSync(tmp, crlPath);
  return crlPath;
}

/**
 * The default {@link ApplyCrl}: `scripts/channel-org.sh crl <org> <crl.pem>` (through
 * cli/channelUpdate.ts: configtxlator, the org admin's signature, `peer channel update`, then a wait on
 * every member peer); its last stdout line is the JSON result. The script's progress goes to this
 * process's stderr.
 * @throws Error when the script fails (its message is on stderr).
 */
export function applyCrlWithScript(org: OrgLayout, crlPath: string): ChannelCrlUpdate {
  const script = path.resolve(__dirname, '..', '..', '..', 'scripts', 'channel-org.sh');
  const out = execFileSync('bash', [script, 'crl', org.org, crlPath], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const last = out.trim().split('\n').pop() ?? '';
  const parsed = JSON.parse(last) as { configBlock?: unknown; peers?: unknown };
  if (typeof parsed.configBlock !== 'number' || !Array.isArray(parsed.peers)) {
    throw new Error(`scripts/channel-org.sh crl printed ${JSON.stringify(last)}, want {configBlock, peers}`);
  }
  return { configBlock: parsed.configBlock, peers: parsed.peers.map(String) };
}
