/**
 * Private terms from a party's side: write them (chaincode `Terms:PutTerms`, the value in the
 * transient map only), read them back from the party's own peer, and make a receipt that proves them
 * against the journal: the sealed `terms` write entry, its inclusion proof and a signed digest, with
 * the value the party holds (`ledger verify-receipt` checks it offline like a history receipt).
 */
import type { Contract } from '@hyperledger/fabric-gateway';
import { TERMS_TRANSIENT_KEY } from '@fabric-ledger/chaincode/shared';
import type { LedgerClient } from '../client/ledgerClient';
import type { Revision__Output } from '../generated/ledger/Revision';
import { buildReceipt } from '../receipt/buildReceipt';
import { proveTerms, termsLocation } from './termsProof';

/** What `Terms:PutTerms` answers. */
export interface PutTermsResult {
  readonly collection: string;
  readonly fabricTxId: string;
  readonly journalKey: string;
  readonly parties: readonly string[];
  readonly termsId: string;
  readonly valueSha256: string;
}

/** Which terms: their id and the two parties (MSP ids, either order). */
export interface TermsRef {
  readonly termsId: string;
  readonly partyA: string;
  readonly partyB: string;
}

/**
 * Writes terms as the contract's identity (a party's teller, admin or custodian) and waits for the
 * commit. The gateway's discovery picks endorsers that satisfy the chaincode policy and the
 * collection's (both parties' peers).
 *
 * @param contract - the `ledger` chaincode, as a party's user.
 * @param ref - which terms.
 * @param terms - the value (1 to 64 KiB).
 * @returns the chaincode's answer.
 * @throws the Fabric error (the chaincode's `[CODE] text` in its details) or a commit failure.
 */
export async function putTerms(
  contract: Contract,
  ref: TermsRef,
  terms: Uint8Array,
): Promise<PutTermsResult> {
  const proposal = contract.newProposal('Terms:PutTerms', {
    arguments: [ref.termsId, ref.partyA, ref.partyB],
    transientData: { [TERMS_TRANSIENT_KEY]: terms },
  });
  const submitted = await (await proposal.endorse()).submit();
  const status = await submitted.getStatus();
  if (!status.successful) {
    throw new Error(`Terms:PutTerms ${status.transactionId}: committed with validation code ${status.code}`);
  }
  return JSON.parse(Buffer.from(submitted.getResult()).toString('utf8')) as PutTermsResult;
}

/**
 * Reads terms from the caller's own org's peer (`Terms:GetTerms`: parties only).
 *
 * @param contract - the `ledger` chaincode, as a party's user.
 * @param ref - which terms.
 * @returns the value bytes.
 */
export async function getTerms(contract: Contract, ref: TermsRef): Promise<Uint8Array> {
  const answer = JSON.parse(
    Buffer.from(
      await contract.evaluateTransaction('Terms:GetTerms', ref.termsId, ref.partyA, ref.partyB),
    ).toString('utf8'),
  ) as { termsBase64: string };
  return new Uint8Array(Buffer.from(answer.termsBase64, 'base64'));
}

/**
 * The latest sealed revision of a key, walking every page of its history.
 *
 * @returns the revision, or undefined when the gateway has sealed none (yet).
 */
export async function latestRevision(
  client: LedgerClient,
  key: string,
): Promise<Revision__Output | undefined> {
  let pageToken = '';
  let latest: Revision__Output | undefined;
  do {
    const page = await client.getHistory({ key, pageSize: 0, pageToken });
    latest = page.revisions.at(-1) ?? latest;
    pageToken = page.nextPageToken;
  } while (pageToken !== '');
  return latest;
}

/**
 * Proves terms against the journal and returns the receipt: the latest sealed revision of their
 * journal key, checked against `value` ({@link proveTerms}), with its inclusion proof in the tree of
 * a fresh signed digest.
 *
 * @param client - a gateway client (any member org's gateway seals the same entry).
 * @param ref - which terms.
 * @param value - the terms the party holds.
 * @returns the receipt JSON (format `ledger-receipt-v1` with a `revision` holding `value`).
 * @throws Error when nothing is sealed for the key yet or the value does not match the seal.
 */
export async function termsReceipt(
  client: LedgerClient,
  ref: TermsRef,
  value: Uint8Array,
): Promise<Record<string, unknown>> {
  const { journalKey } = termsLocation(ref.termsId, ref.partyA, ref.partyB);
  const revision = await latestRevision(client, journalKey);
  if (revision?.seal == null || revision.write === null) {
    throw new Error(`terms ${journalKey}: the journal has sealed no write of it (yet)`);
  }
  const proof = proveTerms(value, revision.seal.payload, journalKey);
  if (!proof.ok) throw new Error(`terms ${journalKey}: ${proof.failed}`);
  const digest = await client.getDigest();
  const inclusion = await client.getInclusionProof(revision.seal.sequenceNumber, digest.treeSize);
  return buildReceipt(revision.seal, inclusion, digest, { write: revision.write, value });
}
