import { expect } from 'chai';
import { newProgram, type Command } from '@gateway/cli/commandLine';
import {
  addImportRunOptions,
  ImportUsageError,
  importRunArgs,
  type ImportRunFlags,
} from '@gateway/cli/importArgs';

/** A command with the shared import flags, as `qldb import` and `fabric import` have them. */
function importCommand(): Command {
  return addImportRunOptions(newProgram('t', 'an import').option('--digest <FILE>', 'a digest'), {
    checkpointDefault: 'DIR/c.json',
    records: 'records',
    order: 'order',
  }).configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
}

/** The flags commander parses from `argv`. */
function flagsOf(argv: readonly string[]): ImportRunFlags {
  return importCommand()
    .parse([...argv], { from: 'user' })
    .opts<ImportRunFlags>();
}

describe('import command arguments', () => {
  it('parses every shared flag, the last of a repeated one winning, and --progress', () => {
    const flags = flagsOf([
      '--org',
      'org1',
      '--org',
      'org2',
      '--checkpoint',
      'c',
      '--progress',
      '--batch',
      '9',
    ]);
    expect(flags).to.include({ org: 'org2', checkpoint: 'c', progress: true, batch: '9' });
  });

  it('refuses an unknown option and an option without its value, naming it', () => {
    expect(() => flagsOf(['--nope'])).to.throw("unknown option '--nope'");
    expect(() => flagsOf(['--batch'])).to.throw("option '--batch <N>' argument missing");
  });

  it('defaults to org1 admin1, batches of 200, 4 in flight, and takes LEDGER_ORG and LEDGER_USER', () => {
    expect(importRunArgs(flagsOf([]), {})).to.deep.equal({
      org: 'org1',
      user: 'admin1',
      batch: 200,
      inFlight: 4,
      progress: false,
    });
    expect(
      importRunArgs(flagsOf(['--batch', '500', '--in-flight', '1']), {
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

  it('lets the flags win over LEDGER_ORG and LEDGER_USER', () => {
    expect(
      importRunArgs(flagsOf(['--org', 'org3', '--user', 'admin2']), { LEDGER_ORG: 'org2', LEDGER_USER: 'u' }),
    ).to.include({ org: 'org3', user: 'admin2' });
  });

  it('refuses an org it does not know and numbers out of range, naming the option', () => {
    expect(() => importRunArgs(flagsOf(['--org', 'acme']), {})).to.throw(ImportUsageError, '--org: got acme');
    expect(() => importRunArgs(flagsOf(['--batch', '501']), {})).to.throw(
      ImportUsageError,
      '--batch: got 501',
    );
    expect(() => importRunArgs(flagsOf(['--in-flight', '0']), {})).to.throw(
      ImportUsageError,
      '--in-flight: got 0',
    );
    expect(() => importRunArgs(flagsOf(['--batch', '2.5']), {})).to.throw(
      ImportUsageError,
      '--batch: got 2.5',
    );
  });
});
