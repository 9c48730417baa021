import { expect } from 'chai';
import * as sinon from 'sinon';
import type { ClientIdentity } from 'fabric-shim';
import { TermsContract } from '@chaincode/contracts/termsContract';
import { LedgerError } from '@chaincode/lib/errors';
import { journalLeaves } from '@chaincode/lib/journal';
import { MAX_TERMS_BYTES } from '@chaincode/lib/privateTerms';
import { Harness, parse } from '../harness';

const TERMS = Buffer.from('{"currency":"USD","price":"1250.00","incoterm":"FCA"}', 'utf8');
/** `printf '%s' '{"currency":"USD","price":"1250.00","incoterm":"FCA"}' | sha256sum` */
const TERMS_SHA256 = 'a16d5e9bdecdd8ba15ab321ee8c16a2eea1eb0c0ffad22a5478845af1e9f1c03';
const OTHER_TERMS = Buffer.from('{"currency":"USD","price":"9999.00","incoterm":"FCA"}', 'utf8');
const COLLECTION = 'terms-Org1MSP-Org2MSP';
const JOURNAL_KEY = `private/${COLLECTION}/terms/T-1`;

describe('TermsContract', () => {
  let h: Harness;
  const terms = new TermsContract();

  const put = (
    who: ClientIdentity,
    transient: Record<string, Uint8Array> = { terms: TERMS },
    args: readonly [string, string, string] = ['T-1', 'Org2MSP', 'Org1MSP'],
  ): Promise<string> =>
    h.submit(terms, who, (ctx) => {
      h.fake.setTransient(transient);
      return terms.PutTerms(ctx, ...args);
    });
  const get = (who: ClientIdentity, partyA = 'Org1MSP', partyB = 'Org2MSP'): Promise<string> =>
    h.evaluate(terms, who, (ctx) => terms.GetTerms(ctx, 'T-1', partyA, partyB));

  beforeEach(() => {
    h = new Harness();
  });

  afterEach(() => {
    sinon.restore();
  });

  it('is named Terms', () => {
    expect(terms.getName()).to.equal('Terms');
  });

  describe('#PutTerms', () => {
    it('stores the transient terms in the collection of the two parties and journals only their SHA-256', async () => {
      const result = parse(await put(h.ids.custodian1));

      expect(result).to.deep.equal({
        collection: COLLECTION,
        fabricTxId: h.fake.txId,
        journalKey: JOURNAL_KEY,
        parties: ['Org1MSP', 'Org2MSP'],
        termsId: 'T-1',
        valueSha256: TERMS_SHA256,
      });
      expect(Buffer.from(h.fake.privateState.get(`${COLLECTION}/terms/T-1`)!)).to.deep.equal(TERMS);
      const record = h.journal();
      expect(record.entries).to.deep.equal([
        {
          type: 'terms',
          action: 'Terms:PutTerms',
          writes: [{ key: JOURNAL_KEY, valueHash: TERMS_SHA256, deleted: false }],
        },
      ]);
      const event = Buffer.from(h.fake.events[0]!.payload);
      expect(event.includes(TERMS), 'the journal event carries the terms').to.equal(false);
      const leaf = Buffer.from(journalLeaves(record)[0]!.payload).toString('utf8');
      expect(leaf).to.equal(
        `{"action":"Terms:PutTerms","type":"terms","writes":[{"deleted":false,"key":"${JOURNAL_KEY}","valueHash":"${TERMS_SHA256}"}]}`,
      );
    });

    it('writes nothing of the terms to the shared state: only the audit records naming the journal key', async () => {
      await put(h.ids.teller2, { terms: TERMS }, ['T-1', 'Org1MSP', 'Org2MSP']);

      for (const value of h.fake.state.values()) {
        expect(Buffer.from(value).includes(TERMS)).to.equal(false);
      }
      const audited = [...h.fake.state.values()].map(
        (v) => JSON.parse(Buffer.from(v).toString('utf8')) as unknown,
      );
      expect(audited).to.have.length(3);
      expect(audited[0]).to.include({ action: 'Terms:PutTerms', msp: 'Org2MSP', resource: JOURNAL_KEY });
    });

    it('refuses a caller whose org is not one of the parties, and writes nothing', async () => {
      await expect(put(h.ids.custodian3)).to.be.rejectedWith(
        LedgerError,
        '[PERMISSION_DENIED] Terms:PutTerms: caller MSP got "Org3MSP", want one of the parties "Org1MSP", "Org2MSP"',
      );
      expect(h.fake.privateState.size).to.equal(0);
      expect(h.fake.events).to.have.length(0);
    });

    it('refuses a role that neither operates accounts nor custody', async () => {
      await expect(put(h.ids.auditor1)).to.be.rejectedWith(
        LedgerError,
        '[PERMISSION_DENIED] Terms:PutTerms: attribute ledger.role got "auditor", want one of teller, custodian, admin',
      );
    });

    it('takes the terms only from the transient map: none there is INVALID_ARGUMENT naming transient.terms', async () => {
      await expect(put(h.ids.custodian1, {})).to.be.rejectedWith(
        LedgerError,
        '[INVALID_ARGUMENT] transient.terms: got nothing, want 1 to 65536 bytes',
      );
      await expect(put(h.ids.custodian1, { terms: new Uint8Array(MAX_TERMS_BYTES + 1) })).to.be.rejectedWith(
        LedgerError,
        '[INVALID_ARGUMENT] transient.terms: got 65537 bytes',
      );
      expect(h.fake.privateState.size).to.equal(0);
    });

    it('refuses the same org twice, a party MSP id a collection name cannot carry, and a bad terms id', async () => {
      await expect(put(h.ids.custodian1, undefined, ['T-1', 'Org1MSP', 'Org1MSP'])).to.be.rejectedWith(
        LedgerError,
        '[INVALID_ARGUMENT] partyB: got "Org1MSP", want an org other than partyA "Org1MSP"',
      );
      await expect(put(h.ids.custodian1, undefined, ['T-1', 'Org1MSP', 'org.two'])).to.be.rejectedWith(
        LedgerError,
        '[INVALID_ARGUMENT] partyB: got "org.two"',
      );
      await expect(put(h.ids.custodian1, undefined, ['T/1', 'Org1MSP', 'Org2MSP'])).to.be.rejectedWith(
        LedgerError,
        '[INVALID_ARGUMENT] termsId: got "T/1"',
      );
    });

    it('answers DUPLICATE_REQUEST for the same bytes again and ALREADY_EXISTS for other bytes, keeping the first', async () => {
      await put(h.ids.custodian1);

      await expect(put(h.ids.custodian2)).to.be.rejectedWith(LedgerError, '[DUPLICATE_REQUEST] termsId');
      await expect(put(h.ids.custodian2, { terms: OTHER_TERMS })).to.be.rejectedWith(
        LedgerError,
        '[ALREADY_EXISTS] termsId: terms "T-1" of Org1MSP and Org2MSP exist already with other bytes',
      );
      expect(Buffer.from(h.fake.privateState.get(`${COLLECTION}/terms/T-1`)!)).to.deep.equal(TERMS);
    });

    it('turns the peer refusing an undefined collection into NOT_FOUND naming the collection', async () => {
      h.fake.undefineCollection(COLLECTION);

      await expect(put(h.ids.custodian1)).to.be.rejectedWith(
        LedgerError,
        '[NOT_FOUND] partyA, partyB: the chaincode definition has no collection "terms-Org1MSP-Org2MSP"',
      );
    });
  });

  describe('#GetTerms and #GetTermsHash', () => {
    it("returns the terms to any role of either party, and their hash to any member's role", async () => {
      await put(h.ids.custodian1);

      const read = parse(await get(h.ids.auditor1, 'Org2MSP', 'Org1MSP'));
      const hash = parse(
        await h.evaluate(terms, h.ids.custodian3, (ctx) =>
          terms.GetTermsHash(ctx, 'T-1', 'Org1MSP', 'Org2MSP'),
        ),
      );

      expect(read).to.deep.equal({
        collection: COLLECTION,
        parties: ['Org1MSP', 'Org2MSP'],
        termsBase64: TERMS.toString('base64'),
        termsId: 'T-1',
        valueSha256: TERMS_SHA256,
      });
      expect(hash).to.deep.equal({
        collection: COLLECTION,
        parties: ['Org1MSP', 'Org2MSP'],
        termsId: 'T-1',
        valueSha256: TERMS_SHA256,
      });
      expect(parse(await get(h.ids.teller2)).termsBase64).to.equal(TERMS.toString('base64'));
    });

    it('refuses the terms to an org that is not a party, and answers NOT_FOUND for terms never written', async () => {
      await put(h.ids.custodian1);

      await expect(get(h.ids.custodian3)).to.be.rejectedWith(
        LedgerError,
        '[PERMISSION_DENIED] Terms:GetTerms: caller MSP got "Org3MSP", want one of the parties',
      );
      await expect(
        h.evaluate(terms, h.ids.teller1, (ctx) => terms.GetTerms(ctx, 'T-2', 'Org1MSP', 'Org2MSP')),
      ).to.be.rejectedWith(LedgerError, '[NOT_FOUND] termsId: no terms "T-2" of Org1MSP and Org2MSP');
      await expect(
        h.evaluate(terms, h.ids.custodian3, (ctx) => terms.GetTermsHash(ctx, 'T-2', 'Org1MSP', 'Org2MSP')),
      ).to.be.rejectedWith(LedgerError, '[NOT_FOUND] termsId');
    });
  });
});
