/**
 * Consortium voting arithmetic, as Amazon Managed Blockchain's `ApprovalThresholdPolicy`: pure, no I/O,
 * no clock, no floating point. Times are nanoseconds since the epoch as bigints (the transaction
 * timestamps of the chaincode), vote counts and percentages are safe integers.
 *
 * Rules (documented with worked examples in `channel-config/GOVERNANCE.md`):
 * - the threshold is met when `yes * 100 > pct * members` (GREATER_THAN) or `yes * 100 >= pct * members`
 *   (GREATER_THAN_OR_EQUAL_TO), `members` being the member count when the proposal was created;
 * - a proposal is never approved without at least one YES vote (the proposer's YES is not implied), so
 *   0 % needs one YES under either comparator;
 * - 100 % GREATER_THAN could never be met and is refused as a policy;
 * - status: APPROVED once the threshold is met, REJECTED once it can no longer be met even if every
 *   outstanding vote were YES, EXPIRED once `now >= createdAt + duration` with neither, else IN_PROGRESS.
 *   Votes stop at expiry, so APPROVED and REJECTED are final and the status at any `now` is determined.
 */
import { invalidArgument } from './errors';

/** How the YES share is compared with the threshold percentage. */
export const ThresholdComparator = {
  GREATER_THAN: 'GREATER_THAN',
  GREATER_THAN_OR_EQUAL_TO: 'GREATER_THAN_OR_EQUAL_TO',
} as const;

/** One of the {@link ThresholdComparator} values. */
export type ThresholdComparator = (typeof ThresholdComparator)[keyof typeof ThresholdComparator];

/** The voting policy of a consortium or of one kind of action (AMB's `ApprovalThresholdPolicy`). */
export interface ApprovalThresholdPolicy {
  /** Integer 0..100: the share of members (at proposal creation) whose YES votes are needed. */
  readonly thresholdPercentage: number;
  /**
   * Integer 1..168: how long a proposal stays open for votes, in hours (AMB's field). A policy has
   * exactly one of this and {@link ApprovalThresholdPolicy.proposalDurationInMinutes}.
   */
  readonly proposalDurationInHours?: number;
  /**
   * Integer 1..10080: the voting window in minutes, instead of hours (short windows let expiry be
   * exercised on a real network without backdating a transaction).
   */
  readonly proposalDurationInMinutes?: number;
  /** Whether the YES share must exceed or may equal the percentage. */
  readonly thresholdComparator: ThresholdComparator;
}

/** The outcome of the votes on a proposal. */
export const VotingStatus = {
  IN_PROGRESS: 'IN_PROGRESS',
  APPROVED: 'APPROVED',
  REJECTED: 'REJECTED',
  EXPIRED: 'EXPIRED',
} as const;

/** One of the {@link VotingStatus} values. */
export type VotingStatus = (typeof VotingStatus)[keyof typeof VotingStatus];

/** Lowest threshold percentage. */
export const MIN_THRESHOLD_PERCENTAGE = 0;
/** Highest threshold percentage. */
export const MAX_THRESHOLD_PERCENTAGE = 100;
/** Shortest proposal duration, in hours. */
export const MIN_PROPOSAL_DURATION_HOURS = 1;
/** Longest proposal duration, in hours (one week, as AMB). */
export const MAX_PROPOSAL_DURATION_HOURS = 168;
/** Shortest proposal duration given in minutes. */
export const MIN_PROPOSAL_DURATION_MINUTES = 1;
/** Longest proposal duration given in minutes (one week). */
export const MAX_PROPOSAL_DURATION_MINUTES = 10_080;
/** Nanoseconds in one hour. */
export const NANOS_PER_HOUR = 3_600_000_000_000n;
/** Nanoseconds in one minute. */
export const NANOS_PER_MINUTE = 60_000_000_000n;
/** Largest member count the arithmetic accepts (keeps `pct * members` far below 2^53). */
export const MAX_MEMBER_COUNT = 10_000;

const DURATION_FIELDS = ['proposalDurationInHours', 'proposalDurationInMinutes'] as const;
const POLICY_FIELDS = ['thresholdPercentage', ...DURATION_FIELDS, 'thresholdComparator'] as const;
const COMPARATORS: readonly string[] = Object.values(ThresholdComparator);

