/**
 * The loop of `ledger gov watch`: reads the APPROVED and EXECUTING proposals from this org's peer,
 * decides what to do with each ({@link planWatch}) and executes the chosen ones one at a time
 * ({@link executeProposal} in production), or supersedes those the member list no longer allows, on start, on every wake-up (a governance event) and at least
 * every `pollMs`. One JSON log line per changed decision and per outcome.
 *
 * Crash safety comes from the execution itself: a proposal is claimed on the ledger before any step,
 * every step is skipped when the channel already shows it, and a claim this org holds is resumed on
 * the next start. Stopping (the `signal`) lets the execution under way finish and record its outcome.
 */
import { EXECUTION_CLAIM_TIMEOUT_HOURS, MAX_EXECUTION_ATTEMPTS } from '@fabric-ledger/chaincode/shared';
import type { Logger } from '../logger';
import { ExecutionNotRecordedError, NotExecutableError, type ExecutionResult } from './executeProposal';
import type { GovernanceClient, ProposalSummary } from './governanceClient';
import { planWatch, type WatchDecision } from './watchPlan';

/** Options of {@link runGovernanceWatch}. */
export interface GovernanceWatchOptions {
  readonly governance: Pick<GovernanceClient, 'listProposals' | 'listMembers' | 'supersede'>;
  /** This org's MSP id. */
  readonly mspId: string;
  /** Executes (or resumes) one proposal: {@link executeProposal} with this org's client. */
  readonly execute: (proposalId: string) => Promise<ExecutionResult>;
  readonly logger: Logger;
  /** Stops the watch once the execution under way (if any) has ended. */
  readonly signal: AbortSignal;
  /** Process what is pending once, then return. */
  readonly once?: boolean;
  /** Read the proposals at least this often (default 60 s). */
  readonly pollMs?: number;
  /** Wait after a failed attempt before trying the proposal again (default 10 min). */
  readonly retryAfterMs?: number;
  /**
   * Registers the wake-up callback (called on each committed governance write); the watch reads the
   * proposals again right after. Absent: polling only.
   */
  readonly subscribe?: (wake: () => void) => void;
  /** The clock (ms since the epoch); tests fix it. */
  readonly now?: () => number;
}

/** What a watch did until it returned. */
export interface GovernanceWatchSummary {
  /** Executions that ended EXECUTED. */
  readonly executed: number;
  /** Executions that did not: ACTION_FAILED, not recorded, refused, or an error. */
  readonly notExecuted: number;
  /** Proposals superseded (the member list no longer allowed them). */
  readonly superseded: number;
}

/** Default of {@link GovernanceWatchOptions.pollMs}. */
export const DEFAULT_WATCH_POLL_MS = 60_000;
/** Default of {@link GovernanceWatchOptions.retryAfterMs}. */
export const DEFAULT_WATCH_RETRY_AFTER_MS = 600_000;
const LIST_PAGE_SIZE = '200';

/**
 * Runs the watch until `signal` aborts (or, with `once`, after one pass).
 *
 * @param options - See {@link GovernanceWatchOptions}.
 * @returns How many executions ended EXECUTED and how many did not.
 * @throws What reading the proposals threw, with `once` only (a long-running watch logs it and reads
 *   again at the next wake-up).
 */
export async function runGovernanceWatch(
  options: Readonly<GovernanceWatchOptions>,
): Promise<GovernanceWatchSummary> {
  return new WatchLoop(options).run();
}

/** The state of one running watch. */
class WatchLoop {
  readonly #options: Readonly<GovernanceWatchOptions>;
  readonly #now: () => number;
  readonly #pollMs: number;
  readonly #lastFailedAt = new Map<string, number>();
  readonly #logged = new Map<string, string>();
  #executed = 0;
  #notExecuted = 0;
  #superseded = 0;
  /** Set by a wake-up: read the proposals again before waiting. */
  #dirty = false;
  #wakeUp: (() => void) | undefined;

