import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { status } from '@grpc/grpc-js';
import { expect } from 'chai';
import { InvalidArgumentError } from '@gateway/core';
import { LedgerServiceError } from '@gateway/proto/serviceErrors';
import { loadVepsKeys } from '@gateway/veps/vepsKeys';
import {
  requireVepsSignature,
  signVepsEvent,
  VEPS_SIGNING_PREFIX,
  vepsKeyFromPem,
  vepsSigningBytes,
  verifyVepsSignature,
  type VepsSignedFields,
} from '@gateway/veps/vepsSignature';

const VEPS_DIR = path.resolve(__dirname, '..', '..', '..', 'vectors', 'veps');
const KEYS = loadVepsKeys([path.join(VEPS_DIR, 'keys')]);
const privateKey = (name: string): string =>
  fs.readFileSync(path.join(VEPS_DIR, 'private', `${name}.key.pem`), 'utf8');

interface Vector {
  readonly file: string;
  readonly json: Readonly<Record<string, unknown>>;
}

function vectors(kind: string): Vector[] {
  const dir = path.join(VEPS_DIR, kind);
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => ({
      file: `${kind}/${name}`,
      json: JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as Record<string, unknown>,
    }));
}

function text(json: Readonly<Record<string, unknown>>, key: string): string {
  const value = json[key];
  if (typeof value !== 'string') throw new Error(`vector field ${key} is not a string`);
  return value;
}

function fieldsOf(json: Readonly<Record<string, unknown>>): VepsSignedFields {
  return {
    eventId: text(json, 'eventId'),
    payload: Buffer.from(text(json, 'payload'), 'hex'),
    vepsTimestamp: Number(text(json, 'vepsTimestamp')),
    metadata: json.metadata as Record<string, string>,
  };
}

