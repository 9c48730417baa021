/**
 * Pure edits of a channel configuration in configtxlator's JSON form (common.Config), used when an org
 * joins or leaves by vote: add or remove the org's application group and set the Application Admins
 * signature policy in the same update.
 */

/** A JSON object as configtxlator prints it. */
export type JsonObject = Record<string, unknown>;

/** Parsed `OutOf(n, '<msp>.admin', …)` rule. */
export interface AdminsRule {
  readonly required: number;
  readonly mspIds: readonly string[];
}

const RULE_SHAPE = /^OutOf\((\d+),((?:\s*'[A-Za-z0-9._-]+\.admin'\s*,?)+)\)$/;
const PRINCIPAL = /'([A-Za-z0-9._-]+)\.admin'/g;

/** Thrown for a rule or configuration this module cannot edit. */
export class ChannelConfigEditError extends Error {
  override readonly name = 'ChannelConfigEditError';
}

/**
 * Parses the only rule shape governance produces: `OutOf(n, 'A.admin', 'B.admin', …)`.
 * @throws ChannelConfigEditError for any other text, or n outside 1..number of principals.
 */
export function parseAdminsRule(rule: string): AdminsRule {
  const match = RULE_SHAPE.exec(rule.trim());
  if (match?.[1] === undefined || match[2] === undefined) {
    throw new ChannelConfigEditError(
      `admins rule: got ${JSON.stringify(rule)}, want OutOf(n, '<msp>.admin', ...)`,
    );
  }
  const mspIds = [...match[2].matchAll(PRINCIPAL)].map((m) => m[1] ?? '');
  const required = Number(match[1]);
  if (new Set(mspIds).size !== mspIds.length) {
    throw new ChannelConfigEditError(`admins rule: got ${JSON.stringify(rule)}, want each MSP once`);
  }
  if (required < 1 || required > mspIds.length) {
    throw new ChannelConfigEditError(
      `admins rule: got ${required} of ${mspIds.length} signatures, want 1 to ${mspIds.length}`,
    );
  }
  return { required, mspIds };
}

/** The Fabric SignaturePolicyEnvelope (configtxlator JSON) for an admins rule. */
export function signaturePolicyJson(rule: AdminsRule): JsonObject {
  return {
    type: 1,
    value: {
      version: 0,
      identities: rule.mspIds.map((id) => ({
        principal: { msp_identifier: id, role: 'ADMIN' },
        principal_classification: 'ROLE',
      })),
      rule: { n_out_of: { n: rule.required, rules: rule.mspIds.map((_, i) => ({ signed_by: i })) } },
    },
  };
}

/**
 * Returns a copy of `config` with `orgGroup` added as application org `mspId` and, when given, the
 * Application Admins policy set to `adminsRule`.
 * @throws ChannelConfigEditError when the org is already a member or the config has no Application group.
 */
export function withNewOrg(
  config: JsonObject,
  mspId: string,
  orgGroup: JsonObject,
  adminsRule?: AdminsRule,
): JsonObject {
  const copy = structuredClone(config);
  const application = objectAt(copy, ['channel_group', 'groups', 'Application']);
  const groups = objectAt(application, ['groups']);
  if (Object.hasOwn(groups, mspId)) {
    throw new ChannelConfigEditError(`${mspId} is already a member of the channel`);
  }
  groups[mspId] = orgGroup;
  if (adminsRule !== undefined) {
    setAdmins(application, groups, adminsRule);
  }
  return copy;
}

/**
 * Returns a copy of `config` without application org `mspId` and, when given, with the Application
 * Admins policy set to `adminsRule`.
 * @throws ChannelConfigEditError when the org is not a member, is the last one, or the rule names it.
 */
export function withoutOrg(config: JsonObject, mspId: string, adminsRule?: AdminsRule): JsonObject {
  const copy = structuredClone(config);
  const application = objectAt(copy, ['channel_group', 'groups', 'Application']);
  const groups = objectAt(application, ['groups']);
  if (!Object.hasOwn(groups, mspId)) {
    throw new ChannelConfigEditError(`${mspId} is not a member of the channel`);
  }
  if (Object.keys(groups).length === 1) {
    throw new ChannelConfigEditError(`${mspId} is the last member of the channel`);
  }
  // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- the key is an MSP id, checked above
  delete groups[mspId];
  if (adminsRule !== undefined) {
    setAdmins(application, groups, adminsRule);
  }
  return copy;
}

