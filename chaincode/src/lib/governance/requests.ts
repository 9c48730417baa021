/**
 * Request parsing of the Governance contract: turns the JSON and text arguments of its transactions into
 * checked requests. Pure (no state, no clock); every refusal is a {@link LedgerError} INVALID_ARGUMENT
 * naming the field.
 */
import { ErrorCode, invalidArgument, LedgerError } from '../errors';
import { parseJsonArgument, requireId, requireMsp, requireText } from '../validate';
import {
  MAX_VEPS_KEY_PEM_LENGTH,
  MAX_VEPS_KEYS,
  VEPS_KEY_ID_PATTERN,
  vepsKeyFromPem,
  type VepsKeysChange,
} from '../vepsSignature';
import { parseApprovalThresholdPolicy, type ApprovalThresholdPolicy } from '../voting';
import {
  ExecutionOutcomeStatus,
  ProposalAction,
  ProposalStatus,
  Vote,
  type ActionPolicies,
  type ConsortiumDefinition,
  type Invitation,
  type PolicyChange,
  type ProposalActions,
} from '../../model/governance';
import {
  MAX_ACTIONS_PER_KIND,
  MAX_CERT_LENGTH,
  MAX_MEMBERS,
  MAX_ORG_NAME_LENGTH,
  MAX_PROPOSAL_DESCRIPTION_LENGTH,
  MAX_REASON_LENGTH,
  MAX_ROOT_CERTS,
  MIN_FOUNDING_MEMBERS,
} from '../../model/governanceLimits';
import { compareText } from './ordering';

const ACTION_KINDS: readonly ProposalAction[] = Object.values(ProposalAction);
const PROPOSAL_STATUSES: readonly string[] = Object.values(ProposalStatus);
const VOTES: readonly string[] = Object.values(Vote);
const EXECUTION_STATUSES: readonly string[] = Object.values(ExecutionOutcomeStatus);
const PEM_CERTIFICATE =
  /^-----BEGIN CERTIFICATE-----\r?\n(?:[A-Za-z0-9+/=]{1,76}\r?\n)+-----END CERTIFICATE-----\r?\n?$/;
const PEM_PUBLIC_KEY =
  /^-----BEGIN PUBLIC KEY-----\r?\n(?:[A-Za-z0-9+/=]{1,76}\r?\n)+-----END PUBLIC KEY-----\r?\n?$/;
const PROPOSAL_BOOKMARK = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z\/[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

type Fields = Readonly<Record<string, unknown>>;

/**
 * Checks that a value is a plain JSON object with the required fields and no others.
 *
 * @returns the object's fields.
 */
function objectWith(
  field: string,
  value: unknown,
  required: readonly string[],
  optional: readonly string[] = [],
): Fields {
  if (!isObject(value)) {
    throw invalidArgument(field, value, `an object with ${required.join(', ') || 'optional fields'}`);
  }
  const unknown = Object.keys(value).find((key) => !required.includes(key) && !optional.includes(key));
  if (unknown !== undefined) {
    throw invalidArgument(
      `${field}.${unknown}`,
      value[unknown],
      `no such field; allowed: ${[...required, ...optional].join(', ')}`,
    );
  }
  const missing = required.find((key) => !Object.hasOwn(value, key));
  if (missing !== undefined) {
    throw invalidArgument(`${field}.${missing}`, undefined, 'a value (required field)');
  }
  return value;
}

function arrayOf(field: string, value: unknown, min: number, max: number, what: string): readonly unknown[] {
  if (!Array.isArray(value) || value.length < min || value.length > max) {
    throw invalidArgument(field, value, `an array of ${min} to ${max} ${what}`);
  }
  return value as readonly unknown[];
}

function requireDistinct(field: string, ids: readonly string[]): void {
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) {
      throw invalidArgument(field, id, 'each MSP id at most once');
    }
    seen.add(id);
  }
}

/**
 * Parses `InitConsortium`'s definition: `{networkName, members: [{mspId, displayName}], policy,
 * actionPolicies?}`. Top-level keys starting with `$` and the members' `ca` and `adminIdentities`
 * (off-chain details of `channel-config/consortium.json`) are accepted and dropped.
 *
 * @param text - the `consortiumJson` argument.
 * @returns the definition, members sorted by MSP id.
 * @throws {@link LedgerError} INVALID_ARGUMENT naming the field (also fewer than
 * {@link MIN_FOUNDING_MEMBERS} members).
 */
