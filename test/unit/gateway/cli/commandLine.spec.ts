import { expect } from 'chai';
import { clientProgram } from '@gateway/cli/clientCommand';
import {
  CommanderError,
  commanderExitCode,
  newProgram,
  runProgram,
  UsageError,
  type Command,
} from '@gateway/cli/commandLine';
import { exportProgram } from '@gateway/cli/exportCommand';
import { gatewayProgram } from '@gateway/cli/gatewayCommand';
import { govProgram } from '@gateway/cli/govCommand';
import { orgProgram } from '@gateway/cli/orgCommand';
import { trustProgram } from '@gateway/cli/trustCommand';
import { usersProgram } from '@gateway/cli/usersArgs';

/** What a program printed while parsing. */
interface Captured {
  out: string;
  err: string;
}

/** Sends the output of `program` and all its subcommands to the returned buffers. */
function capture(program: Command): Captured {
  const captured: Captured = { out: '', err: '' };
  const route = (command: Command): void => {
    command.configureOutput({
      writeOut: (text) => {
        captured.out += text;
      },
      writeErr: (text) => {
        captured.err += text;
      },
    });
    command.commands.forEach(route);
  };
  route(program);
  return captured;
}

/** Parses `argv` with `program`, which must stop with a commander outcome; returns it and the output. */
async function outcomeOf(
  program: Command,
  argv: readonly string[],
): Promise<{ exitCode: number; code: string } & Captured> {
  const captured = capture(program);
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (err) {
    if (!(err instanceof CommanderError)) throw err;
    return { exitCode: commanderExitCode(err), code: err.code, ...captured };
  }
  throw new Error(`${argv.join(' ')}: parsed without a commander outcome`);
}

/** The subcommand `name` of `program`. */
function subcommand(program: Command, name: string): Command {
  const found = program.commands.find((command) => command.name() === name);
  if (found === undefined) throw new Error(`no command ${name}`);
  return found;
}

const CONNECTION = [
  '--org',
  '--user',
  '--address',
  '--ca',
  '--tls-ca',
  '--cert',
  '--key',
  '--dev',
  '--insecure',
];
const SIGNER = ['--org-ca', '--trust', '--crl', '--at'];

/** Every flag each command took before the move to commander, by program and command. */
const FLAGS: readonly [string, () => Command, string | undefined, readonly string[]][] = [
  [
    'submit',
    clientProgram,
    'submit',
    [
      '--id',
      '--payload',
      '--payload-file',
      '--signature',
      '--timestamp',
      '--meta',
      '--receipt',
      ...CONNECTION,
    ],
  ],
  ['get', clientProgram, 'get', ['--id', '--submitter-msp', ...CONNECTION]],
  ['digest', clientProgram, 'digest', CONNECTION],
  ['verify', clientProgram, 'verify', ['--digest', ...SIGNER, ...CONNECTION]],
  ['consistency', clientProgram, 'consistency', CONNECTION],
  ['health', clientProgram, 'health', CONNECTION],
  [
    'history',
    clientProgram,
    'history',
    ['--page-size', '--page-token', '--all', '--receipt', '--sequence', ...CONNECTION],
  ],
  ['audit', clientProgram, 'audit', ['--index', '--idle-ms', '--report', ...CONNECTION]],
  ['verify-receipt', clientProgram, 'verify-receipt', ['--newer-digest', '--consistency', ...SIGNER]],
  ['export', exportProgram, 'export', ['--from', '--to', '--out', '--shard-size', ...CONNECTION]],
  ['verify-export', exportProgram, 'verify-export', ['--newer-digest', '--consistency', ...SIGNER]],
  [
    'gov propose',
    govProgram,
    'propose',
    [
      '--invite',
      '--remove',
      '--policy',
      '--action-policy',
      '--veps-keys',
      '--description',
      '--org',
      '--user',
    ],
  ],
  ['gov execute', govProgram, 'execute', ['--after', '--org', '--user']],
  ['gov watch', govProgram, 'watch', ['--once', '--poll-ms', '--org', '--user']],
  ['trust from-channel', trustProgram, 'from-channel', ['--out', '--org', '--user', '--config-block']],
  ['trust add', trustProgram, 'add', ['--msp', '--org-ca', '--crl', '--pin-cert', '--out']],
  ['org prepare', orgProgram, 'prepare', ['--msp-id', '--domain', '--host', '--peers', '--out']],
  ['users add', usersProgram, 'add', ['--org', '--name', '--role']],
  ['users list', usersProgram, 'list', ['--org']],
  ['users revoke', usersProgram, 'revoke', ['--org', '--name', '--reason']],
  ['gateway', gatewayProgram, undefined, ['--dev', '--insecure', '--config', '--port', '--org', '--index']],
];

