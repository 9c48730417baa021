/** Ordering of governance records: text comparison and the order (and bookmark) of proposals. */
import type { Proposal } from '../../model/governance';

/**
 * Compares two strings by UTF-16 code units, as `<` does.
 *
 * @returns a negative number, zero or a positive number, for `Array.prototype.sort`.
 */
export function compareText(a: string, b: string): number {
  if (a === b) {
    return 0;
  }
  return a < b ? -1 : 1;
}

/**
 * The key proposals are listed by (oldest first) and that `ListProposals` returns as its bookmark.
 *
 * @returns `<createdAt>/<proposalId>`.
 */
export function proposalSortKey(proposal: Pick<Proposal, 'createdAt' | 'proposalId'>): string {
  return `${proposal.createdAt}/${proposal.proposalId}`;
}