export function parseConsortium(text: string): ConsortiumDefinition {
  const parsed = parseJsonArgument('consortiumJson', text);
  const documented = isObject(parsed) ? Object.keys(parsed).filter((key) => key.startsWith('$')) : [];
  const fields = objectWith(
    'consortiumJson',
    parsed,
    ['networkName', 'members', 'policy'],
    ['actionPolicies', ...documented],
  );
  const members = arrayOf(
    'consortiumJson.members',
    fields.members,
    MIN_FOUNDING_MEMBERS,
    MAX_MEMBERS,
    'members (every founding member accepts the charter, so one org cannot found a consortium alone)',
  ).map((value, index) => {
    const path = `consortiumJson.members[${index}]`;
    const member = objectWith(path, value, ['mspId', 'displayName'], ['ca', 'adminIdentities']);
    return {
      mspId: requireMsp(`${path}.mspId`, member.mspId),
      displayName: requireText(`${path}.displayName`, member.displayName, MAX_ORG_NAME_LENGTH),
    };
  });
  requireDistinct(
    'consortiumJson.members',
    members.map((member) => member.mspId),
  );
  return {
    networkName: requireId('consortiumJson.networkName', fields.networkName),
    members: [...members].sort((a, b) => compareText(a.mspId, b.mspId)),
    policy: parseApprovalThresholdPolicy('consortiumJson.policy', fields.policy),
    actionPolicies:
      fields.actionPolicies === undefined
        ? {}
        : withoutNulls(parseActionPolicies('consortiumJson.actionPolicies', fields.actionPolicies, false)),
  };
}

function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

type NullablePolicies = Partial<Record<ProposalAction, ApprovalThresholdPolicy | null>>;

function parseActionPolicies(field: string, value: unknown, allowNull: boolean): NullablePolicies {
  const fields = objectWith(field, value, [], ACTION_KINDS);
  const policies: NullablePolicies = {};
  for (const kind of ACTION_KINDS) {
    const policy = fields[kind];
    if (policy === null && !allowNull) {
      throw invalidArgument(`${field}.${kind}`, policy, 'a policy object');
    }
    if (policy !== undefined) {
      policies[kind] = policy === null ? null : parseApprovalThresholdPolicy(`${field}.${kind}`, policy);
    }
  }
  return policies;
}

function withoutNulls(policies: NullablePolicies): ActionPolicies {
  const result: Partial<Record<ProposalAction, ApprovalThresholdPolicy>> = {};
  for (const kind of ACTION_KINDS) {
    const policy = policies[kind];
    if (policy !== undefined && policy !== null) {
      result[kind] = policy;
    }
  }
  return result;
}

/**
 * Parses `CreateProposal`'s actions: `{invitations?, removals?, policyChange?, vepsKeys?}`, at least one
 * action, each MSP id at most once across invitations and removals.
 *
 * @param text - the `actionsJson` argument.
 * @returns the actions (absent lists empty, absent changes `null`).
 * @throws {@link LedgerError} INVALID_ARGUMENT naming the field.
 */
export function parseActions(text: string): ProposalActions {
  const fields = objectWith(
    'actionsJson',
    parseJsonArgument('actionsJson', text),
    [],
    ['invitations', 'removals', 'policyChange', 'vepsKeys'],
  );
  const invitations =
    fields.invitations === undefined
      ? []
      : arrayOf('actionsJson.invitations', fields.invitations, 0, MAX_ACTIONS_PER_KIND, 'invitations').map(
          (value, index) => parseInvitation(`actionsJson.invitations[${index}]`, value),
        );
  const removals =
    fields.removals === undefined
      ? []
      : arrayOf('actionsJson.removals', fields.removals, 0, MAX_ACTIONS_PER_KIND, 'removals').map(
          (value, index) => {
            const path = `actionsJson.removals[${index}]`;
            return { mspId: requireMsp(`${path}.mspId`, objectWith(path, value, ['mspId']).mspId) };
          },
        );
  const policyChange =
    fields.policyChange === undefined
      ? null
      : parsePolicyChange('actionsJson.policyChange', fields.policyChange);
  const vepsKeys =
    fields.vepsKeys === undefined || fields.vepsKeys === null
      ? null
      : parseVepsKeys('actionsJson.vepsKeys', fields.vepsKeys);
  requireDistinct(
    'actionsJson',
    [...invitations, ...removals].map((target) => target.mspId),
  );
  if (invitations.length + removals.length === 0 && policyChange === null && vepsKeys === null) {
    throw invalidArgument(
      'actionsJson',
      fields,
      'at least one invitation, removal, policy change or VEPS keys change',
    );
  }
  return { invitations, removals, policyChange, vepsKeys };
}

