import { expect } from 'chai';
import { proveTerms, termsLocation } from '@gateway/terms/termsProof';

const TERMS = Buffer.from('{"currency":"USD","price":"1250.00","incoterm":"FCA"}', 'utf8');
/** `printf '%s' '{"currency":"USD","price":"1250.00","incoterm":"FCA"}' | sha256sum` */
const TERMS_SHA256 = 'a16d5e9bdecdd8ba15ab321ee8c16a2eea1eb0c0ffad22a5478845af1e9f1c03';
const KEY = 'private/terms-Org1MSP-Org2MSP/terms/T-1';

/** The seal payload of a terms write entry: its canonical JSON, as the chaincode journals it. */
const sealPayload = (type: string, key: string, valueHash: string): Uint8Array =>
  Buffer.from(
    `{"action":"Terms:PutTerms","type":"${type}","writes":[{"deleted":false,"key":"${key}","valueHash":"${valueHash}"}]}`,
    'utf8',
  );

describe('termsProof', () => {
  describe('termsLocation', () => {
    it('names the collection of the two parties sorted, and the journal key under it, in either order', () => {
      const expected = { collection: 'terms-Org1MSP-Org2MSP', journalKey: KEY };

      expect(termsLocation('T-1', 'Org2MSP', 'Org1MSP')).to.deep.equal(expected);
      expect(termsLocation('T-1', 'Org1MSP', 'Org2MSP')).to.deep.equal(expected);
    });

    it('refuses one org as both parties, naming partyB', () => {
      expect(() => termsLocation('T-1', 'Org1MSP', 'Org1MSP')).to.throw('[INVALID_ARGUMENT] partyB');
    });
  });

  describe('proveTerms', () => {
    it('accepts terms whose SHA-256 is the value hash the sealed terms entry wrote for their key', () => {
      expect(proveTerms(TERMS, sealPayload('terms', KEY, TERMS_SHA256), KEY)).to.deep.equal({
        ok: true,
        valueSha256: TERMS_SHA256,
      });
    });

    it('refuses tampered terms, naming both hashes', () => {
      const tampered = Buffer.from(TERMS.toString('utf8').replace('1250.00', '1.00'), 'utf8');

      const outcome = proveTerms(tampered, sealPayload('terms', KEY, TERMS_SHA256), KEY);

      expect(outcome.ok).to.equal(false);
      expect(outcome.ok ? '' : outcome.failed).to.match(
        new RegExp(`^terms: the value hashes to [0-9a-f]{64}, the journal sealed ${TERMS_SHA256} for `),
      );
    });

    it('refuses an entry of another type, one that writes another key, and a payload that is not JSON', () => {
      const failed = (payload: Uint8Array): string => {
        const outcome = proveTerms(TERMS, payload, KEY);
        return outcome.ok ? 'ok' : outcome.failed;
      };

      expect(failed(sealPayload('account', KEY, TERMS_SHA256))).to.equal(
        'seal.payload: entry type "account", want a "terms" write entry',
      );
      expect(failed(sealPayload('terms', `${KEY}x`, TERMS_SHA256))).to.equal(
        `seal.payload: the entry writes no "${KEY}"`,
      );
      expect(failed(Buffer.from('not json'))).to.match(/^seal\.payload: not JSON/);
    });
  });
});
