import { expect } from 'chai';
import { recoveryMs } from '@test-support/faults/workload';

describe('fault workload', function () {
  describe('#recoveryMs', function () {
    it('measures from the fault to the end of the longest stall after it', function () {
      const acks = [900, 1000, 1100, 1200, 9000, 9100, 9300];
      expect(recoveryMs(acks, 1050)).to.equal(9000 - 1050);
    });

    it('measures to the first acknowledgement when nothing stalled for a second', function () {
      expect(recoveryMs([100, 600, 1200, 1700], 500)).to.equal(100);
    });

    it('is undefined when nothing was acknowledged after the fault', function () {
      expect(recoveryMs([100, 200], 500)).to.equal(undefined);
    });
  });
});
