import { expect } from 'chai';
import {
  checkClockSkew,
  DEFAULT_MAX_CLOCK_SKEW_SECONDS,
  maxClockSkewSeconds,
} from '@chaincode/lib/clockSkew';
import { LedgerError } from '@chaincode/lib/errors';

const NOW = 1_767_225_600_000_000_000n; // 2026-01-01T00:00:00.000Z
const SECOND = 1_000_000_000n;
const MILLI = 1_000_000n;

describe('clockSkew', () => {
  describe('#checkClockSkew', () => {
    it('allows a timestamp exactly the allowed skew behind the endorser clock', () => {
      expect(() => {
        checkClockSkew('Governance:VoteOnProposal', NOW - 300n * SECOND, NOW, 300);
      }).not.to.throw();
    });

    it('refuses a timestamp one millisecond more than the allowed skew behind, naming timestamp, clock and skew', () => {
      expect(() => {
        checkClockSkew('Governance:VoteOnProposal', NOW - 300n * SECOND - MILLI, NOW, 300);
      }).to.throw(
        LedgerError,
        "[FAILED_PRECONDITION] Governance:VoteOnProposal: transaction timestamp 2025-12-31T23:54:59.999Z is 300.001 s behind this endorsing peer's clock 2026-01-01T00:00:00.000Z; the allowed skew is 300 s (LEDGER_MAX_CLOCK_SKEW_SECONDS): not endorsed, send a new proposal with the current time",
      );
    });

    it('allows a timestamp exactly the allowed skew ahead of the endorser clock', () => {
      expect(() => {
        checkClockSkew('Journal:SubmitEvents', NOW + 300n * SECOND, NOW, 300);
      }).not.to.throw();
    });

    it('refuses a timestamp one millisecond more than the allowed skew ahead', () => {
      expect(() => {
        checkClockSkew('Journal:SubmitEvents', NOW + 300n * SECOND + MILLI, NOW, 300);
      }).to.throw(LedgerError, /is 300\.001 s ahead of this endorsing peer's clock/);
    });

    it('refuses a proposal backdated by 25 hours under the default skew', () => {
      expect(() => {
        checkClockSkew(
          'Governance:CreateProposal',
          NOW - 25n * 3600n * SECOND,
          NOW,
          DEFAULT_MAX_CLOCK_SKEW_SECONDS,
        );
      }).to.throw(LedgerError, /is 90000\.000 s behind .* the allowed skew is 300 s/);
    });
  });

  describe('#maxClockSkewSeconds', () => {
    it('is 300 s when the variable is unset or empty', () => {
      expect(maxClockSkewSeconds({})).to.equal(300);
      expect(maxClockSkewSeconds({ LEDGER_MAX_CLOCK_SKEW_SECONDS: '' })).to.equal(300);
    });

    it('reads whole seconds from 1 to 86400', () => {
      expect(maxClockSkewSeconds({ LEDGER_MAX_CLOCK_SKEW_SECONDS: '1' })).to.equal(1);
      expect(maxClockSkewSeconds({ LEDGER_MAX_CLOCK_SKEW_SECONDS: '86400' })).to.equal(86_400);
    });

    for (const bad of ['0', '86401', '-5', '1.5', '5m', ' 30']) {
      it(`refuses ${JSON.stringify(bad)}, naming the setting`, () => {
        expect(() => maxClockSkewSeconds({ LEDGER_MAX_CLOCK_SKEW_SECONDS: bad })).to.throw(
          LedgerError,
          `[FAILED_PRECONDITION] chaincode setting LEDGER_MAX_CLOCK_SKEW_SECONDS got ${JSON.stringify(bad)}, want an integer number of seconds from 1 to 86400`,
        );
      });
    }
  });
});
