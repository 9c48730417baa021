import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect } from 'chai';
import {
  PAUSE_AFTER_CLAIM_ENV,
  PAUSE_BEFORE_RECORD_ENV,
  PAUSE_PROPOSAL_ENV,
  watchTestHooks,
} from '@gateway/governance/watchTestHooks';
import { newLogger } from '@gateway/logger';
import { waitFor } from '@test-support/waitFor';

describe('watchTestHooks: the test-only pauses of ledger gov watch', () => {
  it('sets no hook when neither variable is set', () => {
    const hooks = watchTestHooks({}, newLogger({ write: () => undefined }), 'p1');

    expect(hooks).to.deep.equal({ afterClaim: undefined, beforeRecord: undefined });
  });

  it('pauses after the claim, logging it, until the named file exists; the record hook stays unset', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-hook-'));
    const file = path.join(dir, 'go');
    const lines: string[] = [];
    const hooks = watchTestHooks(
      { [PAUSE_AFTER_CLAIM_ENV]: file },
      newLogger({ write: (l) => lines.push(l) }),
      'p1',
      1,
    );
    expect(hooks.beforeRecord).to.equal(undefined);
    let resumed = false;

    const paused = hooks.afterClaim?.().then(() => (resumed = true));
    await waitFor('the hook says it paused', () => lines.length >= 1);
    expect(resumed).to.equal(false);
    fs.writeFileSync(file, '');
    await paused;

    expect(resumed).to.equal(true);
    expect(lines.map((l) => (JSON.parse(l) as { msg: string; stage: string }).msg)).to.deep.equal([
      'test hook: paused',
      'test hook: resumed',
    ]);
    fs.rmSync(dir, { recursive: true });
  });

  it('pauses only the proposal LEDGER_GOV_WATCH_PAUSE_PROPOSAL_ID names when it is set', () => {
    const env = { [PAUSE_AFTER_CLAIM_ENV]: '/nonexistent/go', [PAUSE_PROPOSAL_ENV]: 'p1' };
    const logger = newLogger({ write: () => undefined });

    expect(watchTestHooks(env, logger, 'p1').afterClaim).to.be.a('function');
    expect(watchTestHooks(env, logger, 'p2').afterClaim).to.equal(undefined);
  });

  it('pauses before the record, and goes on at once when the file already exists', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-hook-'));
    const file = path.join(dir, 'go');
    fs.writeFileSync(file, '');
    const lines: string[] = [];
    const hooks = watchTestHooks(
      { [PAUSE_BEFORE_RECORD_ENV]: file },
      newLogger({ write: (l) => lines.push(l) }),
      'p1',
      1,
    );

    await hooks.beforeRecord?.();

    expect(hooks.afterClaim).to.equal(undefined);
    expect(lines.map((l) => (JSON.parse(l) as { stage: string }).stage)).to.deep.equal([
      'before-record',
      'before-record',
    ]);
    fs.rmSync(dir, { recursive: true });
  });
});
