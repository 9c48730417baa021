/**
 * The Terms contract: terms two member orgs share (the price and conditions of a custody hand-off or a
 * transfer), kept in the private data collection of the two (`terms-<mspA>-<mspB>`, defined at deploy
 * from the topology). The value comes only from the transient map, so it never reaches the shared
 * ledger; the parties' peers hold it, every other member's peer holds only its SHA-256, and the
 * journal entry of the write carries that SHA-256, which the gateways seal like any other write.
 */
import { Info, Returns, Transaction } from 'fabric-contract-api';
import { LedgerContext } from '../ledgerContext';
import { canonicalJson } from '../lib/canonicalJson';
import { ErrorCode, LedgerError, show } from '../lib/errors';
import {
  requireParty,
  termsCollection,
  termsJournalKey,
  termsParties,
  termsPrivateKey,
  transientTerms,
  type TermsParties,
} from '../lib/privateTerms';
import { GRANTS, hasPermission, Permission, requirePermission, ROLE_ATTRIBUTE, ROLES } from '../lib/roles';
import { sha256Hex } from '../lib/sha256';
import { requireId } from '../lib/validate';
import { LedgerContract } from './ledgerContract';

/** The contract name: functions are invoked as `Terms:<Function>`. */
export const TERMS_CONTRACT = 'Terms';

const action = (fn: string): string => `${TERMS_CONTRACT}:${fn}`;

/** Who may write terms: the roles that operate accounts (a transfer) or custody (a hand-off). */
const WRITE_PERMISSIONS = [Permission.OPERATE_ACCOUNTS, Permission.OPERATE_CUSTODY] as const;

/** Where one terms value lives. */
interface TermsAddress {
  readonly termsId: string;
  readonly parties: TermsParties;
  readonly collection: string;
  readonly key: string;
}

function address(termsId: unknown, partyA: unknown, partyB: unknown): TermsAddress {
  const id = requireId('termsId', termsId);
  const parties = termsParties(partyA, partyB);
  return { termsId: id, parties, collection: termsCollection(parties), key: termsPrivateKey(id) };
}

/**
 * Reads or writes a collection through `call`, turning the peer's refusal of an undefined collection
 * into NOT_FOUND naming the parties (the chaincode definition has no collection of these two orgs).
 */
async function fromCollection<T>(where: TermsAddress, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw new LedgerError(
      ErrorCode.NOT_FOUND,
      `partyA, partyB: the chaincode definition has no collection ${show(where.collection)} of ${where.parties.first} and ${where.parties.second} (${err instanceof Error ? err.message : String(err)})`,
    );
  }
}

/** Private terms of two parties, proven against the journal by their SHA-256. */
@Info({ title: TERMS_CONTRACT, description: 'Terms two member orgs share, in their private data collection' })
export class TermsContract extends LedgerContract {
  constructor() {
    super(TERMS_CONTRACT);
  }

  /**
   * Stores terms in the collection of the two parties. The terms are the transient field `terms`
   * (1 to 64 KiB, any bytes); the caller's org must be one of the parties. The journal entry (type
   * `terms`) lists one write, `private/<collection>/terms/<termsId>`, whose value hash is the
   * SHA-256 of the terms. Terms are written once: the same bytes again are DUPLICATE_REQUEST,
   * other bytes ALREADY_EXISTS.
   *
   * @param ctx - transaction context.
   * @param termsId - 1 to 64 characters of `[A-Za-z0-9._:-]`, unique per pair of parties.
   * @param partyA - MSP id of one party.
   * @param partyB - MSP id of the other.
   * @returns `{collection, fabricTxId, journalKey, parties, termsId, valueSha256}` as canonical JSON.
   * @throws {@link LedgerError} PERMISSION_DENIED (role, or the caller's org is not a party),
   *   INVALID_ARGUMENT (naming the argument or `transient.terms`), NOT_FOUND (no collection of the
   *   two), DUPLICATE_REQUEST, ALREADY_EXISTS.
   */
  @Transaction()
  @Returns('string')
  async PutTerms(ctx: LedgerContext, termsId: string, partyA: string, partyB: string): Promise<string> {
    const name = action('PutTerms');
    requireWriteRole(ctx, name);
    const where = address(termsId, partyA, partyB);
    requireParty(ctx.actor.msp, where.parties, name);
    const value = transientTerms(ctx.stub.getTransient());
    const valueSha256 = sha256Hex(value);
    const existing = await fromCollection(where, () =>
      ctx.stub.getPrivateDataHash(where.collection, where.key),
    );
    if (existing.length > 0) {
      const same = Buffer.from(existing).toString('hex') === valueSha256;
      throw new LedgerError(
        same ? ErrorCode.DUPLICATE_REQUEST : ErrorCode.ALREADY_EXISTS,
        `termsId: terms ${show(where.termsId)} of ${where.parties.first} and ${where.parties.second} exist already${same ? ' with these bytes' : ' with other bytes'}`,
      );
    }
    const journalKey = termsJournalKey(where.collection, where.termsId);
    await fromCollection(where, () => ctx.putPrivateRecord(where.collection, where.key, value, journalKey));
    await ctx.commitWrites('terms', name);
    return canonicalJson({
      collection: where.collection,
      fabricTxId: ctx.tx.txId,
      journalKey,
      parties: [where.parties.first, where.parties.second],
      termsId: where.termsId,
      valueSha256,
    });
  }

