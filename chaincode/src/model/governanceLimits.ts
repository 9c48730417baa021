/** Limits of the Governance contract's requests and records. */

/** Most members in `InitConsortium`. */
export const MAX_MEMBERS = 100;
/**
 * Fewest founding members: one org alone cannot found a consortium of itself, since every founding
 * member must accept the charter (`InitConsortium`).
 */
export const MIN_FOUNDING_MEMBERS = 2;
/** Most failed execution attempts kept on one proposal; a further attempt is refused. */
export const MAX_EXECUTION_ATTEMPTS = 20;
/** Most invitations, and most removals, in one proposal. */
export const MAX_ACTIONS_PER_KIND = 10;
/** Most root (or TLS root) certificates of one invitation. */
export const MAX_ROOT_CERTS = 4;
/** Longest PEM certificate, in characters. */
export const MAX_CERT_LENGTH = 8192;
/** Longest proposal description. */
export const MAX_PROPOSAL_DESCRIPTION_LENGTH = 256;
/** Longest display name of a member or org name of an invitation. */
export const MAX_ORG_NAME_LENGTH = 128;
/** Longest failure reason of `RecordExecution`. */
export const MAX_REASON_LENGTH = 1024;
/**
 * How long an execution claim keeps other members out, in transaction time from its last (re)claim:
 * after it another member may take the execution over (the executor may have crashed or lost its
 * credentials). The executor itself may re-claim (resume) at any time, which starts the period again.
 */
export const EXECUTION_CLAIM_TIMEOUT_HOURS = 1;
