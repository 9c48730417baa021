/**
 * Rules of founding the consortium by unanimous charter, and the consortium's derived channel Admins
 * policy. Pure: no state, no clock.
 */
import { canonicalJson } from '../canonicalJson';
import { ErrorCode, LedgerError, show } from '../errors';
import type { Actor } from '../roles';
import { sha256Hex } from '../sha256';
import { adminsSignaturePolicy, adminsSignatureRule } from '../voting';
import type {
  Charter,
  Consortium,
  ConsortiumDefinition,
  ConsortiumView,
  GovernanceActor,
  Member,
} from '../../model/governance';

/**
 * The id of a charter: definitions that parse the same are the same charter.
 *
 * @returns SHA-256 hex of the definition's canonical JSON.
 */
export function charterSha256Of(definition: ConsortiumDefinition): string {
  return sha256Hex(Buffer.from(canonicalJson(definition), 'utf8'));
}

/**
 * The founding members that have not accepted a charter yet.
 *
 * @returns their MSP ids, in the order of `founders`.
 */
export function waitingFor(founders: readonly string[], accepted: readonly GovernanceActor[]): string[] {
  return founders.filter((msp) => !accepted.some((a) => a.msp === msp));
}

/**
 * Refuses a caller whose org is not a founding member of the charter.
 *
 * @param name - `Governance:<Function>`, for the message.
 * @throws {@link LedgerError} PERMISSION_DENIED.
 */
export function requireFoundingMember(actor: Actor, founders: readonly string[], name: string): void {
  if (!founders.includes(actor.msp)) {
    throw new LedgerError(
      ErrorCode.PERMISSION_DENIED,
      `${name}: caller MSP got ${show(actor.msp)}, want one of the founding members ${founders.join(', ')}`,
    );
  }
}

/**
 * Refuses a second acceptance of a charter by the same org, naming whom the charter waits for.
 *
 * @param charter - the stored charter, `undefined` when nobody accepted it yet.
 * @throws {@link LedgerError} ALREADY_EXISTS.
 */
export function requireFirstAcceptance(
  actor: Actor,
  charterSha256: string,
  charter: Charter | undefined,
  founders: readonly string[],
): void {
  const accepted = charter?.acceptedBy ?? [];
  const previous = accepted.find((a) => a.msp === actor.msp);
  if (previous !== undefined) {
    throw new LedgerError(
      ErrorCode.ALREADY_EXISTS,
      `${actor.msp} already accepted charter ${charterSha256} at ${previous.at}; waiting for ${waitingFor(founders, accepted).join(', ')}`,
    );
  }
}

/**
 * The consortium and founding members a charter accepted by every founding member creates.
 *
 * @param definition - the charter's definition.
 * @param initiator - the first acceptance: the org whose admin proposed the charter.
 * @param now - the ISO instant of the founding transaction.
 * @returns the consortium record and the member records.
 */
export function foundConsortium(
  definition: ConsortiumDefinition,
  initiator: GovernanceActor,
  now: string,
): { consortium: Consortium; members: Member[] } {
  const consortium: Consortium = {
    networkName: definition.networkName,
    policy: definition.policy,
    actionPolicies: definition.actionPolicies,
    createdAt: now,
    createdBy: { msp: initiator.msp, id: initiator.id },
    updatedAt: now,
  };
  const members: Member[] = definition.members.map((m) => ({
    ...m,
    joinedAt: now,
    invitedBy: null,
  }));
  return { consortium, members };
}

/**
 * The consortium as `GetConsortium` returns it.
 *
 * @returns the consortium with its members and the channel Admins policy derived from the default
 * policy.
 */
export function consortiumView(consortium: Consortium, members: readonly Member[]): ConsortiumView {
  const mspIds = members.map((member) => member.mspId);
  return {
    ...consortium,
    members,
    adminsSignaturesRequired: adminsSignaturePolicy(members.length, consortium.policy),
    adminsPolicyRule: adminsSignatureRule(mspIds, consortium.policy),
  };
}
