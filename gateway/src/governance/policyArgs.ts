import * as fs from 'node:fs';
import { parseApprovalThresholdPolicy, type ApprovalThresholdPolicy } from '@fabric-ledger/chaincode/shared';

/** The kinds of action that may have a policy of their own. */
export const ACTION_KINDS = ['INVITE', 'REMOVE', 'POLICY_CHANGE', 'VEPS_KEYS'] as const;

/** One of {@link ACTION_KINDS}. */
export type ActionKind = (typeof ACTION_KINDS)[number];

/** A policy change as `Governance:CreateProposal` takes it (`null` drops an action's own policy). */
export interface PolicyChangeAction {
  readonly policy?: ApprovalThresholdPolicy;
  readonly actionPolicies?: Readonly<Partial<Record<ActionKind, ApprovalThresholdPolicy | null>>>;
}

/** Thrown for a policy argument that is not valid; the message names the flag and field. */
export class PolicyArgumentError extends Error {
  override readonly name = 'PolicyArgumentError';
}

/**
 * Reads a flag value that is JSON text (starting with `{`) or the path of a file holding it.
 *
 * @param flag - The flag's name, for messages (e.g. `--policy`).
 * @param value - JSON text or a file path.
 * @param readFile - Reads a file (tests replace it).
 * @returns The parsed value.
 * @throws PolicyArgumentError for unreadable files and malformed JSON.
 */
export function jsonOrFile(
  flag: string,
  value: string,
  readFile: (file: string) => string = (file) => fs.readFileSync(file, 'utf8'),
): unknown {
  let text = value;
  if (!value.trimStart().startsWith('{')) {
    try {
      text = readFile(value);
    } catch (err) {
      throw new PolicyArgumentError(
        `${flag}: cannot read file ${JSON.stringify(value)}: ${(err as Error).message}`,
      );
    }
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new PolicyArgumentError(`${flag}: got text that is not JSON (${(err as Error).message})`);
  }
}

/**
 * Builds the policy change of `ledger gov propose` from `--policy` (the new default policy) and
 * `--action-policy KIND=POLICY|null` flags, each policy checked as the chaincode checks it.
 *
 * @param policy - The parsed `--policy` value, if given.
 * @param actionPolicies - `KIND=JSON`, `KIND=FILE` or `KIND=null` values of `--action-policy`.
 * @param readFile - Reads a file (tests replace it).
 * @returns The policy change, or undefined when neither flag was given.
 * @throws PolicyArgumentError naming the flag and field of the first bad value.
 */
export function policyChangeOf(
  policy: unknown,
  actionPolicies: readonly string[],
  readFile?: (file: string) => string,
): PolicyChangeAction | undefined {
  if (policy === undefined && actionPolicies.length === 0) return undefined;
  const perAction: Partial<Record<ActionKind, ApprovalThresholdPolicy | null>> = {};
  for (const item of actionPolicies) {
    const at = item.indexOf('=');
    const kind = at < 0 ? item : item.slice(0, at);
    if (!(ACTION_KINDS as readonly string[]).includes(kind) || at < 0) {
      throw new PolicyArgumentError(
        `--action-policy: got ${JSON.stringify(item)}, want KIND=POLICY with KIND one of ${ACTION_KINDS.join(', ')}`,
      );
    }
    const value = item.slice(at + 1);
    const flag = `--action-policy ${kind}`;
    perAction[kind as ActionKind] =
      value === 'null' ? null : checked(flag, jsonOrFile(flag, value, readFile));
  }
  return {
    ...(policy === undefined ? {} : { policy: checked('--policy', policy) }),
    ...(actionPolicies.length === 0 ? {} : { actionPolicies: perAction }),
  };
}

function checked(flag: string, value: unknown): ApprovalThresholdPolicy {
  try {
    return parseApprovalThresholdPolicy(flag, value);
  } catch (err) {
    throw new PolicyArgumentError((err as Error).message.replace(/^\[INVALID_ARGUMENT\] /, ''));
  }
}
