import { expect } from 'chai';
import { jsonOrFile, PolicyArgumentError, policyChangeOf } from '@gateway/governance/policyArgs';

const POLICY = { thresholdPercentage: 66, proposalDurationInHours: 24, thresholdComparator: 'GREATER_THAN' };
const files: Readonly<Record<string, string>> = { 'policy.json': JSON.stringify(POLICY) };
const readFile = (file: string): string => {
  const text = files[file];
  if (text === undefined) throw new Error('ENOENT: no such file');
  return text;
};

describe('policyArgs', () => {
  describe('#jsonOrFile', () => {
    it('parses JSON text given inline and the same text from a file', () => {
      expect(jsonOrFile('--policy', JSON.stringify(POLICY), readFile)).to.deep.equal(POLICY);
      expect(jsonOrFile('--policy', 'policy.json', readFile)).to.deep.equal(POLICY);
    });

    it('names the flag for a missing file and for text that is not JSON', () => {
      expect(() => jsonOrFile('--policy', 'missing.json', readFile)).to.throw(
        PolicyArgumentError,
        /^--policy: cannot read file "missing\.json": ENOENT/,
      );
      expect(() => jsonOrFile('--policy', '{"thresholdPercentage":', readFile)).to.throw(
        PolicyArgumentError,
        /^--policy: got text that is not JSON/,
      );
    });
  });

  describe('#policyChangeOf', () => {
    it('builds a default-policy change from --policy', () => {
      expect(policyChangeOf(POLICY, [], readFile)).to.deep.equal({ policy: POLICY });
    });

    it('builds per-action policies from --action-policy, null dropping one', () => {
      expect(policyChangeOf(undefined, ['INVITE=policy.json', 'REMOVE=null'], readFile)).to.deep.equal({
        actionPolicies: { INVITE: POLICY, REMOVE: null },
      });
    });

    it('is undefined without either flag', () => {
      expect(policyChangeOf(undefined, [], readFile)).to.equal(undefined);
    });

    it('names the field of a policy out of range', () => {
      expect(() => policyChangeOf({ ...POLICY, thresholdPercentage: 101 }, [], readFile)).to.throw(
        PolicyArgumentError,
        '--policy.thresholdPercentage: got 101, want an integer from 0 to 100',
      );
    });

    it('names the action and field of a bad action policy', () => {
      expect(() =>
        policyChangeOf(
          undefined,
          [
            'INVITE={"thresholdPercentage":50,"proposalDurationInHours":0,"thresholdComparator":"GREATER_THAN"}',
          ],
          readFile,
        ),
      ).to.throw(
        PolicyArgumentError,
        /^--action-policy INVITE\.proposalDurationInHours: got 0, want an integer from 1 to 168$/,
      );
    });

    it('refuses an unknown kind of action', () => {
      expect(() => policyChangeOf(undefined, ['UPGRADE=null'], readFile)).to.throw(
        PolicyArgumentError,
        '--action-policy: got "UPGRADE=null", want KIND=POLICY with KIND one of INVITE, REMOVE, POLICY_CHANGE, VEPS_KEYS',
      );
    });
  });
});
