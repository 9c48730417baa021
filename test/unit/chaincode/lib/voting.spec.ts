import { expect } from 'chai';
import { LedgerError } from '@chaincode/lib/errors';
import {
  adminsSignaturePolicy,
  adminsSignatureRule,
  comparePolicyStrictness,
  decideStatus,
  NANOS_PER_HOUR,
  parseApprovalThresholdPolicy,
  proposalExpiry,
  requiredYesVotes,
  stricterPolicy,
  thresholdMet,
  ThresholdComparator,
  VotingStatus,
  type ApprovalThresholdPolicy,
} from '@chaincode/lib/voting';

const GT = ThresholdComparator.GREATER_THAN;
const GTE = ThresholdComparator.GREATER_THAN_OR_EQUAL_TO;
const { IN_PROGRESS, APPROVED, REJECTED, EXPIRED } = VotingStatus;

const policy = (pct: number, comparator: ThresholdComparator, hours = 24): ApprovalThresholdPolicy => ({
  thresholdPercentage: pct,
  proposalDurationInHours: hours,
  thresholdComparator: comparator,
});

/** 2025-01-01T00:00:00Z in nanoseconds. */
const T0 = 1_735_689_600_000_000_000n;

/** Independent oracle: exact rational comparison with bigints, plus "at least one YES". */
function oracleMet(yes: number, members: number, p: ApprovalThresholdPolicy): boolean {
  const lhs = BigInt(yes) * 100n;
  const rhs = BigInt(p.thresholdPercentage) * BigInt(members);
  return yes >= 1 && (p.thresholdComparator === GT ? lhs > rhs : lhs >= rhs);
}

const ALL_POLICIES: ApprovalThresholdPolicy[] = [];
for (let pct = 0; pct <= 100; pct += 1) {
  ALL_POLICIES.push(policy(pct, GTE));
  if (pct < 100) {
    ALL_POLICIES.push(policy(pct, GT));
  }
}

