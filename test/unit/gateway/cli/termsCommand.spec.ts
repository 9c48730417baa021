import { expect } from 'chai';
import * as sinon from 'sinon';
import { CommanderError, commanderExitCode, UsageError } from '@gateway/cli/commandLine';
import { reportTermsError, termsProgram } from '@gateway/cli/termsCommand';

/** Parses `argv` with a fresh `ledger terms` program, its output dropped; resolves to what it threw. */
async function thrownBy(argv: readonly string[]): Promise<unknown> {
  const program = termsProgram();
  const quiet = { writeOut: (): void => undefined, writeErr: (): void => undefined };
  program.configureOutput(quiet);
  program.commands.forEach((command) => command.configureOutput(quiet));
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (err) {
    return err;
  }
  return undefined;
}

describe('ledger terms (command line)', () => {
  afterEach(() => {
    sinon.restore();
  });

  it('prints help for put, get and prove with exit status 0', async () => {
    for (const command of ['put', 'get', 'prove']) {
      const err = await thrownBy([command, '--help']);
      expect(err, command).to.be.instanceOf(CommanderError);
      expect(commanderExitCode(err as CommanderError), command).to.equal(0);
    }
  });

  it('is a usage error (exit 2) without --with, and prove without --receipt', async () => {
    const noWith = await thrownBy(['get', 'T-1']);
    const noReceipt = await thrownBy(['prove', 'T-1', '--with', 'Org9MSP']);

    expect(noWith).to.be.instanceOf(CommanderError);
    expect(commanderExitCode(noWith as CommanderError)).to.equal(2);
    expect((noWith as Error).message).to.contain('--with <MSPID>');
    expect(commanderExitCode(noReceipt as CommanderError)).to.equal(2);
  });

  it('refuses put without terms and with both --file and --text before connecting anywhere', async () => {
    const none = await thrownBy(['put', 'T-1', '--with', 'Org9MSP']);
    const both = await thrownBy(['put', 'T-1', '--with', 'Org9MSP', '--text', 'a', '--file', '/nonexistent']);

    expect(none).to.be.instanceOf(UsageError);
    expect((none as Error).message).to.equal('the terms: want --file FILE or --text TEXT');
    expect(both).to.be.instanceOf(UsageError);
    expect((both as Error).message).to.equal('--file and --text: give one of them');
  });

  it("reports a chaincode refusal with the peers' details and exit status 1, a usage error with 2", () => {
    const written: string[] = [];
    sinon.stub(process.stderr, 'write').callsFake((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const refusal = Object.assign(new Error('10 ABORTED: failed to endorse transaction'), {
      details: [
        { message: 'chaincode response 500, [PERMISSION_DENIED] Terms:GetTerms: caller MSP got "Org9MSP"' },
      ],
    });

    const refused = reportTermsError(refusal);
    const usage = reportTermsError(new UsageError('--org: got x'));
    sinon.restore();

    expect(refused).to.equal(1);
    expect(written[0]).to.contain('[PERMISSION_DENIED] Terms:GetTerms');
    expect(usage).to.equal(2);
    expect(written[1]).to.equal('usage: --org: got x\n');
  });

  it("prints a gateway's gRPC refusal, whose details are a string, as its message", () => {
    const written: string[] = [];
    sinon.stub(process.stderr, 'write').callsFake((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const refusal = Object.assign(new Error('7 PERMISSION_DENIED: Org2MSP custodian may not read'), {
      code: 7,
      details: 'Org2MSP custodian may not read',
    });

    const refused = reportTermsError(refusal);
    sinon.restore();

    expect(refused).to.equal(1);
    expect(written).to.deep.equal(['7 PERMISSION_DENIED: Org2MSP custodian may not read\n']);
  });
});