/**
 * Validates an untrusted value as a policy: the percentage, the comparator and exactly one of the two
 * duration fields, integers in range, a known comparator, and not the unreachable 100 % GREATER_THAN.
 *
 * @param field - JSON path of the value, for messages (e.g. `consortiumJson.policy`).
 * @param value - the parsed JSON value.
 * @returns a fresh policy object with only the three fields.
 * @throws {@link LedgerError} `INVALID_ARGUMENT` naming the field, what came and what is allowed.
 */
export function parseApprovalThresholdPolicy(field: string, value: unknown): ApprovalThresholdPolicy {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidArgument(field, value, `an object with ${POLICY_FIELDS.join(', ')}`);
  }
  const record = value as Readonly<Record<string, unknown>>;
  const extra = Object.keys(record).filter((key) => !(POLICY_FIELDS as readonly string[]).includes(key));
  if (extra.length > 0) {
    throw invalidArgument(
      `${field}.${extra[0] ?? ''}`,
      record[extra[0] ?? ''],
      `no such field; only ${POLICY_FIELDS.join(', ')}`,
    );
  }
  const policy: ApprovalThresholdPolicy = {
    thresholdPercentage: integerIn(
      `${field}.thresholdPercentage`,
      record.thresholdPercentage,
      MIN_THRESHOLD_PERCENTAGE,
      MAX_THRESHOLD_PERCENTAGE,
    ),
    ...duration(field, record),
    thresholdComparator: comparator(`${field}.thresholdComparator`, record.thresholdComparator),
  };
  if (
    policy.thresholdPercentage === MAX_THRESHOLD_PERCENTAGE &&
    policy.thresholdComparator === ThresholdComparator.GREATER_THAN
  ) {
    throw invalidArgument(
      `${field}.thresholdComparator`,
      policy.thresholdComparator,
      `${ThresholdComparator.GREATER_THAN_OR_EQUAL_TO} with thresholdPercentage 100 (more than 100 % can never be reached)`,
    );
  }
  return policy;
}

/**
 * Tells whether `yes` votes meet the threshold: `yes * 100` compared with `pct * memberCount`, and at
 * least one YES vote.
 *
 * @param yes - YES votes cast.
 * @param memberCount - members when the proposal was created.
 * @param policy - the proposal's policy.
 * @returns true when the proposal is approved by these votes.
 * @throws {@link LedgerError} `INVALID_ARGUMENT` for counts out of range.
 */
export function thresholdMet(yes: number, memberCount: number, policy: ApprovalThresholdPolicy): boolean {
  checkMemberCount(memberCount);
  countIn('yes', yes, memberCount);
  const votes = yes * 100;
  const needed = policy.thresholdPercentage * memberCount;
  const met =
    policy.thresholdComparator === ThresholdComparator.GREATER_THAN ? votes > needed : votes >= needed;
  return met && yes >= 1;
}

/**
 * The smallest number of YES votes that meets the threshold: `floor(pct * n / 100) + 1` for GREATER_THAN,
 * `ceil(pct * n / 100)` for GREATER_THAN_OR_EQUAL_TO, and never less than 1. Exact integer arithmetic.
 *
 * @param memberCount - members when the proposal was created, 1..{@link MAX_MEMBER_COUNT}.
 * @param policy - the proposal's policy.
 * @returns the YES votes needed (at most `memberCount` for a valid policy).
 * @throws {@link LedgerError} `INVALID_ARGUMENT` for a member count out of range.
 */
export function requiredYesVotes(memberCount: number, policy: ApprovalThresholdPolicy): number {
  checkMemberCount(memberCount);
  const needed = policy.thresholdPercentage * memberCount;
  const remainder = needed % 100;
  const floor = (needed - remainder) / 100;
  let required: number;
  if (policy.thresholdComparator === ThresholdComparator.GREATER_THAN) {
    required = floor + 1;
  } else {
    required = remainder === 0 ? floor : floor + 1;
  }
  return Math.max(1, required);
}

