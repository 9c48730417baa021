/**
 * Test-only pauses of `ledger gov watch`, so that a test can kill the watch at a known point of an
 * execution: with `LEDGER_GOV_WATCH_PAUSE_AFTER_CLAIM_FILE` set, the watch stops right after its claim
 * is committed; with `LEDGER_GOV_WATCH_PAUSE_BEFORE_RECORD_FILE` set, right after the channel change is
 * applied and before the outcome is recorded. It logs `test hook: paused` and goes on once the named
 * file exists. `LEDGER_GOV_WATCH_PAUSE_PROPOSAL_ID` limits the pauses to one proposal. Not for
 * production use: a paused watch holds its claim.
 */
import * as fs from 'node:fs';
import type { Logger } from '../logger';
import type { ExecuteProposalOptions } from './executeProposal';

/** The variable naming the file a watch paused after its claim waits for. */
export const PAUSE_AFTER_CLAIM_ENV = 'LEDGER_GOV_WATCH_PAUSE_AFTER_CLAIM_FILE';
/** The variable naming the file a watch paused before its record waits for. */
export const PAUSE_BEFORE_RECORD_ENV = 'LEDGER_GOV_WATCH_PAUSE_BEFORE_RECORD_FILE';
/** The variable that limits the pauses to one proposal (unset: every proposal). */
export const PAUSE_PROPOSAL_ENV = 'LEDGER_GOV_WATCH_PAUSE_PROPOSAL_ID';

/**
 * The execution hooks the environment asks for, for one proposal; none when neither pause variable is
 * set, or `LEDGER_GOV_WATCH_PAUSE_PROPOSAL_ID` names another proposal.
 *
 * @param env - The environment (process.env).
 * @param logger - Where `test hook: paused` and `test hook: resumed` go (with the proposal id).
 * @param proposalId - The proposal about to be executed.
 * @param intervalMs - How often to look for the file (default 100 ms).
 * @returns The hooks for {@link ExecuteProposalOptions.hooks}.
 */
export function watchTestHooks(
  env: NodeJS.ProcessEnv,
  logger: Logger,
  proposalId: string,
  intervalMs = 100,
): NonNullable<ExecuteProposalOptions['hooks']> {
  const only = env[PAUSE_PROPOSAL_ENV];
  const mine = only === undefined || only === '' || only === proposalId;
  const pause = (stage: string, file: string | undefined): (() => Promise<void>) | undefined =>
    !mine || file === undefined || file === ''
      ? undefined
      : async () => {
          logger.warn('test hook: paused', { stage, file, proposalId });
          while (!fs.existsSync(file)) await new Promise((resolve) => setTimeout(resolve, intervalMs));
          logger.warn('test hook: resumed', { stage, file, proposalId });
        };
  return {
    afterClaim: pause('after-claim', env[PAUSE_AFTER_CLAIM_ENV]),
    beforeRecord: pause('before-record', env[PAUSE_BEFORE_RECORD_ENV]),
  };
}
