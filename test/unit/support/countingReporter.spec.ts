// The counting reporter and the mocha config, run on fixture specs in a child mocha process.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

import { expect } from 'chai';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const MOCHA = path.join(ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js');
const FIXTURES = path.join(__dirname, 'fixtures');

interface Run {
  readonly status: number | null;
  readonly output: string;
  readonly counts: Readonly<Record<string, unknown>> | undefined;
}

describe('countingReporter with .mocharc.json', function () {
  let dir: string;

  beforeEach(function () {
    dir = mkdtempSync(path.join(tmpdir(), 'mocha-counts-'));
  });

  afterEach(function () {
    rmSync(dir, { recursive: true, force: true });
  });

  /** Runs one fixture with the repository's mocha config; returns the exit status and the counts file. */
  function runMocha(fixture: string, ...extra: string[]): Run {
    const file = path.join(dir, 'counts.json');
    const run = spawnSync(
      process.execPath,
      [MOCHA, '--config', '.mocharc.json', ...extra, path.join(FIXTURES, fixture)],
      { cwd: ROOT, encoding: 'utf8', env: { ...process.env, MOCHA_COUNTS_FILE: file } },
    );
    let counts: Record<string, unknown> | undefined;
    try {
      counts = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    } catch {
      counts = undefined;
    }
    return { status: run.status, output: `${run.stdout}${run.stderr}`, counts };
  }

  it('counts every test under a failed before hook as failed, and names them', function () {
    const run = runMocha('hookFailure.fixture.ts');
    expect(run.status, run.output).to.not.equal(0);
    expect(run.counts, run.output).to.deep.equal({
      passed: 1,
      failed: 4,
      skipped: 0,
      notRun: 3,
      hookFailures: 1,
    });
    expect(run.output).to.include('3 tests did not run because a hook failed');
  });

  it('fails a pending test (forbid-pending)', function () {
    const run = runMocha('pending.fixture.ts');
    expect(run.status, run.output).to.not.equal(0);
    expect(run.output).to.include('Pending test forbidden');
    expect(run.counts, run.output).to.deep.equal({
      passed: 1,
      failed: 1,
      skipped: 0,
      notRun: 0,
      hookFailures: 0,
    });
  });

  it('counts a pending test as skipped when pending tests are allowed', function () {
    const run = runMocha('pending.fixture.ts', '--no-forbid-pending');
    expect(run.status, run.output).to.equal(0);
    expect(run.counts, run.output).to.deep.equal({
      passed: 1,
      failed: 0,
      skipped: 1,
      notRun: 0,
      hookFailures: 0,
    });
  });

  it('refuses a run with .only (forbid-only)', function () {
    const run = runMocha('only.fixture.ts');
    expect(run.status, run.output).to.not.equal(0);
    expect(run.output).to.include('`.only` forbidden');
    // mocha stops before the reporter runs: no counts file, which .ci/run must report as a failed stage.
    expect(run.counts).to.equal(undefined);
  });
});