/**
 * A policy's voting window in whole minutes.
 *
 * @param policy - a validated policy.
 * @returns `proposalDurationInMinutes`, or `proposalDurationInHours * 60`.
 */
export function durationMinutes(policy: ApprovalThresholdPolicy): number {
  return policy.proposalDurationInMinutes ?? (policy.proposalDurationInHours ?? 0) * 60;
}

/**
 * When a proposal stops taking votes.
 *
 * @param createdAt - creation time, nanoseconds since the epoch.
 * @param policy - the proposal's policy.
 * @returns `createdAt` + the voting window in nanoseconds; a vote at or after it is too late.
 */
export function proposalExpiry(createdAt: bigint, policy: ApprovalThresholdPolicy): bigint {
  return createdAt + BigInt(durationMinutes(policy)) * NANOS_PER_MINUTE;
}

/**
 * Decides the status of a proposal from its votes and the clock of the current transaction.
 *
 * @param yes - YES votes cast.
 * @param no - NO votes cast.
 * @param memberCountAtCreation - members when the proposal was created (`yes + no` may not exceed it).
 * @param policy - the proposal's (effective) policy.
 * @param createdAt - creation time, nanoseconds since the epoch.
 * @param now - the current transaction time, nanoseconds since the epoch.
 * @returns APPROVED, REJECTED, EXPIRED or IN_PROGRESS (see the module rules).
 * @throws {@link LedgerError} `INVALID_ARGUMENT` for counts out of range or `now` before `createdAt`.
 */
export function decideStatus(
  yes: number,
  no: number,
  memberCountAtCreation: number,
  policy: ApprovalThresholdPolicy,
  createdAt: bigint,
  now: bigint,
): VotingStatus {
  checkMemberCount(memberCountAtCreation);
  countIn('yes', yes, memberCountAtCreation);
  countIn('no', no, memberCountAtCreation - yes);
  if (now < createdAt) {
    throw invalidArgument('now', now, `an instant at or after createdAt ${createdAt}n`);
  }
  const required = requiredYesVotes(memberCountAtCreation, policy);
  const outstanding = memberCountAtCreation - yes - no;
  if (yes >= required) {
    return VotingStatus.APPROVED;
  }
  if (yes + outstanding < required) {
    return VotingStatus.REJECTED;
  }
  return now >= proposalExpiry(createdAt, policy) ? VotingStatus.EXPIRED : VotingStatus.IN_PROGRESS;
}

/**
 * Orders two policies by strictness for a given member count: more YES votes needed is stricter; on a
 * tie, the higher percentage, then GREATER_THAN over GREATER_THAN_OR_EQUAL_TO, then the longer duration
 * (a mixed proposal keeps the longest voting window any of its actions asks for).
 *
 * @param a - one policy.
 * @param b - the other.
 * @param memberCount - members when the proposal is created.
 * @returns positive when `a` is stricter, negative when `b` is, 0 when they are equal.
 */
export function comparePolicyStrictness(
  a: ApprovalThresholdPolicy,
  b: ApprovalThresholdPolicy,
  memberCount: number,
): number {
  const byVotes = requiredYesVotes(memberCount, a) - requiredYesVotes(memberCount, b);
  if (byVotes !== 0) {
    return byVotes;
  }
  const byPercentage = a.thresholdPercentage - b.thresholdPercentage;
  if (byPercentage !== 0) {
    return byPercentage;
  }
  const byComparator = comparatorRank(a.thresholdComparator) - comparatorRank(b.thresholdComparator);
  return byComparator !== 0 ? byComparator : durationMinutes(a) - durationMinutes(b);
}

/**
 * The policy that governs a proposal with several kinds of action: the strictest of them (see
 * {@link comparePolicyStrictness}); the first one wins a complete tie.
 *
 * @param policies - the policy of each kind of action in the proposal (at least one).
 * @param memberCount - members when the proposal is created.
 * @returns one of the given policies.
 * @throws {@link LedgerError} `INVALID_ARGUMENT` for an empty list or a member count out of range.
 */