/**
 * `{keys: [{id, publicKeyPem}]}`: at most {@link MAX_VEPS_KEYS} keys with distinct ids of
 * {@link VEPS_KEY_ID_PATTERN}, each one PEM SPKI Ed25519 or P-256 public key of at most
 * {@link MAX_VEPS_KEY_PEM_LENGTH} characters. An empty list turns verification off.
 */
function parseVepsKeys(field: string, value: unknown): VepsKeysChange {
  const fields = objectWith(field, value, ['keys']);
  const keys = arrayOf(`${field}.keys`, fields.keys, 0, MAX_VEPS_KEYS, 'keys').map((entry, index) => {
    const path = `${field}.keys[${index}]`;
    const key = objectWith(path, entry, ['id', 'publicKeyPem']);
    const id = key.id;
    if (typeof id !== 'string' || !VEPS_KEY_ID_PATTERN.test(id)) {
      throw invalidArgument(`${path}.id`, id, '1 to 64 characters of [A-Za-z0-9._#-]');
    }
    const pem = key.publicKeyPem;
    const want = `one PEM "PUBLIC KEY" (SPKI) block of an Ed25519 or ECDSA P-256 key, at most ${MAX_VEPS_KEY_PEM_LENGTH} characters`;
    if (typeof pem !== 'string' || pem.length > MAX_VEPS_KEY_PEM_LENGTH || !PEM_PUBLIC_KEY.test(pem)) {
      throw invalidArgument(`${path}.publicKeyPem`, pem, want);
    }
    try {
      vepsKeyFromPem(id, pem);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      throw new LedgerError(ErrorCode.INVALID_ARGUMENT, `${path}.publicKeyPem: ${why}`);
    }
    return { id, publicKeyPem: pem };
  });
  const seen = new Set<string>();
  for (const key of keys) {
    if (seen.has(key.id)) throw invalidArgument(`${field}.keys`, key.id, 'each key id at most once');
    seen.add(key.id);
  }
  return { keys };
}

function parseInvitation(path: string, value: unknown): Invitation {
  const fields = objectWith(path, value, ['mspId', 'orgName', 'rootCerts', 'adminCert'], ['tlsRootCerts']);
  const rootCerts = parseCertificates(`${path}.rootCerts`, fields.rootCerts);
  return {
    mspId: requireMsp(`${path}.mspId`, fields.mspId),
    orgName: requireText(`${path}.orgName`, fields.orgName, MAX_ORG_NAME_LENGTH),
    rootCerts,
    tlsRootCerts:
      fields.tlsRootCerts === undefined
        ? rootCerts
        : parseCertificates(`${path}.tlsRootCerts`, fields.tlsRootCerts),
    adminCert: requireCertificate(`${path}.adminCert`, fields.adminCert),
  };
}

function parseCertificates(field: string, value: unknown): string[] {
  return arrayOf(field, value, 1, MAX_ROOT_CERTS, 'PEM certificates').map((cert, index) =>
    requireCertificate(`${field}[${index}]`, cert),
  );
}

function requireCertificate(field: string, value: unknown): string {
  if (typeof value !== 'string' || value.length > MAX_CERT_LENGTH || !PEM_CERTIFICATE.test(value)) {
    throw invalidArgument(
      field,
      value,
      `one PEM "CERTIFICATE" block of at most ${MAX_CERT_LENGTH} characters`,
    );
  }
  return value;
}

function parsePolicyChange(field: string, value: unknown): PolicyChange {
  const fields = objectWith(field, value, [], ['policy', 'actionPolicies']);
  const policy =
    fields.policy === undefined ? null : parseApprovalThresholdPolicy(`${field}.policy`, fields.policy);
  const actionPolicies =
    fields.actionPolicies === undefined
      ? {}
      : parseActionPolicies(`${field}.actionPolicies`, fields.actionPolicies, true);
  if (policy === null && Object.keys(actionPolicies).length === 0) {
    throw invalidArgument(field, value, 'a new policy and/or at least one action policy');
  }
  return { policy, actionPolicies };
}