  constructor(options: Readonly<GovernanceWatchOptions>) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#pollMs = options.pollMs ?? DEFAULT_WATCH_POLL_MS;
  }

  async run(): Promise<GovernanceWatchSummary> {
    const { logger, once } = this.#options;
    this.#options.subscribe?.(() => {
      this.#dirty = true;
      this.#wakeUp?.();
    });
    logger.info('governance watch started', {
      mspId: this.#options.mspId,
      once: once === true,
      pollMs: this.#pollMs,
    });
    while (!this.#stopped()) {
      this.#dirty = false;
      await this.#pass();
      if (once === true || this.#stopped()) break;
      if (!this.#woken()) await this.#wait();
    }
    const summary = {
      executed: this.#executed,
      notExecuted: this.#notExecuted,
      superseded: this.#superseded,
    };
    logger.info('governance watch stopped', summary);
    return summary;
  }

  /** Whether a wake-up or an execution came during the pass (read again at once). */
  #woken(): boolean {
    return this.#dirty;
  }

  #stopped(): boolean {
    return this.#options.signal.aborted;
  }

  /** Reads the proposals, logs the decisions and runs the chosen ones one at a time. */
  async #pass(): Promise<void> {
    const { logger } = this.#options;
    for (const decision of await this.#decisions()) {
      if (decision.action === 'leave') continue;
      if (this.#stopped()) break;
      if (decision.action === 'supersede') {
        if (await supersedeOne(decision, this.#options.governance, logger)) this.#superseded++;
        else this.#lastFailedAt.set(decision.proposalId, this.#now());
      } else if (await runOne(decision, this.#options.execute, logger)) {
        this.#executed++;
        this.#lastFailedAt.delete(decision.proposalId);
      } else {
        this.#notExecuted++;
        this.#lastFailedAt.set(decision.proposalId, this.#now());
      }
      // A recorded outcome is itself a governance write: read again rather than act on stale views.
      this.#dirty = true;
    }
  }

  async #decisions(): Promise<WatchDecision[]> {
    let decisions: WatchDecision[] = [];
    try {
      decisions = planWatch({
        proposals: await pendingProposals(this.#options.governance),
        mspId: this.#options.mspId,
        nowMs: this.#now(),
        claimTimeoutMs: EXECUTION_CLAIM_TIMEOUT_HOURS * 3_600_000,
        maxAttempts: MAX_EXECUTION_ATTEMPTS,
        retryAfterMs: this.#options.retryAfterMs ?? DEFAULT_WATCH_RETRY_AFTER_MS,
        lastFailedAt: this.#lastFailedAt,
        members: await memberIds(this.#options.governance),
      });
    } catch (err) {
      if (this.#options.once === true) throw err;
      this.#options.logger.warn('could not read the proposals; reading again at the next wake-up', { err });
    }
    logDecisions(decisions, this.#logged, this.#options.logger);
    return decisions;
  }

  /** Until a wake-up, the poll interval or the stop signal. */
  #wait(): Promise<void> {
    const { signal } = this.#options;
    return new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.#wakeUp = undefined;
        resolve();
      };
      const timer = setTimeout(done, this.#pollMs);
      signal.addEventListener('abort', done, { once: true });
      this.#wakeUp = done;
    });
  }
}

/** The EXECUTING and APPROVED proposals; one changing status between the two reads appears once. */
async function pendingProposals(
  governance: Pick<GovernanceClient, 'listProposals'>,
): Promise<ProposalSummary[]> {
  const byId = new Map<string, ProposalSummary>();
  for (const status of ['EXECUTING', 'APPROVED']) {
    for (const p of await listAll(governance, status)) byId.set(p.proposalId, p);
  }
  return [...byId.values()];
}

/** Executes one chosen proposal and logs the outcome; true when it ended EXECUTED. */
async function runOne(
  decision: WatchDecision,
  execute: (proposalId: string) => Promise<ExecutionResult>,
  logger: Logger,
): Promise<boolean> {
  const { proposalId, action } = decision;
  logger.info('executing proposal', { proposalId, action });
  try {
    const result = await execute(proposalId);
    const fields = {
      proposalId,
      status: result.status,
      transactionId: result.commit.transactionId,
      blockNumber: result.commit.blockNumber,
    };
    if (result.status === 'EXECUTED') {
      logger.info('proposal executed', {
        ...fields,
        configBlockNumber: result.configBlockNumber,
        channelOrgs: result.channelOrgs,
      });
      return true;
    }
    logger.warn('proposal execution failed; recorded as an attempt', { ...fields, reason: result.reason });
  } catch (err) {
    if (err instanceof NotExecutableError) {
      logger.info('proposal not executable by this org', { proposalId, reason: err.message });
    } else if (err instanceof ExecutionNotRecordedError) {
      logger.error('proposal outcome not recorded; the claim stays with this org', {
        proposalId,
        reason: err.message,
      });
    } else {
      logger.error('proposal execution error', { proposalId, err });
    }
  }
  return false;
}

/**
 * Supersedes one proposal the member list no longer allows and logs the outcome; true when recorded.
 * A refusal (the ledger's members differ from this watch's read, or another member superseded it
 * first) is logged: the next read decides again.
 */
async function supersedeOne(
  decision: WatchDecision,
  governance: Pick<GovernanceClient, 'supersede'>,
  logger: Logger,
): Promise<boolean> {
  const { proposalId } = decision;
  try {
    const view = await governance.supersede(proposalId);
    logger.info('proposal superseded', {
      proposalId,
      reason: view.superseded?.reason,
      transactionId: view.commit.transactionId,
      blockNumber: view.commit.blockNumber,
    });
    return true;
  } catch (err) {
    logger.warn('proposal not superseded', { proposalId, err });
    return false;
  }
}

/** One line per decision that differs from the one logged for that proposal before. */
function logDecisions(
  decisions: readonly WatchDecision[],
  logged: Map<string, string>,
  logger: Logger,
): void {
  const seen = new Set<string>();
  for (const { proposalId, action, reason } of decisions) {
    seen.add(proposalId);
    const text = `${action} ${reason}`;
    if (logged.get(proposalId) === text) continue;
    logged.set(proposalId, text);
    logger.info('proposal decision', { proposalId, action, reason });
  }
  for (const id of logged.keys()) if (!seen.has(id)) logged.delete(id);
}

/** The MSP ids of the consortium's members (`Governance:ListMembers`). */
async function memberIds(governance: Pick<GovernanceClient, 'listMembers'>): Promise<string[]> {
  return (JSON.parse(await governance.listMembers()) as { mspId: string }[]).map((m) => m.mspId);
}

/** Every proposal with `status`, oldest first, page after page. */
async function listAll(
  governance: Pick<GovernanceClient, 'listProposals'>,
  status: string,
): Promise<ProposalSummary[]> {
  const all: ProposalSummary[] = [];
  let bookmark = '';
  do {
    const page = JSON.parse(await governance.listProposals(status, bookmark, LIST_PAGE_SIZE)) as {
      records: ProposalSummary[];
      bookmark: string;
    };
    all.push(...page.records);
    bookmark = page.bookmark;
  } while (bookmark !== '');
  return all;
}