export function stricterPolicy(
  policies: readonly ApprovalThresholdPolicy[],
  memberCount: number,
): ApprovalThresholdPolicy {
  const [first, ...rest] = policies;
  if (first === undefined) {
    throw invalidArgument('policies', policies, 'at least one policy');
  }
  return rest.reduce(
    (best, policy) => (comparePolicyStrictness(policy, best, memberCount) > 0 ? policy : best),
    first,
  );
}

/**
 * The number of member-admin signatures the channel's Admins policy needs so that it matches the voting
 * policy: the same count as {@link requiredYesVotes} (e.g. 50 % GREATER_THAN of 3 members → 2-of-3).
 *
 * @param memberCount - members of the channel's application group.
 * @param policy - the consortium's (default) policy.
 * @returns N of the `OutOf(N, …)` signature policy, 1..memberCount.
 * @throws {@link LedgerError} `INVALID_ARGUMENT` for a member count out of range.
 */
export function adminsSignaturePolicy(memberCount: number, policy: ApprovalThresholdPolicy): number {
  return requiredYesVotes(memberCount, policy);
}

/**
 * The channel Admins policy as a Fabric signature-policy rule, e.g.
 * `OutOf(2, 'Org1MSP.admin', 'Org2MSP.admin', 'Org3MSP.admin')`.
 *
 * @param mspIds - the members' MSP ids (sorted and de-duplicated here).
 * @param policy - the consortium's (default) policy.
 * @returns the rule text for `configtx.yaml` or a config update.
 * @throws {@link LedgerError} `INVALID_ARGUMENT` for an empty member list.
 */
export function adminsSignatureRule(mspIds: readonly string[], policy: ApprovalThresholdPolicy): string {
  const members = [...new Set(mspIds)].sort();
  const required = adminsSignaturePolicy(members.length, policy);
  return `OutOf(${required}, ${members.map((msp) => `'${msp}.admin'`).join(', ')})`;
}

function comparatorRank(value: ThresholdComparator): number {
  return value === ThresholdComparator.GREATER_THAN ? 1 : 0;
}

function integerIn(field: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalidArgument(field, value, `an integer from ${min} to ${max}`);
  }
  return value;
}

/** Exactly one of the duration fields, as a policy fragment. */
function duration(
  field: string,
  record: Readonly<Record<string, unknown>>,
): Pick<ApprovalThresholdPolicy, 'proposalDurationInHours' | 'proposalDurationInMinutes'> {
  const given = DURATION_FIELDS.filter((name) => record[name] !== undefined);
  if (given.length !== 1) {
    throw invalidArgument(
      `${field}.proposalDurationInHours`,
      given.length === 0 ? undefined : given.join(' and '),
      `exactly one of proposalDurationInHours (whole hours ${MIN_PROPOSAL_DURATION_HOURS} to ${MAX_PROPOSAL_DURATION_HOURS}) and proposalDurationInMinutes (whole minutes ${MIN_PROPOSAL_DURATION_MINUTES} to ${MAX_PROPOSAL_DURATION_MINUTES})`,
    );
  }
  if (given[0] === 'proposalDurationInMinutes') {
    return {
      proposalDurationInMinutes: integerIn(
        `${field}.proposalDurationInMinutes`,
        record.proposalDurationInMinutes,
        MIN_PROPOSAL_DURATION_MINUTES,
        MAX_PROPOSAL_DURATION_MINUTES,
      ),
    };
  }
  return {
    proposalDurationInHours: integerIn(
      `${field}.proposalDurationInHours`,
      record.proposalDurationInHours,
      MIN_PROPOSAL_DURATION_HOURS,
      MAX_PROPOSAL_DURATION_HOURS,
    ),
  };
}

function comparator(field: string, value: unknown): ThresholdComparator {
  if (typeof value !== 'string' || !COMPARATORS.includes(value)) {
    throw invalidArgument(field, value, `one of ${COMPARATORS.join(', ')}`);
  }
  return value as ThresholdComparator;
}

function checkMemberCount(memberCount: number): void {
  integerIn('memberCount', memberCount, 1, MAX_MEMBER_COUNT);
}

function countIn(field: string, value: number, max: number): void {
  integerIn(field, value, 0, max);
}
