import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { expect } from 'chai';
import { LedgerError } from '@chaincode/lib/errors';
import {
  parseActions,
  parseConsortium,
  parseDescription,
  parseOutcome,
  parseProposalBookmark,
  parseStatusFilter,
  parseVote,
} from '@chaincode/lib/governance/requests';
import { parse } from '../../harness';
import { CERT, CONSORTIUM_FILE, GT, GTE, invitation, policy, THREE_MEMBERS } from '../../governanceFixtures';

describe('governance requests', () => {
  describe('#parseConsortium', () => {
    it('parses channel-config/consortium.json: members sorted by MSP id, off-chain fields dropped', () => {
      const definition = parseConsortium(CONSORTIUM_FILE);
      expect(definition).to.deep.equal({
        networkName: 'ledger-consortium',
        members: [
          { mspId: 'Org1MSP', displayName: 'Org1' },
          { mspId: 'Org2MSP', displayName: 'Org2' },
        ],
        policy: policy(50, GT, 24),
        actionPolicies: {
          INVITE: policy(75, GTE, 48),
          REMOVE: policy(90, GTE, 72),
          POLICY_CHANGE: policy(66, GTE, 24),
        },
      });
    });

    it('parses a definition without per-action policies to none, members in MSP id order', () => {
      const definition = parseConsortium(THREE_MEMBERS);
      expect(definition.actionPolicies).to.deep.equal({});
      expect(definition.members.map((m) => m.mspId)).to.deep.equal(['Org1MSP', 'Org2MSP', 'Org3MSP']);
    });

    const base = parse(CONSORTIUM_FILE);
    const malformed: [string, string, RegExp][] = [
      [
        'text that is not JSON',
        '{"networkName":',
        /^\[INVALID_ARGUMENT\] consortiumJson: got .*, want well-formed JSON$/,
      ],
      [
        'an unknown top-level field',
        JSON.stringify({ ...base, quorum: 3 }),
        /^\[INVALID_ARGUMENT\] consortiumJson\.quorum: got 3, want no such field/,
      ],
      [
        'no policy',
        JSON.stringify({ ...base, policy: undefined }),
        /^\[INVALID_ARGUMENT\] consortiumJson\.policy: got nothing, want a value/,
      ],
      [
        'a policy over 100 %',
        JSON.stringify({ ...base, policy: policy(101, GT, 24) }),
        /^\[INVALID_ARGUMENT\] consortiumJson\.policy\.thresholdPercentage: got 101, want an integer from 0 to 100$/,
      ],
      [
        'an action policy of 0 hours',
        JSON.stringify({ ...base, actionPolicies: { INVITE: policy(75, GTE, 0) } }),
        /^\[INVALID_ARGUMENT\] consortiumJson\.actionPolicies\.INVITE\.proposalDurationInHours: got 0,/,
      ],
      [
        'an unknown kind of action',
        JSON.stringify({ ...base, actionPolicies: { UPGRADE: policy(75, GTE, 1) } }),
        /^\[INVALID_ARGUMENT\] consortiumJson\.actionPolicies\.UPGRADE: got .*, want no such field; allowed: INVITE, REMOVE, POLICY_CHANGE, VEPS_KEYS$/,
      ],
      [
        'a null action policy',
        JSON.stringify({ ...base, actionPolicies: { REMOVE: null } }),
        /^\[INVALID_ARGUMENT\] consortiumJson\.actionPolicies\.REMOVE: got null, want a policy object$/,
      ],
      [
        'no members',
        JSON.stringify({ ...base, members: [] }),
        /^\[INVALID_ARGUMENT\] consortiumJson\.members: got \[\], want an array of 2 to 100 members \(every founding member accepts the charter/,
      ],
      [
        'a single founding member',
        JSON.stringify({ ...base, members: [{ mspId: 'Org1MSP', displayName: 'Org1' }] }),
        /^\[INVALID_ARGUMENT\] consortiumJson\.members: got .*, want an array of 2 to 100 members \(every founding member accepts the charter, so one org cannot found a consortium alone\)$/,
      ],
      [
        'a member twice',
        JSON.stringify({
          ...base,
          members: [
            { mspId: 'Org1MSP', displayName: 'A' },
            { mspId: 'Org1MSP', displayName: 'B' },
          ],
        }),
        /^\[INVALID_ARGUMENT\] consortiumJson\.members: got "Org1MSP", want each MSP id at most once$/,
      ],
      [
        'a member with a bad MSP id',
        JSON.stringify({
          ...base,
          members: [
            { mspId: 'Org 1', displayName: 'A' },
            { mspId: 'Org2MSP', displayName: 'B' },
          ],
        }),
        /^\[INVALID_ARGUMENT\] consortiumJson\.members\[0\]\.mspId: got "Org 1", want an MSP id/,
      ],
      [
        'a member with an unknown field',
        JSON.stringify({
          ...base,
          members: [
            { mspId: 'Org1MSP', displayName: 'A', role: 'x' },
            { mspId: 'Org2MSP', displayName: 'B' },
          ],
        }),
        /^\[INVALID_ARGUMENT\] consortiumJson\.members\[0\]\.role: got "x", want no such field; allowed: mspId, displayName, ca, adminIdentities$/,
      ],
      [
        'a bad network name',
        JSON.stringify({ ...base, networkName: '' }),
        /^\[INVALID_ARGUMENT\] consortiumJson\.networkName: got "",/,
      ],
    ];
    for (const [what, json, message] of malformed) {
      it(`rejects ${what}`, () => {
        expect(() => parseConsortium(json)).to.throw(LedgerError, message);
      });
    }
  });

  describe('#parseActions and #parseDescription', () => {
    it('parses an invitation whose TLS roots default to its root certificates, with no other action', () => {
      expect(parseActions(JSON.stringify({ invitations: [invitation('Org3MSP')] }))).to.deep.equal({
        invitations: [{ ...invitation('Org3MSP'), tlsRootCerts: [CERT] }],
        removals: [],
        policyChange: null,
        vepsKeys: null,
      });
    });

    it('keeps separate TLS roots, removals and a policy change that drops an action policy', () => {
      const tls = CERT.replace('BBBB', 'CCCC');
      const actions = parseActions(
        JSON.stringify({
          invitations: [{ ...invitation('Org3MSP'), tlsRootCerts: [tls] }],
          removals: [{ mspId: 'Org2MSP' }],
          policyChange: { actionPolicies: { INVITE: null, REMOVE: policy(100, GTE, 24) } },
        }),
      );
      expect(actions.invitations[0]?.tlsRootCerts).to.deep.equal([tls]);
      expect(actions.removals).to.deep.equal([{ mspId: 'Org2MSP' }]);
      expect(actions.policyChange).to.deep.equal({
        policy: null,
        actionPolicies: { INVITE: null, REMOVE: policy(100, GTE, 24) },
      });
    });

    it('takes an empty description as none and keeps a printable one', () => {
      expect(parseDescription('')).to.equal('');
      expect(parseDescription('Invite Org3')).to.equal('Invite Org3');
    });

    const malformed: [string, unknown, string, RegExp][] = [
      [
        'no action',
        {},
        '',
        /^\[INVALID_ARGUMENT\] actionsJson: got \{\}, want at least one invitation, removal, policy change or VEPS keys change$/,
      ],
      [
        'empty action lists',
        { invitations: [], removals: [] },
        '',
        /^\[INVALID_ARGUMENT\] actionsJson: got .*, want at least one invitation/,
      ],
      [
        'an unknown kind of action',
        { upgrades: [] },
        '',
        /^\[INVALID_ARGUMENT\] actionsJson\.upgrades: got \[\], want no such field; allowed: invitations, removals, policyChange, vepsKeys$/,
      ],
      ['an array', [], '', /^\[INVALID_ARGUMENT\] actionsJson: got \[\], want an object/],
      [
        'an invitation without an admin certificate',
        { invitations: [{ ...invitation('Org3MSP'), adminCert: undefined }] },
        '',
        /^\[INVALID_ARGUMENT\] actionsJson\.invitations\[0\]\.adminCert: got nothing, want a value \(required field\)$/,
      ],
      [
        'an invitation whose admin certificate is not PEM',
        { invitations: [{ ...invitation('Org3MSP'), adminCert: 'nope' }] },
        '',
        /^\[INVALID_ARGUMENT\] actionsJson\.invitations\[0\]\.adminCert: got "nope", want one PEM "CERTIFICATE" block of at most 8192 characters$/,
      ],
      [
        'an invitation without root certificates',
        { invitations: [{ ...invitation('Org3MSP'), rootCerts: [] }] },
        '',
        /^\[INVALID_ARGUMENT\] actionsJson\.invitations\[0\]\.rootCerts: got \[\], want an array of 1 to 4 PEM certificates$/,
      ],
      [
        'a private key instead of a certificate',
        {
          invitations: [
            { ...invitation('Org3MSP'), rootCerts: [CERT.replaceAll('CERTIFICATE', 'PRIVATE KEY')] },
          ],
        },
        '',
        /^\[INVALID_ARGUMENT\] actionsJson\.invitations\[0\]\.rootCerts\[0\]: got .*, want one PEM "CERTIFICATE" block/,
      ],
      [
        'a bad MSP id',
        { removals: [{ mspId: 'Org2MSP!' }] },
        '',
        /^\[INVALID_ARGUMENT\] actionsJson\.removals\[0\]\.mspId: got "Org2MSP!", want an MSP id/,
      ],
      [
        'the same org invited and removed',
        { invitations: [invitation('Org2MSP')], removals: [{ mspId: 'Org2MSP' }] },
        '',
        /^\[INVALID_ARGUMENT\] actionsJson: got "Org2MSP", want each MSP id at most once$/,
      ],
      [
        'eleven invitations',
        { invitations: Array.from({ length: 11 }, (_, i) => invitation(`New${i}MSP`)) },
        '',
        /^\[INVALID_ARGUMENT\] actionsJson\.invitations: got .*, want an array of 0 to 10 invitations$/,
      ],
      [
        'an empty policy change',
        { policyChange: {} },
        '',
        /^\[INVALID_ARGUMENT\] actionsJson\.policyChange: got \{\}, want a new policy and\/or at least one action policy$/,
      ],
      [
        'a policy change to 100 % GREATER_THAN',
        { policyChange: { policy: policy(100, GT, 24) } },
        '',
        /^\[INVALID_ARGUMENT\] actionsJson\.policyChange\.policy\.thresholdComparator: got "GREATER_THAN", want GREATER_THAN_OR_EQUAL_TO/,
      ],
      [
        'a description with a control character',
        { invitations: [invitation('Org3MSP')] },
        'a\nb',
        /^\[INVALID_ARGUMENT\] description: got "a\\nb", want 1 to 256 characters/,
      ],
      [
        'a description of 257 characters',
        { invitations: [invitation('Org3MSP')] },
        'x'.repeat(257),
        /^\[INVALID_ARGUMENT\] description: got "x+\.\.\., want 1 to 256 characters/,
      ],
    ];
    for (const [what, actions, description, message] of malformed) {
      it(`rejects ${what}`, () => {
        // CreateProposal's order: the actions first, then the description.
        expect(() => {
          parseActions(JSON.stringify(actions));
          parseDescription(description);
        }).to.throw(LedgerError, message);
      });
    }
  });

  describe('#parseOutcome', () => {
    it('parses EXECUTED with its block number and the channel orgs sorted', () => {
      expect(
        parseOutcome('{"status":"EXECUTED","configBlockNumber":9,"channelOrgs":["Org2MSP","Org1MSP"]}'),
      ).to.deep.equal({ status: 'EXECUTED', configBlockNumber: 9, channelOrgs: ['Org1MSP', 'Org2MSP'] });
    });

    it('parses ACTION_FAILED with its reason', () => {
      expect(parseOutcome('{"status":"ACTION_FAILED","reason":"no CA"}')).to.deep.equal({
        status: 'ACTION_FAILED',
        reason: 'no CA',
      });
    });

    it('refuses channel orgs that name one org twice', () => {
      expect(() =>
        parseOutcome('{"status":"EXECUTED","configBlockNumber":3,"channelOrgs":["Org1MSP","Org1MSP"]}'),
      ).to.throw(
        LedgerError,
        /^\[INVALID_ARGUMENT\] outcomeJson\.channelOrgs: got "Org1MSP", want each MSP id at most once$/,
      );
    });

    const outcomes: [string, string, RegExp][] = [
      ['not JSON', 'EXECUTED', /^\[INVALID_ARGUMENT\] outcomeJson: got "EXECUTED", want well-formed JSON$/],
      [
        'an unknown status',
        '{"status":"APPROVED"}',
        /^\[INVALID_ARGUMENT\] outcomeJson\.status: got "APPROVED", want one of EXECUTED, ACTION_FAILED$/,
      ],
      [
        'no status',
        '{}',
        /^\[INVALID_ARGUMENT\] outcomeJson\.status: got nothing, want a value \(required field\)$/,
      ],
      [
        'ACTION_FAILED without a reason',
        '{"status":"ACTION_FAILED"}',
        /^\[INVALID_ARGUMENT\] outcomeJson\.reason: got nothing, want a value \(required field\)$/,
      ],
      [
        'an empty reason',
        '{"status":"ACTION_FAILED","reason":""}',
        /^\[INVALID_ARGUMENT\] outcomeJson\.reason: got "", want 1 to 1024 characters/,
      ],
      [
        'a negative block number',
        '{"status":"EXECUTED","configBlockNumber":-1,"channelOrgs":["Org1MSP"]}',
        /^\[INVALID_ARGUMENT\] outcomeJson\.configBlockNumber: got -1, want a block number/,
      ],
      [
        'an unknown field',
        '{"status":"EXECUTED","by":"me"}',
        /^\[INVALID_ARGUMENT\] outcomeJson\.by: got "me", want no such field; allowed: status, configBlockNumber, channelOrgs$/,
      ],
      [
        'EXECUTED without channel orgs',
        '{"status":"EXECUTED","configBlockNumber":3}',
        /^\[INVALID_ARGUMENT\] outcomeJson\.channelOrgs: got nothing, want a value \(required field\)$/,
      ],
      [
        'EXECUTED with a bad MSP id in the channel orgs',
        '{"status":"EXECUTED","configBlockNumber":3,"channelOrgs":["Org 3"]}',
        /^\[INVALID_ARGUMENT\] outcomeJson\.channelOrgs\[0\]: got "Org 3", want an MSP id/,
      ],
    ];
    for (const [what, outcome, message] of outcomes) {
      it(`rejects an outcome with ${what}`, () => {
        expect(() => parseOutcome(outcome)).to.throw(LedgerError, message);
      });
    }
  });

  describe('#parseVote, #parseStatusFilter and #parseProposalBookmark', () => {
    it('takes YES and NO, and refuses any other ballot naming the field', () => {
      expect([parseVote('YES'), parseVote('NO')]).to.deep.equal(['YES', 'NO']);
      for (const ballot of ['yes', 'ABSTAIN', '']) {
        expect(() => parseVote(ballot)).to.throw(
          LedgerError,
          /^\[INVALID_ARGUMENT\] vote: got ".*", want one of YES, NO$/,
        );
      }
    });

    it('takes "" as every status and a status name as itself, and refuses an unknown one', () => {
      expect(parseStatusFilter('')).to.equal(null);
      expect(parseStatusFilter('EXECUTING')).to.equal('EXECUTING');
      expect(parseStatusFilter('SUPERSEDED')).to.equal('SUPERSEDED');
      expect(() => parseStatusFilter('DONE')).to.throw(
        LedgerError,
        /^\[INVALID_ARGUMENT\] status: got "DONE", want "" or one of IN_PROGRESS, APPROVED, REJECTED, EXPIRED, EXECUTING, EXECUTED, SUPERSEDED$/,
      );
    });

    it('takes "" or a proposal sort key as the bookmark, and refuses anything else', () => {
      const bookmark = '2025-02-01T00:00:02.000Z/abc123';
      expect(parseProposalBookmark('')).to.equal('');
      expect(parseProposalBookmark(bookmark)).to.equal(bookmark);
      expect(() => parseProposalBookmark('page-2')).to.throw(
        LedgerError,
        /^\[INVALID_ARGUMENT\] bookmark: got "page-2", want "" or the bookmark returned by the previous page$/,
      );
    });
  });

  describe('VEPS keys', () => {
    const VEPS_DIR = path.resolve(__dirname, '../../../../vectors/veps');
    const ED25519 = readFileSync(path.join(VEPS_DIR, 'keys/veps-ed25519.pem'), 'utf8');
    const P256 = readFileSync(path.join(VEPS_DIR, 'keys/veps-p256.pem'), 'utf8');
    const TWO_KEYS = {
      keys: [
        { id: 'veps-ed25519', publicKeyPem: ED25519 },
        { id: 'veps-p256', publicKeyPem: P256 },
      ],
    };

    it('parses an empty key list, which turns verification off', () => {
      expect(parseActions(JSON.stringify({ vepsKeys: { keys: [] } })).vepsKeys).to.deep.equal({ keys: [] });
    });

    describe('refuses malformed keys naming the field', () => {
      const p384 = generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).publicKey.export({
        type: 'spki',
        format: 'pem',
      });
      const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({
        type: 'spki',
        format: 'pem',
      });
      const cases: readonly [string, unknown, RegExp][] = [
        [
          'a key id with a colon',
          { keys: [{ id: 'a:b', publicKeyPem: ED25519 }] },
          /actionsJson\.vepsKeys\.keys\[0\]\.id: got "a:b", want 1 to 64 characters/,
        ],
        [
          'a P-384 key',
          { keys: [{ id: 'k', publicKeyPem: p384 }] },
          /actionsJson\.vepsKeys\.keys\[0\]\.publicKeyPem: VEPS key k: got key type ec secp384r1, want Ed25519 or ECDSA P-256$/,
        ],
        [
          'an RSA key',
          { keys: [{ id: 'k', publicKeyPem: rsa }] },
          /actionsJson\.vepsKeys\.keys\[0\]\.publicKeyPem: VEPS key k: got key type rsa, want Ed25519 or ECDSA P-256$/,
        ],
        [
          'a certificate instead of a public key',
          { keys: [{ id: 'k', publicKeyPem: CERT }] },
          /actionsJson\.vepsKeys\.keys\[0\]\.publicKeyPem: got .*want one PEM "PUBLIC KEY"/,
        ],
        [
          'a PEM that is too long',
          {
            keys: [
              {
                id: 'k',
                publicKeyPem: ED25519.replace('\n-----END', `\n${'A'.repeat(64)}\n`.repeat(16) + '-----END'),
              },
            ],
          },
          /actionsJson\.vepsKeys\.keys\[0\]\.publicKeyPem: got .*at most 1024 characters/,
        ],
        [
          'seventeen keys',
          { keys: Array.from({ length: 17 }, (_, i) => ({ id: `k${i}`, publicKeyPem: ED25519 })) },
          /actionsJson\.vepsKeys\.keys: got .*want an array of 0 to 16 keys/,
        ],
        [
          'two keys with one id',
          {
            keys: [
              { id: 'k', publicKeyPem: ED25519 },
              { id: 'k', publicKeyPem: P256 },
            ],
          },
          /actionsJson\.vepsKeys\.keys: got "k", want each key id at most once/,
        ],
        ['keys that are not a list', { keys: 'k' }, /actionsJson\.vepsKeys\.keys: got "k", want an array/],
        [
          'an unknown field',
          { keys: [], extra: 1 },
          /actionsJson\.vepsKeys\.extra: got 1, want no such field; allowed: keys/,
        ],
      ];
      for (const [what, vepsKeys, message] of cases) {
        it(`refuses ${what}`, () => {
          expect(() => parseActions(JSON.stringify({ vepsKeys }))).to.throw(
            LedgerError,
            new RegExp(`^\\[INVALID_ARGUMENT\\] ${message.source}`),
          );
        });
      }

      it('accepts the twin of each: two valid keys', () => {
        expect(parseActions(JSON.stringify({ vepsKeys: TWO_KEYS })).vepsKeys).to.deep.equal(TWO_KEYS);
      });
    });
  });
});
