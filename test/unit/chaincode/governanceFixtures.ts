/**
 * Shared inputs of the governance specs: the repository's consortium definition, policies, a PEM-shaped
 * certificate, invitations, callers and stored proposals built without a ledger.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Role, type Actor } from '@chaincode/lib/roles';
import type { ApprovalThresholdPolicy } from '@chaincode/lib/voting';
import type { Proposal, VoteRecord } from '@chaincode/model/governance';

/** `channel-config/consortium.json`: Org1 and Org2, per-action policies for INVITE, REMOVE, POLICY_CHANGE. */
export const CONSORTIUM_FILE = readFileSync(
  path.resolve(__dirname, '../../../channel-config/consortium.json'),
  'utf8',
);

/** A syntactically valid PEM block (the chaincode checks the PEM shape; the channel update checks the DER). */
export const CERT = `-----BEGIN CERTIFICATE-----\n${'MIIBszCCAVmgAwIBAgIU'.padEnd(64, 'A')}\n${'B'.repeat(22)}==\n-----END CERTIFICATE-----\n`;

export const GT = 'GREATER_THAN';
export const GTE = 'GREATER_THAN_OR_EQUAL_TO';

/** A policy of `pct` % with `comparator`, open for `hours`. */
export const policy = (pct: number, comparator: string, hours: number): Record<string, unknown> => ({
  thresholdPercentage: pct,
  proposalDurationInHours: hours,
  thresholdComparator: comparator,
});

/** {@link policy} typed as the chaincode's policy, for the pure rules. */
export const typedPolicy = (pct: number, comparator: string, hours: number): ApprovalThresholdPolicy =>
  policy(pct, comparator, hours) as unknown as ApprovalThresholdPolicy;

/** Three founding members, one default policy (50 % GREATER_THAN, 24 h) and no per-action policies. */
export const THREE_MEMBERS = JSON.stringify({
  networkName: 'three-orgs',
  members: [
    { mspId: 'Org2MSP', displayName: 'Org2' },
    { mspId: 'Org1MSP', displayName: 'Org1' },
    { mspId: 'Org3MSP', displayName: 'Org3' },
  ],
  policy: policy(50, GT, 24),
});

/** An invitation of `mspId` with {@link CERT} as root and admin certificate. */
export const invitation = (mspId: string): Record<string, unknown> => ({
  mspId,
  orgName: mspId.replace('MSP', ''),
  rootCerts: [CERT],
  adminCert: CERT,
});

/** A pattern matching exactly `text`. */
export const exactly = (text: string): RegExp =>
  new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`);

/** A caller of `msp` with `role` (admin by default). */
export const actorOf = (msp: string, role: string | null = Role.ADMIN, name = `admin-${msp}`): Actor => ({
  msp,
  id: `x509::/CN=${name}::/CN=ca.${msp}`,
  role: role === null ? null : (role as Role),
  rawRole: role,
});

/** Nanoseconds since the epoch of an ISO instant. */
export const nanos = (iso: string): bigint => BigInt(Date.parse(iso)) * 1_000_000n;

/** A vote of `msp` cast at `votedAt`. */
export const voteOf = (
  msp: string,
  vote: 'YES' | 'NO',
  votedAt = '2025-02-01T00:00:01.000Z',
): VoteRecord => ({
  voterMsp: msp,
  voterId: `x509::/CN=admin-${msp}::/CN=ca.${msp}`,
  vote,
  votedAt,
  txId: `vote-${msp}`,
});

/**
 * A stored proposal to remove Org3MSP, created at 2025-02-01T00:00:00.000Z by Org1MSP among Org1..Org3
 * under 50 % GREATER_THAN for 24 h, no votes, not executed; `changes` override any field.
 */
export const proposalOf = (changes: Partial<Proposal> = {}): Proposal => ({
  proposalId: 'p1',
  description: '',
  proposedBy: { msp: 'Org1MSP', id: 'x509::/CN=admin-Org1MSP::/CN=ca.Org1MSP' },
  actions: { invitations: [], removals: [{ mspId: 'Org3MSP' }], policyChange: null, vepsKeys: null },
  actionKinds: ['REMOVE'],
  policy: typedPolicy(50, GT, 24),
  memberCountAtCreation: 3,
  eligibleVoters: ['Org1MSP', 'Org2MSP', 'Org3MSP'],
  createdAt: '2025-02-01T00:00:00.000Z',
  expiresAt: '2025-02-02T00:00:00.000Z',
  votes: [],
  execution: null,
  ...changes,
});