/**
 * Returns a copy of `config` with the Application Admins policy set to `adminsRule` (a policy change).
 * @throws ChannelConfigEditError when the rule names a non-member.
 */
export function withAdminsRule(config: JsonObject, adminsRule: AdminsRule): JsonObject {
  const copy = structuredClone(config);
  const application = objectAt(copy, ['channel_group', 'groups', 'Application']);
  setAdmins(application, objectAt(application, ['groups']), adminsRule);
  return copy;
}

/** The application part of a channel configuration, as `scripts/channel-org.sh status` prints it. */
export interface ApplicationSummary {
  /** MSP ids of the application orgs, sorted. */
  readonly members: readonly string[];
  /**
   * The Application Admins policy as `OutOf(n, 'A.admin', …)`, or `null` when it has another form (an
   * ImplicitMeta policy, or principals that are not admins).
   */
  readonly adminsRule: string | null;
}

interface SignaturePolicy {
  readonly identities?: readonly { readonly principal?: { msp_identifier?: string; role?: string } }[];
  readonly rule?: { readonly n_out_of?: { n?: number; rules?: readonly { signed_by?: number }[] } };
}

/**
 * Reads the application orgs and the Admins rule of a configuration (configtxlator JSON, which leaves
 * out zero values: a missing `n` or `signed_by` is 0).
 * @throws ChannelConfigEditError when the config has no Application group.
 */
export function describeApplication(config: JsonObject): ApplicationSummary {
  const application = objectAt(config, ['channel_group', 'groups', 'Application']);
  const members = Object.keys(objectAt(application, ['groups'])).sort();
  const admins = objectAt(application, ['policies', 'Admins', 'policy']);
  return { members, adminsRule: admins.type === 1 ? ruleOf(admins.value as SignaturePolicy) : null };
}

function ruleOf(policy: SignaturePolicy | undefined): string | null {
  const outOf = policy?.rule?.n_out_of;
  if (policy === undefined || outOf === undefined) return null;
  const principals = (outOf.rules ?? []).map((r) => adminOf(policy, r.signed_by ?? 0));
  if (principals.some((p) => p === null)) return null;
  return `OutOf(${String(outOf.n ?? 0)}, ${principals.join(', ')})`;
}

/** `'<msp>.admin'` for an ADMIN principal of the policy, else null. */
function adminOf(policy: SignaturePolicy, index: number): string | null {
  const principal = policy.identities?.[index]?.principal;
  const msp = principal?.msp_identifier;
  return principal?.role === 'ADMIN' && msp !== undefined ? `'${msp}.admin'` : null;
}

/**
 * Whether two admins rules ask for the same: the same number of signatures of the same MSPs, in any
 * order. A rule that does not parse equals nothing.
 */
export function sameAdminsRule(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return false;
  try {
    const [x, y] = [parseAdminsRule(a), parseAdminsRule(b)];
    const sorted = (ids: readonly string[]): string => [...ids].sort().join('\n');
    return x.required === y.required && sorted(x.mspIds) === sorted(y.mspIds);
  } catch (err) {
    if (err instanceof ChannelConfigEditError) return false;
    throw err;
  }
}

function setAdmins(application: JsonObject, groups: JsonObject, adminsRule: AdminsRule): void {
  const missing = adminsRule.mspIds.filter((id) => !Object.hasOwn(groups, id));
  if (missing.length > 0) {
    throw new ChannelConfigEditError(`admins rule names ${missing.join(', ')}, which are not members`);
  }
  objectAt(application, ['policies', 'Admins']).policy = signaturePolicyJson(adminsRule);
}

/**
 * The object at `path` below `root`.
 *
 * @throws ChannelConfigEditError naming the path when any step is missing or not an object.
 */
export function objectAt(root: JsonObject, path: readonly string[]): JsonObject {
  let node: unknown = root;
  for (const key of path) {
    node = typeof node === 'object' && node !== null ? (node as JsonObject)[key] : undefined;
    if (typeof node !== 'object' || node === null) {
      throw new ChannelConfigEditError(`channel config has no ${path.join('.')}`);
    }
  }
  return node as JsonObject;
}