function expected(json: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> {
  return json.expected as Record<string, unknown>;
}

const EVENT: VepsSignedFields = {
  eventId: 'spec-001',
  payload: Buffer.from('payload'),
  vepsTimestamp: 1702234567890,
  metadata: { source: 'spec' },
};

function unauthenticated(signature: string, fields: VepsSignedFields = EVENT): LedgerServiceError {
  try {
    requireVepsSignature(KEYS, fields, signature);
  } catch (err) {
    if (err instanceof LedgerServiceError) return err;
    throw err;
  }
  throw new Error('expected UNAUTHENTICATED');
}

describe('vepsSignature', function () {
  describe('#vepsSigningBytes', function () {
    const cases = vectors('signing-bytes');

    it('has known-answer vectors to check', function () {
      expect(cases.length).to.be.at.least(3);
    });

    for (const { file, json } of cases) {
      it(`encodes ${file} as its known answer (${text(json, 'desc')})`, function () {
        const bytes = vepsSigningBytes(fieldsOf(json));
        expect(Buffer.from(bytes).toString('hex')).to.equal(text(expected(json), 'signingBytes'));
      });
    }

    it('starts with the version-1 domain separation prefix', function () {
      const bytes = Buffer.from(vepsSigningBytes(EVENT));
      expect(bytes.subarray(0, VEPS_SIGNING_PREFIX.length).toString('utf8')).to.equal('veps-event-v1\n');
    });

    it('gives different bytes when a value moves from one metadata entry into its key', function () {
      const a = vepsSigningBytes({ ...EVENT, metadata: { ab: 'c' } });
      const b = vepsSigningBytes({ ...EVENT, metadata: { a: 'bc' } });
      expect(Buffer.from(a).equals(Buffer.from(b))).to.equal(false);
    });

    it('refuses a timestamp that does not fit the u64 encoding', function () {
      expect(() => vepsSigningBytes({ ...EVENT, vepsTimestamp: -1 })).to.throw(InvalidArgumentError);
    });
  });

  describe('#verifyVepsSignature', function () {
    const cases = vectors('signature');

    it('has a negative twin for every accepted vector', function () {
      const valid = cases.filter((c) => expected(c.json).valid === true).length;
      expect(valid).to.be.at.least(4);
      expect(cases.length - valid).to.be.at.least(2 * valid);
    });

    for (const { file, json } of cases) {
      const want = expected(json);
      const verdict = want.valid === true ? `accepts with key ${String(want.keyId)}` : 'rejects';
      it(`${verdict} ${file} (${text(json, 'desc')})`, function () {
        const outcome = verifyVepsSignature(KEYS, fieldsOf(json), text(json, 'signature'));
        if (want.valid === true) {
          expect(outcome).to.deep.equal({ ok: true, keyId: want.keyId });
        } else {
          expect(outcome.ok).to.equal(false);
          expect(outcome.ok ? '' : outcome.reason).to.include(text(want, 'reason'));
        }
      });
    }
  });

  describe('#signVepsEvent', function () {
    it('produces Ed25519 and P-256 signatures that verify, with and without a key id', function () {
      const ed = signVepsEvent(privateKey('veps-ed25519'), EVENT, 'veps-ed25519');
      const p256 = signVepsEvent(privateKey('veps-p256'), EVENT);
      expect(ed.startsWith('veps-ed25519:')).to.equal(true);
      expect(verifyVepsSignature(KEYS, EVENT, ed)).to.deep.equal({ ok: true, keyId: 'veps-ed25519' });
      expect(verifyVepsSignature(KEYS, EVENT, p256)).to.deep.equal({ ok: true, keyId: 'veps-p256' });
    });
  });

  describe('#requireVepsSignature', function () {
    it('returns the id of the key that verified', function () {
      const signature = signVepsEvent(privateKey('veps-p256'), EVENT, 'veps-p256');
      expect(requireVepsSignature(KEYS, EVENT, signature)).to.equal('veps-p256');
    });

    it('answers UNAUTHENTICATED naming the event when the signature is missing', function () {
      const err = unauthenticated('');
      expect(err.code).to.equal(status.UNAUTHENTICATED);
      expect(err.message).to.equal(
        'veps_signature of event_id "spec-001": missing; this gateway requires a signature by a configured VEPS key (signed bytes: docs/gateway.md)',
      );
    });

    it('answers UNAUTHENTICATED when the signature was made over other content', function () {
      const signature = signVepsEvent(privateKey('veps-ed25519'), EVENT);
      const err = unauthenticated(signature, { ...EVENT, payload: Buffer.from('other') });
      expect(err.code).to.equal(status.UNAUTHENTICATED);
      expect(err.message).to.match(/^veps_signature of event_id "spec-001": does not verify .* with key /);
    });

    it('answers UNAUTHENTICATED listing the configured key ids for an unknown key id', function () {
      const err = unauthenticated(`someone:${signVepsEvent(privateKey('other-ed25519'), EVENT)}`);
      expect(err.code).to.equal(status.UNAUTHENTICATED);
      expect(err.message).to.include('got unknown key id "someone", want one of veps-ed25519, veps-p256');
    });
  });

  describe('#vepsKeyFromPem', function () {
    it('reads Ed25519 and P-256 public keys with their algorithm', function () {
      expect(KEYS.map((k) => [k.id, k.algorithm])).to.deep.equal([
        ['veps-ed25519', 'ed25519'],
        ['veps-p256', 'ecdsa-p256'],
      ]);
    });

    it('refuses a P-384 key naming the curve', function () {
      const { publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'secp384r1' });
      const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
      expect(() => vepsKeyFromPem('p384', pem)).to.throw(
        'VEPS key p384: got key type ec secp384r1, want Ed25519 or ECDSA P-256',
      );
    });

    it('refuses a key id with a colon', function () {
      const pem = fs.readFileSync(path.join(VEPS_DIR, 'keys', 'veps-ed25519.pem'), 'utf8');
      expect(() => vepsKeyFromPem('a:b', pem)).to.throw(/VEPS key id "a:b"/);
    });
  });
});
