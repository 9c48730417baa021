import { expect } from 'chai';
import { runFabricCommand } from '@gateway/cli/fabricCommand';
import { runQldbCommand } from '@gateway/cli/qldbCommand';

/** What a command printed, and its exit status. */
interface Outcome {
  status: number;
  out: string;
  err: string;
}

async function qldb(argv: readonly string[]): Promise<Outcome> {
  const outcome = { status: 0, out: '', err: '' };
  outcome.status = await runQldbCommand(argv, {
    stdout: (text) => {
      outcome.out += text;
    },
    stderr: (text) => {
      outcome.err += text;
    },
  });
  return outcome;
}

async function fabric(argv: readonly string[]): Promise<Outcome> {
  const outcome = { status: 0, out: '', err: '' };
  outcome.status = await runFabricCommand(argv, {
    stdout: (text) => {
      outcome.out += text;
    },
    stderr: {
      isTTY: false,
      write: (text) => {
        outcome.err += text;
      },
    },
  });
  return outcome;
}

const IMPORT_RUN = ['--org', '--user', '--checkpoint', '--batch', '--in-flight', '--progress'];

/** Every flag each command took before the move to commander. */
const FLAGS: readonly [string, (argv: readonly string[]) => Promise<Outcome>, string, readonly string[]][] = [
  ['qldb verify', qldb, 'verify', ['--digest', '--block', '--revision', '--summary']],
  ['qldb import', qldb, 'import', ['--digest', '--block', '--revision', '--ledger-name', ...IMPORT_RUN]],
  [
    'fabric archive',
    fabric,
    'archive',
    [
      '--out',
      '--channel',
      '--orderer',
      '--peer',
      '--org',
      '--user',
      '--msp-id',
      '--cert',
      '--key',
      '--tls-ca',
      '--tls-server-name',
      '--tls-cert',
      '--tls-key',
      '--progress',
    ],
  ],
  ['fabric verify-archive', fabric, 'verify-archive', ['--progress']],
  ['fabric import', fabric, 'import', IMPORT_RUN],
];

describe('the ledger qldb and ledger fabric command lines (commander)', () => {
  describe('--help', () => {
    for (const [title, run, command, flags] of FLAGS) {
      it(`lists every flag of ledger ${title}, with exit 0`, async () => {
        const help = await run([command, '--help']);

        expect(help.status).to.equal(0);
        expect(help.err).to.equal('');
        expect(help.out).to.contain(`Usage: ledger ${title} [options]`);
        for (const flag of flags) expect(help.out).to.contain(`${flag} `);
      });
    }

    it('lists the qldb and fabric commands', async () => {
      const qldbHelp = await qldb(['--help']);
      const fabricHelp = await fabric(['--help']);

      expect(qldbHelp.status).to.equal(0);
      expect(qldbHelp.out)
        .to.contain('verify [options] <DIR...>')
        .and.to.contain('import [options] <DIR...>');
      expect(fabricHelp.out).to.contain('archive [options]').and.to.contain('verify-archive [options] <DIR>');
    });

    it('names the environment fallbacks of the import flags', async () => {
      const help = await qldb(['import', '--help']);

      expect(help.out).to.contain('LEDGER_ORG').and.to.contain('LEDGER_USER');
    });
  });

  describe('usage errors', () => {
    for (const [title, run, command] of FLAGS) {
      it(`exits 2 on an unknown flag of ledger ${title}, naming it`, async () => {
        const outcome = await run([command, 'DIR', '--frobnicate']);

        expect(outcome.status).to.equal(2);
        expect(outcome.err).to.contain("unknown option '--frobnicate'");
        expect(outcome.out).to.equal('');
      });
    }

    it('exits 2 when a flag has no value, naming it', async () => {
      const outcome = await qldb(['verify', 'DIR', '--digest']);

      expect(outcome.status).to.equal(2);
      expect(outcome.err).to.contain("option '--digest <FILE>' argument missing");
    });

    it('exits 2 without a folder, naming the argument', async () => {
      expect((await qldb(['import', '--digest', 'd.json'])).err).to.contain(
        "missing required argument 'DIR'",
      );
      expect((await fabric(['verify-archive'])).err).to.contain("missing required argument 'DIR'");
    });

    it('exits 2 for a second archive folder', async () => {
      const outcome = await fabric(['verify-archive', 'a', 'b']);

      expect(outcome.status).to.equal(2);
      expect(outcome.err).to.contain('too many arguments');
    });

    it('exits 2 with the help on stderr when qldb gets no command', async () => {
      const outcome = await qldb([]);

      expect(outcome.status).to.equal(2);
      expect(outcome.err).to.contain('Usage: ledger qldb [options] [command]');
    });
  });
});
