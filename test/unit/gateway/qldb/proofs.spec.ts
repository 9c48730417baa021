import { expect } from 'chai';
import { dom, load } from 'ion-js';
import { parseJournalBlock } from '@gateway/qldb/journalBlock';
import {
  parseDigestOutput,
  parseGetBlockOutput,
  parseGetRevisionOutput,
  parseProof,
  verifyRevisionProof,
} from '@gateway/qldb/proofs';
import { QldbVerificationError } from '@gateway/qldb/verifyBlock';
import { blockText, digestAndProofs, typicalStrand, type BlockModel } from '@test-support/qldbExportBuilder';

const strand = typicalStrand('StrandA', 6);
const answers = digestAndProofs(strand, 5);
const digest = parseDigestOutput(JSON.parse(answers.digestJson), 'digest.json');
const exported = (n: number): ReturnType<typeof parseJournalBlock> =>
  parseJournalBlock(load(blockText(strand[n] as BlockModel)) as dom.Value, 't', true);

describe('QLDB proofs', () => {
  it('reads get-digest output: the digest and its tip address', () => {
    expect(digest.tipAddress).to.deep.equal({ strandId: 'StrandA', sequenceNo: 5 });
    expect(Buffer.from(digest.digest).equals(answers.digest)).to.equal(true);
  });

  it('refuses a digest that is not the base64 of 32 bytes', () => {
    expect(() =>
      parseDigestOutput({ Digest: 'aGVsbG8=', DigestTipAddress: { IonText: '{}' } }, 'd.json'),
    ).to.throw('d.json: Digest is not the base64 of 32 bytes');
  });

  it('reads a proof as a list of 32-byte hashes and refuses a short one, naming its index', () => {
    expect(
      parseProof({ Proof: { IonText: `[{{${Buffer.alloc(32).toString('base64')}}}]` } }, 'p'),
    ).to.have.length(1);
    expect(() => parseProof({ Proof: { IonText: '[{{aGVsbG8=}}]' } }, 'p')).to.throw(
      'Proof[0] is not 32 bytes',
    );
    expect(() => parseProof({ Proof: {} }, 'p')).to.throw('Proof.IonText is missing');
  });

  it('reads get-block output: address, block hash and proof', () => {
    const answer = parseGetBlockOutput(JSON.parse(answers.blockJson(3)), 'b.json');
    expect(answer.address).to.deep.equal({ strandId: 'StrandA', sequenceNo: 3 });
    expect(answer.proof.length).to.be.greaterThan(0);
  });

  it('folds a redacted revision proof to the digest, recomputing its hash from the data hash', () => {
    const answer = parseGetRevisionOutput(JSON.parse(answers.revisionJson(4, 2)), 'r.json');
    const report = verifyRevisionProof(answer, digest, exported(4), 'r.json');
    expect(report.revision).to.include({ kind: 'redacted', level: 'recomputed-from-data-hash' });
  });

  it('refuses a revision the exported block does not list', () => {
    const answer = parseGetRevisionOutput(JSON.parse(answers.revisionJson(4, 0)), 'r.json');
    expect(() => verifyRevisionProof(answer, digest, exported(3), 'r.json')).to.throw(
      QldbVerificationError,
      'Revision.hash',
    );
  });

  it('refuses a revision proof folded against another digest', () => {
    const answer = parseGetRevisionOutput(JSON.parse(answers.revisionJson(4, 0)), 'r.json');
    const older = parseDigestOutput(JSON.parse(digestAndProofs(strand, 4).digestJson), 'old.json');
    expect(() => verifyRevisionProof(answer, older, exported(4), 'r.json')).to.throw(
      QldbVerificationError,
      'Proof',
    );
  });
});