/**
 * Parses a proposal description: `""` or up to {@link MAX_PROPOSAL_DESCRIPTION_LENGTH} characters.
 *
 * @param description - the `description` argument.
 * @returns the description.
 * @throws {@link LedgerError} INVALID_ARGUMENT naming `description`.
 */
export function parseDescription(description: string): string {
  return description === '' ? '' : requireText('description', description, MAX_PROPOSAL_DESCRIPTION_LENGTH);
}

/**
 * Parses a ballot.
 *
 * @param vote - the `vote` argument.
 * @returns one of {@link Vote}.
 * @throws {@link LedgerError} INVALID_ARGUMENT naming `vote`.
 */
export function parseVote(vote: string): Vote {
  if (!VOTES.includes(vote)) {
    throw invalidArgument('vote', vote, `one of ${VOTES.join(', ')}`);
  }
  return vote as Vote;
}

/**
 * Parses `ListProposals`'s status filter.
 *
 * @param status - `""` for all, else one of {@link ProposalStatus}.
 * @returns the status, `null` for all.
 * @throws {@link LedgerError} INVALID_ARGUMENT naming `status`.
 */
export function parseStatusFilter(status: string): ProposalStatus | null {
  if (status === '') {
    return null;
  }
  if (!PROPOSAL_STATUSES.includes(status)) {
    throw invalidArgument('status', status, `"" or one of ${PROPOSAL_STATUSES.join(', ')}`);
  }
  return status as ProposalStatus;
}

/**
 * Checks `ListProposals`'s bookmark: `""` or a proposal sort key (`<createdAt>/<proposalId>`, see
 * `proposalSortKey`).
 *
 * @param bookmark - the `bookmark` argument.
 * @returns the bookmark.
 * @throws {@link LedgerError} INVALID_ARGUMENT naming `bookmark`.
 */
export function parseProposalBookmark(bookmark: string): string {
  if (bookmark !== '' && !PROPOSAL_BOOKMARK.test(bookmark)) {
    throw invalidArgument('bookmark', bookmark, '"" or the bookmark returned by the previous page');
  }
  return bookmark;
}

/** A parsed `RecordExecution` outcome: EXECUTED with the config block and its orgs, or a failed attempt. */
export type ParsedOutcome =
  | {
      readonly status: typeof ExecutionOutcomeStatus.EXECUTED;
      readonly configBlockNumber: number;
      readonly channelOrgs: readonly string[];
    }
  | { readonly status: typeof ExecutionOutcomeStatus.ACTION_FAILED; readonly reason: string };

/**
 * Parses `RecordExecution`'s outcome: `{status: "EXECUTED", configBlockNumber, channelOrgs}` or
 * `{status: "ACTION_FAILED", reason}`.
 *
 * @param text - the `outcomeJson` argument.
 * @returns the outcome, `channelOrgs` sorted.
 * @throws {@link LedgerError} INVALID_ARGUMENT naming the field.
 */
export function parseOutcome(text: string): ParsedOutcome {
  const parsed = parseJsonArgument('outcomeJson', text);
  const status = isObject(parsed) ? parsed.status : undefined;
  if (status === ExecutionOutcomeStatus.EXECUTED) {
    const fields = objectWith('outcomeJson', parsed, ['status', 'configBlockNumber', 'channelOrgs']);
    return {
      status,
      configBlockNumber: parseBlockNumber(fields.configBlockNumber),
      channelOrgs: parseChannelOrgs(fields.channelOrgs),
    };
  }
  if (status === ExecutionOutcomeStatus.ACTION_FAILED) {
    const fields = objectWith('outcomeJson', parsed, ['status', 'reason']);
    return { status, reason: requireText('outcomeJson.reason', fields.reason, MAX_REASON_LENGTH) };
  }
  objectWith('outcomeJson', parsed, ['status'], ['reason', 'configBlockNumber', 'channelOrgs']);
  throw invalidArgument('outcomeJson.status', status, `one of ${EXECUTION_STATUSES.join(', ')}`);
}

function parseChannelOrgs(value: unknown): string[] {
  const orgs = arrayOf('outcomeJson.channelOrgs', value, 1, MAX_MEMBERS, 'MSP ids').map((msp, index) =>
    requireMsp(`outcomeJson.channelOrgs[${index}]`, msp),
  );
  requireDistinct('outcomeJson.channelOrgs', orgs);
  return [...orgs].sort(compareText);
}

function parseBlockNumber(value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw invalidArgument('outcomeJson.configBlockNumber', value, 'a block number (a non-negative integer)');
  }
  return value;
}