describe('the ledger command lines (commander)', () => {
  describe('--help', () => {
    for (const [title, program, name, flags] of FLAGS) {
      it(`lists every flag of ledger ${title}, from the definitions that parse them`, async () => {
        const root = program();
        const command = name === undefined ? root : subcommand(root, name);
        const help = await outcomeOf(root, [...(name === undefined ? [] : [name]), '--help']);

        expect(help.exitCode).to.equal(0);
        expect(help.err).to.equal('');
        // A subcommand also takes its program's (global) flags, such as gov's --org and --user.
        const defined = [command, ...(command === root ? [] : [root])].flatMap((c) =>
          c.options.map((option) => option.long),
        );
        expect(defined).to.include.members([...flags]);
        for (const flag of [...defined, ...flags]) expect(help.out).to.contain(`${flag ?? ''} `);
      });
    }

    it('lists every gov command with its arguments', async () => {
      const help = await outcomeOf(govProgram(), ['--help']);

      for (const line of [
        'init [FILE]',
        'propose [options]',
        'vote <PROPOSAL_ID> <YES|NO>',
        'show <PROPOSAL_ID>',
        'list [STATUS]',
        'members',
        'veps-keys',
        'execute [options] <PROPOSAL_ID>',
        'supersede <PROPOSAL_ID>',
        'verify <PROPOSAL_ID>',
        'watch [options]',
      ]) {
        expect(help.out).to.contain(line);
      }
      expect(help.out).to.contain('LEDGER_MAX_CLOCK_SKEW_SECONDS');
    });

    it('prints the settings table after the gateway flags', async () => {
      const help = await outcomeOf(gatewayProgram(), ['--help']);

      expect(help.out).to.match(
        /Settings \(defaults < config file < environment < flags\):\n {2}ENVIRONMENT/,
      );
      expect(help.out).to.contain('LEDGER_GATEWAY_PORT');
    });

    it('lists the connection flags with their environment variables', async () => {
      const help = await outcomeOf(clientProgram(), ['submit', '--help']);

      for (const env of ['LEDGER_ORG', 'LEDGER_USER', 'LEDGER_GATEWAY_ADDRESS', 'LEDGER_GATEWAY_TLS_CA']) {
        expect(help.out).to.contain(env);
      }
    });
  });

  describe('usage errors', () => {
    const cases: readonly [string, () => Command, readonly string[], RegExp][] = [
      [
        'an unknown flag of get',
        clientProgram,
        ['get', '1', '--frobnicate'],
        /unknown option '--frobnicate'/,
      ],
      [
        'a connection flag of the offline verify-receipt',
        clientProgram,
        ['verify-receipt', 'r.json', '--address', 'h:1'],
        /unknown option '--address'/,
      ],
      [
        'an unknown flag of export',
        exportProgram,
        ['export', '--from', '1', '--out', 'd', '--bogus'],
        /'--bogus'/,
      ],
      ['a missing --out of export', exportProgram, ['export', '--from', '1'], /'--out <DIR>'/],
      [
        'an unknown flag of gov vote',
        govProgram,
        ['vote', 'p', 'YES', '--force'],
        /unknown option '--force'/,
      ],
      ['a missing proposal id of gov show', govProgram, ['show'], /missing required argument 'PROPOSAL_ID'/],
      ['a flag without its value', govProgram, ['list', '--org'], /'--org <ORG>' argument missing/],
      [
        'a missing --msp of trust add',
        trustProgram,
        ['add', '--org-ca', 'ca.pem', '--out', 't.json'],
        /'--msp <MSP_ID>'/,
      ],
      [
        'a flag of org prepare given to org list',
        orgProgram,
        ['list', '--peers', '2'],
        /unknown option '--peers'/,
      ],
      ['an unknown flag of gateway', gatewayProgram, ['--prot', '7051'], /unknown option '--prot'/],
      ['an unknown client command', clientProgram, ['frobnicate'], /unknown command 'frobnicate'/],
    ];
    for (const [title, program, argv, message] of cases) {
      it(`exits 2 on ${title}, naming it`, async () => {
        const outcome = await outcomeOf(program(), argv);

        expect(outcome.exitCode).to.equal(2);
        expect(outcome.err).to.match(message);
        expect(outcome.out).to.equal('');
      });
    }

    it('exits 2 with the help on stderr when gov gets no command', async () => {
      const outcome = await outcomeOf(govProgram(), []);

      expect(outcome.exitCode).to.equal(2);
      expect(outcome.err).to.contain('Usage: ledger gov <command> [options]');
    });
  });

  describe('#runProgram', () => {
    let saved: typeof process.exitCode;
    beforeEach(() => {
      saved = process.exitCode;
    });
    afterEach(() => {
      process.exitCode = saved;
    });

    /** A program with one flag whose action throws what `fail` gives. */
    const failing = (fail: () => Error): Command => {
      const program = newProgram('t', 'a test program')
        .option('--flag <V>', 'a flag')
        .action(() => {
          throw fail();
        });
      capture(program);
      return program;
    };

    it('sets exit status 2 for an unknown flag, without calling the reporter', async () => {
      const reported: unknown[] = [];

      await runProgram(
        failing(() => new Error('not reached')),
        ['--nope'],
        (err) => {
          reported.push(err);
          return 1;
        },
      );

      expect(process.exitCode).to.equal(2);
      expect(reported).to.deep.equal([]);
    });

    it('sets exit status 0 for --help', async () => {
      process.exitCode = 7;

      await runProgram(
        failing(() => new Error('not reached')),
        ['--help'],
        () => 1,
      );

      expect(process.exitCode).to.equal(0);
    });

    it("sets the reporter's exit status for an error the action threw", async () => {
      const usage = new UsageError('--flag: got x');
      const reported: unknown[] = [];

      await runProgram(
        failing(() => usage),
        ['--flag', 'x'],
        (err) => {
          reported.push(err);
          return 2;
        },
      );

      expect(reported).to.deep.equal([usage]);
      expect(process.exitCode).to.equal(2);
    });
  });
});
