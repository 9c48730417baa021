import { expect } from 'chai';
import { collectArgs, ImportUsageError, importRunArgs, IMPORT_RUN_OPTIONS } from '@gateway/cli/importArgs';

const options = new Set<string>(['--digest', ...IMPORT_RUN_OPTIONS]);

describe('import command arguments', () => {
  it('collects positionals, every value of an option in order, and --progress', () => {
    const args = collectArgs(['a', '--digest', 'd1', 'b', '--progress', '--digest', 'd2'], options);
    expect(args.positionals).to.deep.equal(['a', 'b']);
    expect(args.values.get('--digest')).to.deep.equal(['d1', 'd2']);
    expect(args.progress).to.equal(true);
  });

  it('refuses an unknown option and an option without its value, naming it', () => {
    expect(() => collectArgs(['--nope'], options)).to.throw(ImportUsageError, 'unknown option --nope');
    expect(() => collectArgs(['--digest'], options)).to.throw(ImportUsageError, '--digest needs a value');
    expect(() => collectArgs(['--digest', '--progress'], options)).to.throw(
      ImportUsageError,
      '--digest needs a value',
    );
  });

  it('defaults to org1 admin1, batches of 200, 4 in flight, and takes LEDGER_ORG and LEDGER_USER', () => {
    expect(importRunArgs(collectArgs([], options), {})).to.deep.equal({
      org: 'org1',
      user: 'admin1',
      batch: 200,
      inFlight: 4,
      progress: false,
    });
    expect(
      importRunArgs(collectArgs(['--batch', '500', '--in-flight', '1'], options), {
        LEDGER_ORG: 'org2',
        LEDGER_USER: 'u',
      }),
    ).to.include({
      org: 'org2',
      user: 'u',
      batch: 500,
      inFlight: 1,
    });
  });

  it('refuses an org it does not know and numbers out of range, naming the option', () => {
    expect(() => importRunArgs(collectArgs(['--org', 'acme'], options), {})).to.throw(
      ImportUsageError,
      '--org: got acme',
    );
    expect(() => importRunArgs(collectArgs(['--batch', '501'], options), {})).to.throw(
      ImportUsageError,
      '--batch: got 501',
    );
    expect(() => importRunArgs(collectArgs(['--in-flight', '0'], options), {})).to.throw(
      ImportUsageError,
      '--in-flight: got 0',
    );
    expect(() => importRunArgs(collectArgs(['--batch', '2.5'], options), {})).to.throw(
      ImportUsageError,
      '--batch: got 2.5',
    );
  });
});