  /**
   * Reads terms: any role of a party's org, from that party's peer (the only peers that hold them).
   *
   * @param ctx - transaction context.
   * @param termsId - the terms id.
   * @param partyA - MSP id of one party.
   * @param partyB - MSP id of the other.
   * @returns `{collection, parties, termsBase64, termsId, valueSha256}` as canonical JSON.
   * @throws {@link LedgerError} PERMISSION_DENIED (the caller's org is not a party), INVALID_ARGUMENT,
   *   NOT_FOUND.
   */
  @Transaction(false)
  @Returns('string')
  async GetTerms(ctx: LedgerContext, termsId: string, partyA: string, partyB: string): Promise<string> {
    const name = action('GetTerms');
    requirePermission(ctx.actor, Permission.READ, name);
    const where = address(termsId, partyA, partyB);
    requireParty(ctx.actor.msp, where.parties, name);
    const value = await fromCollection(where, () => ctx.stub.getPrivateData(where.collection, where.key));
    if (value.length === 0) throw notFound(where);
    return canonicalJson({
      collection: where.collection,
      parties: [where.parties.first, where.parties.second],
      termsBase64: Buffer.from(value).toString('base64'),
      termsId: where.termsId,
      valueSha256: sha256Hex(value),
    });
  }

  /**
   * The SHA-256 of terms, as every member's peer has it (the private data hash on the shared ledger):
   * any role of any member org.
   *
   * @param ctx - transaction context.
   * @param termsId - the terms id.
   * @param partyA - MSP id of one party.
   * @param partyB - MSP id of the other.
   * @returns `{collection, parties, termsId, valueSha256}` as canonical JSON.
   * @throws {@link LedgerError} INVALID_ARGUMENT, NOT_FOUND.
   */
  @Transaction(false)
  @Returns('string')
  async GetTermsHash(ctx: LedgerContext, termsId: string, partyA: string, partyB: string): Promise<string> {
    requirePermission(ctx.actor, Permission.READ, action('GetTermsHash'));
    const where = address(termsId, partyA, partyB);
    const hash = await fromCollection(where, () => ctx.stub.getPrivateDataHash(where.collection, where.key));
    if (hash.length === 0) throw notFound(where);
    return canonicalJson({
      collection: where.collection,
      parties: [where.parties.first, where.parties.second],
      termsId: where.termsId,
      valueSha256: Buffer.from(hash).toString('hex'),
    });
  }
}

function notFound(where: TermsAddress): LedgerError {
  return new LedgerError(
    ErrorCode.NOT_FOUND,
    `termsId: no terms ${show(where.termsId)} of ${where.parties.first} and ${where.parties.second}`,
  );
}

function requireWriteRole(ctx: LedgerContext, name: string): void {
  const { role, rawRole } = ctx.actor;
  if (!WRITE_PERMISSIONS.some((permission) => hasPermission(role, permission))) {
    const allowed = ROLES.filter((r) => WRITE_PERMISSIONS.some((p) => GRANTS[r].includes(p))).join(', ');
    throw new LedgerError(
      ErrorCode.PERMISSION_DENIED,
      `${name}: attribute ${ROLE_ATTRIBUTE} got ${show(rawRole ?? undefined)}, want one of ${allowed}`,
    );
  }
}