describe('voting', () => {
  describe('#parseApprovalThresholdPolicy', () => {
    it('accepts the bounds of every field and returns only the three fields', () => {
      expect(parseApprovalThresholdPolicy('policy', policy(0, GT, 1))).to.deep.equal(policy(0, GT, 1));
      expect(parseApprovalThresholdPolicy('policy', policy(100, GTE, 168))).to.deep.equal(
        policy(100, GTE, 168),
      );
      expect(parseApprovalThresholdPolicy('policy', policy(50, GT, 24))).to.deep.equal(policy(50, GT, 24));
      const minutes = { thresholdPercentage: 50, proposalDurationInMinutes: 1, thresholdComparator: GT };
      expect(parseApprovalThresholdPolicy('policy', minutes)).to.deep.equal(minutes);
      const week = { ...minutes, proposalDurationInMinutes: 10_080 };
      expect(parseApprovalThresholdPolicy('policy', week)).to.deep.equal(week);
    });

    const invalid: [string, unknown, RegExp][] = [
      ['null', null, /^\[INVALID_ARGUMENT\] policy: got null, want an object with thresholdPercentage/],
      ['an array', [], /^\[INVALID_ARGUMENT\] policy: got \[\], want an object/],
      ['a string', '50', /^\[INVALID_ARGUMENT\] policy: got "50", want an object/],
      [
        'an extra field',
        { ...policy(50, GT), quorum: 2 },
        /^\[INVALID_ARGUMENT\] policy\.quorum: got 2, want no such field; only thresholdPercentage, proposalDurationInHours, proposalDurationInMinutes, thresholdComparator$/,
      ],
      [
        'both duration fields',
        { ...policy(50, GT), proposalDurationInMinutes: 30 },
        /^\[INVALID_ARGUMENT\] policy\.proposalDurationInHours: got "proposalDurationInHours and proposalDurationInMinutes", want exactly one of proposalDurationInHours \(whole hours 1 to 168\) and proposalDurationInMinutes \(whole minutes 1 to 10080\)$/,
      ],
      [
        'no duration',
        { thresholdPercentage: 50, thresholdComparator: GT },
        /^\[INVALID_ARGUMENT\] policy\.proposalDurationInHours: got nothing, want exactly one of/,
      ],
      [
        'a duration of 0 minutes',
        { thresholdPercentage: 50, proposalDurationInMinutes: 0, thresholdComparator: GT },
        /^\[INVALID_ARGUMENT\] policy\.proposalDurationInMinutes: got 0, want an integer from 1 to 10080$/,
      ],
      [
        'a duration of 10081 minutes',
        { thresholdPercentage: 50, proposalDurationInMinutes: 10_081, thresholdComparator: GT },
        /^\[INVALID_ARGUMENT\] policy\.proposalDurationInMinutes: got 10081,/,
      ],
      [
        'a missing percentage',
        { proposalDurationInHours: 24, thresholdComparator: GT },
        /^\[INVALID_ARGUMENT\] policy\.thresholdPercentage: got nothing, want an integer from 0 to 100$/,
      ],
      [
        'a percentage of 101',
        policy(101, GTE),
        /^\[INVALID_ARGUMENT\] policy\.thresholdPercentage: got 101, want an integer from 0 to 100$/,
      ],
      [
        'a negative percentage',
        policy(-1, GTE),
        /^\[INVALID_ARGUMENT\] policy\.thresholdPercentage: got -1,/,
      ],
      [
        'a fractional percentage',
        policy(50.5, GTE),
        /^\[INVALID_ARGUMENT\] policy\.thresholdPercentage: got 50\.5,/,
      ],
      [
        'a percentage as a string',
        { ...policy(50, GT), thresholdPercentage: '50' },
        /^\[INVALID_ARGUMENT\] policy\.thresholdPercentage: got "50",/,
      ],
      [
        'a duration of 0 hours',
        policy(50, GT, 0),
        /^\[INVALID_ARGUMENT\] policy\.proposalDurationInHours: got 0, want an integer from 1 to 168$/,
      ],
      [
        'a duration of 169 hours',
        policy(50, GT, 169),
        /^\[INVALID_ARGUMENT\] policy\.proposalDurationInHours: got 169,/,
      ],
      [
        'a fractional duration',
        policy(50, GT, 1.5),
        /^\[INVALID_ARGUMENT\] policy\.proposalDurationInHours: got 1\.5,/,
      ],
      [
        'a lowercase comparator',
        { ...policy(50, GT), thresholdComparator: 'greater_than' },
        /^\[INVALID_ARGUMENT\] policy\.thresholdComparator: got "greater_than", want one of GREATER_THAN, GREATER_THAN_OR_EQUAL_TO$/,
      ],
      [
        '100 % GREATER_THAN, which can never be met',
        policy(100, GT),
        /^\[INVALID_ARGUMENT\] policy\.thresholdComparator: got "GREATER_THAN", want GREATER_THAN_OR_EQUAL_TO with thresholdPercentage 100/,
      ],
    ];
    for (const [what, value, message] of invalid) {
      it(`rejects ${what}`, () => {
        expect(() => parseApprovalThresholdPolicy('policy', value))
          .to.throw(LedgerError, message)
          .with.property('code', 'INVALID_ARGUMENT');
      });
    }

    it('names the field path it was given', () => {
      expect(() =>
        parseApprovalThresholdPolicy('consortiumJson.actionPolicies.INVITE', policy(50, GT, 0)),
      ).to.throw(
        /^\[INVALID_ARGUMENT\] consortiumJson\.actionPolicies\.INVITE\.proposalDurationInHours: got 0,/,
      );
    });
  });

  describe('#thresholdMet', () => {
    const cases: [number, number, ApprovalThresholdPolicy, boolean][] = [
      // yes, members, policy, met
      [1, 2, policy(50, GT), false], // 100 > 100 is false
      [1, 2, policy(50, GTE), true], // 100 >= 100
      [2, 2, policy(50, GT), true],
      [3, 6, policy(50, GT), false], // a 3-3 tie does not pass GREATER_THAN
      [3, 6, policy(50, GTE), true],
      [4, 6, policy(50, GT), true],
      [2, 3, policy(66, GT), true], // 200 > 198
      [2, 3, policy(67, GTE), false], // 200 < 201
      [3, 4, policy(75, GT), false], // 300 > 300 is false
      [3, 4, policy(75, GTE), true],
      [4, 5, policy(100, GTE), false],
      [5, 5, policy(100, GTE), true],
      [0, 5, policy(0, GTE), false], // 0 >= 0, but no YES vote at all
      [0, 5, policy(0, GT), false],
      [1, 5, policy(0, GTE), true],
      [1, 5, policy(0, GT), true],
      [1, 1, policy(99, GT), true],
      [1, 10_000, policy(1, GTE), false],
      [100, 10_000, policy(1, GTE), true],
      [100, 10_000, policy(1, GT), false],
    ];
    for (const [yes, members, p, met] of cases) {
      it(`${met ? 'is' : 'is not'} met by ${yes} YES of ${members} at ${p.thresholdPercentage} % ${p.thresholdComparator}`, () => {
        expect(thresholdMet(yes, members, p)).to.equal(met);
      });
    }

    it('agrees with exact rational arithmetic for every policy, 1 to 12 members and every YES count', () => {
      for (const p of ALL_POLICIES) {
        for (let members = 1; members <= 12; members += 1) {
          for (let yes = 0; yes <= members; yes += 1) {
            expect(thresholdMet(yes, members, p), `${yes}/${members} ${JSON.stringify(p)}`).to.equal(
              oracleMet(yes, members, p),
            );
          }
        }
      }
    });

    it('rejects counts out of range', () => {
      expect(() => thresholdMet(3, 2, policy(50, GT))).to.throw(
        /^\[INVALID_ARGUMENT\] yes: got 3, want an integer from 0 to 2$/,
      );
      expect(() => thresholdMet(-1, 2, policy(50, GT))).to.throw(/^\[INVALID_ARGUMENT\] yes: got -1,/);
      expect(() => thresholdMet(1.5, 2, policy(50, GT))).to.throw(/^\[INVALID_ARGUMENT\] yes: got 1\.5,/);
      expect(() => thresholdMet(0, 0, policy(50, GT))).to.throw(
        /^\[INVALID_ARGUMENT\] memberCount: got 0, want an integer from 1 to 10000$/,
      );
      expect(() => thresholdMet(0, 10_001, policy(50, GT))).to.throw(
        /^\[INVALID_ARGUMENT\] memberCount: got 10001,/,
      );
    });
  });

  describe('#requiredYesVotes', () => {
    it('is the smallest YES count that meets the threshold, for every policy and 1 to 40 members', () => {
      for (const p of ALL_POLICIES) {
        for (let members = 1; members <= 40; members += 1) {
          let smallest = 1;
          while (!oracleMet(smallest, members, p)) {
            smallest += 1;
          }
          expect(requiredYesVotes(members, p), `${members} members ${JSON.stringify(p)}`).to.equal(smallest);
          expect(smallest).to.be.at.most(members);
        }
      }
    });

    it('stays exact where floating point would not (pct * members a multiple of 100 at large counts)', () => {
      expect(requiredYesVotes(10_000, policy(29, GTE))).to.equal(2900);
      expect(requiredYesVotes(10_000, policy(29, GT))).to.equal(2901);
      expect(requiredYesVotes(9_999, policy(57, GTE))).to.equal(5700); // 569943 / 100 = 5699.43 -> 5700
      expect(requiredYesVotes(100, policy(57, GT))).to.equal(58);
    });
  });

  describe('#proposalExpiry', () => {
    it('adds the duration in whole hours of nanoseconds', () => {
      expect(NANOS_PER_HOUR).to.equal(3_600_000_000_000n);
      expect(proposalExpiry(T0, policy(50, GT, 1))).to.equal(T0 + 3_600_000_000_000n);
      expect(proposalExpiry(T0, policy(50, GT, 24))).to.equal(T0 + 86_400_000_000_000n);
      expect(proposalExpiry(T0 + 7n, policy(50, GT, 168))).to.equal(T0 + 7n + 604_800_000_000_000n);
    });

    it('adds a duration given in minutes', () => {
      const oneMinute = { thresholdPercentage: 50, proposalDurationInMinutes: 1, thresholdComparator: GT };
      expect(proposalExpiry(T0, oneMinute)).to.equal(T0 + 60_000_000_000n);
      expect(proposalExpiry(T0, { ...oneMinute, proposalDurationInMinutes: 90 })).to.equal(
        T0 + 5_400_000_000_000n,
      );
    });
  });

  describe('#decideStatus', () => {
    const open = T0 + NANOS_PER_HOUR; // an hour in, well before a 24 h expiry
    const expiry = proposalExpiry(T0, policy(50, GT, 24));
    const cases: [string, number, number, number, ApprovalThresholdPolicy, bigint, VotingStatus][] = [
      // description, yes, no, members, policy, now, status
      ['no votes yet', 0, 0, 3, policy(50, GT), open, IN_PROGRESS],
      ['no votes yet, at the very creation instant', 0, 0, 3, policy(50, GT), T0, IN_PROGRESS],
      ['2 YES of 3 at 50 % GREATER_THAN', 2, 0, 3, policy(50, GT), open, APPROVED],
      [
        '1 YES 1 NO of 3 at 50 % GREATER_THAN (the last vote decides)',
        1,
        1,
        3,
        policy(50, GT),
        open,
        IN_PROGRESS,
      ],
      ['1 YES 2 NO of 3 at 50 % GREATER_THAN', 1, 2, 3, policy(50, GT), open, REJECTED],
      ['3 YES 3 NO of 6 at 50 % GREATER_THAN: a tie is REJECTED', 3, 3, 6, policy(50, GT), open, REJECTED],
      [
        '3 YES 3 NO of 6 at 50 % GREATER_THAN_OR_EQUAL_TO: a tie is APPROVED',
        3,
        3,
        6,
        policy(50, GTE),
        open,
        APPROVED,
      ],
      [
        '3 YES 2 NO of 6 at 50 % GREATER_THAN: one vote left could still make 4',
        3,
        2,
        6,
        policy(50, GT),
        open,
        IN_PROGRESS,
      ],
      ['1 YES of 2 at 50 % GREATER_THAN_OR_EQUAL_TO', 1, 0, 2, policy(50, GTE), open, APPROVED],
      ['1 YES of 2 at 50 % GREATER_THAN', 1, 0, 2, policy(50, GT), open, IN_PROGRESS],
      ['0 YES 1 NO of 2 at 50 % GREATER_THAN', 0, 1, 2, policy(50, GT), open, REJECTED],
      ['4 YES of 5 at 100 %', 4, 0, 5, policy(100, GTE), open, IN_PROGRESS],
      ['5 YES of 5 at 100 %', 5, 0, 5, policy(100, GTE), open, APPROVED],
      ['one NO at 100 %', 0, 1, 5, policy(100, GTE), open, REJECTED],
      [
        'no votes at 0 % GREATER_THAN_OR_EQUAL_TO: one YES is still needed',
        0,
        0,
        4,
        policy(0, GTE),
        open,
        IN_PROGRESS,
      ],
      ['one YES at 0 % GREATER_THAN_OR_EQUAL_TO', 1, 3, 4, policy(0, GTE), open, APPROVED],
      ['one YES at 0 % GREATER_THAN', 1, 0, 4, policy(0, GT), open, APPROVED],
      ['every member NO at 0 %', 0, 4, 4, policy(0, GT), open, REJECTED],
      ['3 NO of 4 at 0 %: the last member may still say YES', 0, 3, 4, policy(0, GTE), open, IN_PROGRESS],
      ['2 YES of 3 at 66 % GREATER_THAN (200 > 198)', 2, 0, 3, policy(66, GT), open, APPROVED],
      [
        '2 YES 1 NO of 3 at 67 % GREATER_THAN_OR_EQUAL_TO (200 < 201)',
        2,
        1,
        3,
        policy(67, GTE),
        open,
        REJECTED,
      ],
      ['3 YES of 4 at 75 % GREATER_THAN', 3, 0, 4, policy(75, GT), open, IN_PROGRESS],
      ['3 YES 1 NO of 4 at 75 % GREATER_THAN', 3, 1, 4, policy(75, GT), open, REJECTED],
      ['3 YES of 4 at 75 % GREATER_THAN_OR_EQUAL_TO', 3, 0, 4, policy(75, GTE), open, APPROVED],
      ['one nanosecond before expiry', 1, 0, 3, policy(50, GT), expiry - 1n, IN_PROGRESS],
      ['exactly at expiry', 1, 0, 3, policy(50, GT), expiry, EXPIRED],
      ['long after expiry', 0, 0, 3, policy(50, GT), expiry + 365n * 24n * NANOS_PER_HOUR, EXPIRED],
      ['at expiry after approval: stays APPROVED', 2, 0, 3, policy(50, GT), expiry, APPROVED],
      ['at expiry after rejection: stays REJECTED', 0, 2, 3, policy(50, GT), expiry, REJECTED],
      ['at the one-hour expiry of a 1 h policy', 0, 0, 3, policy(50, GT, 1), T0 + NANOS_PER_HOUR, EXPIRED],
      [
        'just before the one-week expiry of a 168 h policy',
        0,
        0,
        3,
        policy(50, GT, 168),
        T0 + 168n * NANOS_PER_HOUR - 1n,
        IN_PROGRESS,
      ],
    ];
    for (const [what, yes, no, members, p, now, status] of cases) {
      it(`is ${status} with ${what}`, () => {
        expect(decideStatus(yes, no, members, p, T0, now)).to.equal(status);
      });
    }

    it('agrees with a brute-force oracle over every tally of up to 8 members', () => {
      for (const p of ALL_POLICIES.filter((_, index) => index % 3 === 0 || index > 195)) {
        for (let members = 1; members <= 8; members += 1) {
          for (let yes = 0; yes <= members; yes += 1) {
            for (let no = 0; yes + no <= members; no += 1) {
              const outstanding = members - yes - no;
              const approved = oracleMet(yes, members, p);
              const reachable = Array.from({ length: outstanding + 1 }, (_, k) =>
                oracleMet(yes + k, members, p),
              ).some(Boolean);
              const want = approved ? APPROVED : reachable ? IN_PROGRESS : REJECTED;
              expect(
                decideStatus(yes, no, members, p, T0, open),
                `${yes}/${no} of ${members} ${JSON.stringify(p)}`,
              ).to.equal(want);
            }
          }
        }
      }
    });

    it('rejects impossible tallies and clocks', () => {
      expect(() => decideStatus(2, 2, 3, policy(50, GT), T0, open)).to.throw(
        /^\[INVALID_ARGUMENT\] no: got 2, want an integer from 0 to 1$/,
      );
      expect(() => decideStatus(4, 0, 3, policy(50, GT), T0, open)).to.throw(
        /^\[INVALID_ARGUMENT\] yes: got 4,/,
      );
      expect(() => decideStatus(0, -1, 3, policy(50, GT), T0, open)).to.throw(
        /^\[INVALID_ARGUMENT\] no: got -1,/,
      );
      expect(() => decideStatus(0, 0, 0, policy(50, GT), T0, open)).to.throw(
        /^\[INVALID_ARGUMENT\] memberCount: got 0,/,
      );
      expect(() => decideStatus(0, 0, 3, policy(50, GT), T0, T0 - 1n)).to.throw(
        /^\[INVALID_ARGUMENT\] now: got 1735689599999999999n, want an instant at or after createdAt 1735689600000000000n$/,
      );
    });
  });

  describe('#stricterPolicy', () => {
    it('compares a window in minutes with one in hours by its length', () => {
      const ninetyMinutes = {
        thresholdPercentage: 50,
        proposalDurationInMinutes: 90,
        thresholdComparator: GT,
      };
      const oneHour = policy(50, GT, 1);
      expect(stricterPolicy([oneHour, ninetyMinutes], 3)).to.equal(ninetyMinutes);
      expect(stricterPolicy([policy(50, GT, 2), ninetyMinutes], 3)).to.deep.equal(policy(50, GT, 2));
    });

    const invite = policy(75, GTE, 48);
    const remove = policy(90, GTE, 72);
    const change = policy(66, GTE, 24);

    it('returns the only policy of a single-kind proposal', () => {
      expect(stricterPolicy([invite], 2)).to.equal(invite);
    });

    it('picks the policy that needs more YES votes', () => {
      // 10 members: 75 % -> 8 votes, 90 % -> 9, 66 % -> 7.
      expect(stricterPolicy([invite, remove], 10)).to.equal(remove);
      expect(stricterPolicy([remove, invite], 10)).to.equal(remove);
      expect(stricterPolicy([change, invite], 10)).to.equal(invite);
      expect(stricterPolicy([change, invite, remove], 10)).to.equal(remove);
    });

    it('breaks a tie in votes by the higher percentage', () => {
      // 2 members: 75 %, 90 % and 66 % all need 2 votes.
      expect(requiredYesVotes(2, invite)).to.equal(requiredYesVotes(2, remove));
      expect(stricterPolicy([invite, remove], 2)).to.equal(remove);
      expect(stricterPolicy([change, invite], 2)).to.equal(invite);
    });

    it('breaks a tie in votes and percentage by GREATER_THAN over GREATER_THAN_OR_EQUAL_TO', () => {
      // 3 members: 50 % GREATER_THAN and 50 % GREATER_THAN_OR_EQUAL_TO both need 2 votes.
      expect(stricterPolicy([policy(50, GTE), policy(50, GT)], 3)).to.deep.equal(policy(50, GT));
      expect(stricterPolicy([policy(50, GT), policy(50, GTE)], 3)).to.deep.equal(policy(50, GT));
    });

    it('breaks a full tie in votes, percentage and comparator by the longer duration', () => {
      expect(stricterPolicy([policy(66, GTE, 24), policy(66, GTE, 72)], 3)).to.deep.equal(
        policy(66, GTE, 72),
      );
      expect(stricterPolicy([policy(66, GTE, 72), policy(66, GTE, 24)], 3)).to.deep.equal(
        policy(66, GTE, 72),
      );
    });

    it('keeps the first of two identical policies', () => {
      const a = policy(50, GT);
      const b = policy(50, GT);
      expect(stricterPolicy([a, b], 3)).to.equal(a);
      expect(comparePolicyStrictness(a, b, 3)).to.equal(0);
    });

    it('is a total order consistent with the YES votes needed', () => {
      const sample = ALL_POLICIES.filter((_, index) => index % 7 === 0);
      for (const a of sample) {
        for (const b of sample) {
          const order = comparePolicyStrictness(a, b, 5);
          expect(Math.sign(order)).to.equal(-Math.sign(comparePolicyStrictness(b, a, 5)));
          if (requiredYesVotes(5, a) > requiredYesVotes(5, b)) {
            expect(order).to.be.greaterThan(0);
          }
        }
      }
    });

    it('rejects an empty list', () => {
      expect(() => stricterPolicy([], 3)).to.throw(
        /^\[INVALID_ARGUMENT\] policies: got \[\], want at least one policy$/,
      );
    });
  });

  describe('#adminsSignaturePolicy', () => {
    // The table of channel-config/GOVERNANCE.md: N of OutOf(N, member admins) for 2, 3, 4 and 5 members.
    const table: [ApprovalThresholdPolicy, [number, number, number, number]][] = [
      [policy(50, GT), [2, 2, 3, 3]],
      [policy(50, GTE), [1, 2, 2, 3]],
      [policy(66, GT), [2, 2, 3, 4]],
      [policy(66, GTE), [2, 2, 3, 4]],
      [policy(75, GT), [2, 3, 4, 4]],
      [policy(75, GTE), [2, 3, 3, 4]],
      [policy(100, GTE), [2, 3, 4, 5]],
      [policy(0, GT), [1, 1, 1, 1]],
      [policy(0, GTE), [1, 1, 1, 1]],
    ];
    for (const [p, counts] of table) {
      it(`needs ${counts.join(', ')} signatures of 2, 3, 4, 5 members at ${p.thresholdPercentage} % ${p.thresholdComparator}`, () => {
        expect([2, 3, 4, 5].map((members) => adminsSignaturePolicy(members, p))).to.deep.equal(counts);
      });
    }

    it('turns 50 % GREATER_THAN of 3 members into 2-of-3', () => {
      expect(adminsSignaturePolicy(3, policy(50, GT))).to.equal(2);
    });

    it('matches the YES votes a proposal needs, so an approved change can always collect its signatures', () => {
      for (const p of ALL_POLICIES) {
        for (let members = 1; members <= 20; members += 1) {
          const n = adminsSignaturePolicy(members, p);
          expect(n).to.equal(requiredYesVotes(members, p));
          expect(n).to.be.within(1, members);
        }
      }
    });

    it('rejects a channel without members', () => {
      expect(() => adminsSignaturePolicy(0, policy(50, GT))).to.throw(
        /^\[INVALID_ARGUMENT\] memberCount: got 0,/,
      );
    });
  });

  describe('#adminsSignatureRule', () => {
    it('writes an OutOf rule over the sorted, distinct member admins', () => {
      expect(adminsSignatureRule(['Org3MSP', 'Org1MSP', 'Org2MSP', 'Org1MSP'], policy(50, GT))).to.equal(
        "OutOf(2, 'Org1MSP.admin', 'Org2MSP.admin', 'Org3MSP.admin')",
      );
      expect(adminsSignatureRule(['Org1MSP', 'Org2MSP'], policy(50, GT))).to.equal(
        "OutOf(2, 'Org1MSP.admin', 'Org2MSP.admin')",
      );
      expect(adminsSignatureRule(['Org1MSP', 'Org2MSP'], policy(50, GTE))).to.equal(
        "OutOf(1, 'Org1MSP.admin', 'Org2MSP.admin')",
      );
    });

    it('rejects an empty member list', () => {
      expect(() => adminsSignatureRule([], policy(50, GT))).to.throw(
        /^\[INVALID_ARGUMENT\] memberCount: got 0,/,
      );
    });
  });
});
