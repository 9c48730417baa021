import { expect } from 'chai';
import { compareText, proposalSortKey } from '@chaincode/lib/governance/ordering';

describe('governance ordering', () => {
  describe('#compareText', () => {
    it('orders by UTF-16 code units, upper case before lower case, and equal strings as equal', () => {
      expect(['Org2MSP', 'org1MSP', 'Org10MSP', 'Org1MSP'].sort(compareText)).to.deep.equal([
        'Org10MSP',
        'Org1MSP',
        'Org2MSP',
        'org1MSP',
      ]);
      expect(compareText('Org1MSP', 'Org1MSP')).to.equal(0);
      expect(compareText('a', 'b')).to.equal(-1);
      expect(compareText('b', 'a')).to.equal(1);
    });
  });

  describe('#proposalSortKey', () => {
    it('keys a proposal by creation time, then id, so the key of a later proposal sorts after', () => {
      const first = proposalSortKey({ createdAt: '2025-02-01T00:00:00.000Z', proposalId: 'zz' });
      const second = proposalSortKey({ createdAt: '2025-02-01T00:00:01.000Z', proposalId: 'aa' });
      expect(first).to.equal('2025-02-01T00:00:00.000Z/zz');
      expect(compareText(first, second)).to.equal(-1);
    });
  });
});
