import { expect } from 'chai';
import { newLogger, type LogLevel } from '@gateway/logger';

const KEY = [
  '-----BEGIN PRIVATE KEY-----',
  'MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgSECRETSECRETSECRET',
  '-----END PRIVATE KEY-----',
].join('\n');

function lines(level: LogLevel, log: (l: ReturnType<typeof newLogger>) => void): string {
  const out: string[] = [];
  log(newLogger({ level, write: (line) => out.push(line) }));
  return out.join('');
}

describe('logger', function () {
  describe('#info', function () {
    it('writes a count instead of payload bytes below debug level', function () {
      const text = lines('info', (l) => {
        l.info('submit', { payload: Buffer.from('card 4111-1111') });
      });
      expect(text).to.contain('"payload":"[14 bytes, shown at debug level]"');
      expect(text).not.to.contain(Buffer.from('card 4111-1111').toString('base64'));
    });

    it('redacts a PEM private key wherever it appears in a line', function () {
      const text = lines('info', (l) => {
        l.info('oops', { nested: { err: new Error(`bad key ${KEY}`) }, list: [KEY] });
      });
      expect(text).not.to.contain('PRIVATE KEY');
      expect(text).not.to.contain('SECRET');
      expect(text.match(/\[private key redacted\]/g)).to.have.length.of.at.least(2);
    });

    it('still writes dates, bigints and plain fields as before', function () {
      const text = lines('info', (l) => {
        l.info('x', { at: new Date(0), n: 5n, s: 'text' });
      });
      expect(JSON.parse(text)).to.deep.include({ at: '1970-01-01T00:00:00.000Z', n: '5', s: 'text' });
    });

    it('logs a field named __proto__ like any other, without touching any prototype', function () {
      const metadata = JSON.parse('{"__proto__":{"polluted":"yes"},"constructor":"c"}') as unknown;
      const text = lines('info', (l) => {
        l.info('x', { metadata });
      });
      expect(text).to.contain('"__proto__":{"polluted":"yes"}');
      expect(({} as { polluted?: unknown }).polluted).to.equal(undefined);
    });
    it('writes level, ISO time and msg before the fields, as scripts grep them', function () {
      const text = lines('info', (l) => {
        l.child({ component: 'trust' }).info('gateway serving', { mode: 'mTLS' });
      });
      expect(text).to.match(
        /^\{"level":"info","time":"\d{4}-\d\d-\d\dT[0-9:.]+Z","component":"trust","msg":"gateway serving","mode":"mTLS"\}\n$/,
      );
    });

    it('writes each line to the sink before the call returns (nothing buffered to lose on exit)', function () {
      const out: string[] = [];
      const logger = newLogger({ write: (line) => out.push(line) });
      logger.error('fatal', { code: 1 });
      expect(out).to.have.length(1);
    });

    it('redacts a private key in the fields a child logger adds', function () {
      const text = lines('info', (l) => {
        l.child({ config: KEY }).info('x');
      });
      expect(text).not.to.contain('SECRET');
      expect(text).to.contain('[private key redacted]');
    });

    it('writes an error field as its name, message and stack', function () {
      const text = lines('info', (l) => {
        l.error('failed', { err: new TypeError('bad') });
      });
      const err = (JSON.parse(text) as { err: Record<string, unknown> }).err;
      expect(err).to.include({ name: 'TypeError', message: 'bad' });
      expect(err).to.have.property('stack').that.is.a('string');
    });

    it('drops lines below the level', function () {
      expect(
        lines('warn', (l) => {
          l.info('quiet');
        }),
      ).to.equal('');
    });
  });

  describe('#debug', function () {
    it('writes payload bytes as base64 at debug level', function () {
      const text = lines('debug', (l) => {
        l.debug('submit', { payload: Uint8Array.from([1, 2, 3]) });
      });
      expect(JSON.parse(text)).to.deep.include({ payload: 'AQID' });
    });
  });
});
