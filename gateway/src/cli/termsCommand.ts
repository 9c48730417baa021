/**
 * `ledger terms put|get|prove`: private terms of two member orgs (chaincode `Terms`, docs/chaincode.md)
 * from a party's side. `put` writes them through the transient map, `get` reads them from the party's
 * own peer, `prove` checks them against the entry the journal sealed and writes a receipt that
 * `ledger verify-receipt` checks offline. Defines the commands; `terms.ts` runs them. The Fabric
 * gateway and the gRPC client are loaded by the actions.
 */
import * as fs from 'node:fs';
import type { Contract } from '@hyperledger/fabric-gateway';
import type { TermsRef } from '../terms/termsClient';
import { errorDetailMessages, newProgram, Option, paragraph, UsageError, type Command } from './commandLine';
import { addConnectionOptions, connectGateway } from './connectionOptions';

const HELP_AFTER = `
The parties are the caller's org (--org) and --with. Terms are 1 to 64 KiB of any bytes, written once
per terms id and pair of parties. Every member's peer keeps only their SHA-256; the parties' peers keep
the value (collection terms-<mspA>-<mspB>, defined at deploy). Exit status: 0 ok, 1 refused or not
proven (what failed is printed), 2 usage error.`;

interface PartyFlags {
  readonly org?: string;
  readonly user?: string;
  readonly with: string;
}

interface ValueFlags {
  readonly file?: string;
  readonly text?: string;
}

const print = (value: unknown): void => {
  process.stdout.write(`${JSON.stringify(value)}\n`);
};

/** The terms --file or --text give; undefined when neither is given. */
function valueOf(flags: ValueFlags): Uint8Array | undefined {
  if (flags.file !== undefined && flags.text !== undefined) {
    throw new UsageError('--file and --text: give one of them');
  }
  if (flags.file !== undefined) return new Uint8Array(fs.readFileSync(flags.file));
  if (flags.text !== undefined) return new Uint8Array(Buffer.from(flags.text, 'utf8'));
  return undefined;
}

/** Connects to the org's peer as `--org`/`--user`, runs `call` with the `ledger` contract and the terms. */
async function withContract<T>(
  termsId: string,
  flags: PartyFlags,
  call: (contract: Contract, ref: TermsRef) => Promise<T>,
): Promise<T> {
  const { defaultOrg, networkLayout, orgLayout, peerOrgNames } = await import('../fabric/networkLayout');
  const { connectAs } = await import('../fabric/connect');
  const layout = networkLayout();
  const org = flags.org ?? process.env.LEDGER_ORG ?? defaultOrg(layout);
  if (!peerOrgNames().includes(org)) {
    throw new UsageError(`--org: got ${org}, want one of ${peerOrgNames().join(', ')}`);
  }
  const member = orgLayout(layout, org);
  const connection = connectAs({ org: member, user: flags.user ?? process.env.LEDGER_USER ?? 'admin1' });
  try {
    const contract = connection.gateway.getNetwork(layout.channelName).getContract(layout.chaincodeName);
    return await call(contract, { termsId, partyA: member.mspId, partyB: flags.with });
  } finally {
    connection.close();
  }
}

async function put(termsId: string, flags: PartyFlags & ValueFlags): Promise<void> {
  const value = valueOf(flags);
  if (value === undefined) throw new UsageError('the terms: want --file FILE or --text TEXT');
  const { putTerms } = await import('../terms/termsClient');
  print(await withContract(termsId, flags, (contract, ref) => putTerms(contract, ref, value)));
}

async function get(termsId: string, flags: PartyFlags & { readonly out?: string }): Promise<void> {
  const { getTerms } = await import('../terms/termsClient');
  const value = await withContract(termsId, flags, (contract, ref) => getTerms(contract, ref));
  if (flags.out === undefined) process.stdout.write(value);
  else fs.writeFileSync(flags.out, value, { mode: 0o600 });
}

async function prove(
  termsId: string,
  flags: PartyFlags & ValueFlags & { readonly receipt: string },
  command: Command,
): Promise<void> {
  const given = valueOf(flags);
  const { getTerms, termsReceipt } = await import('../terms/termsClient');
  const { ref, value } = await withContract(termsId, flags, async (contract, terms) => ({
    ref: terms,
    value: given ?? (await getTerms(contract, terms)),
  }));
  const client = await connectGateway(command);
  try {
    const receipt = await termsReceipt(client, ref, value);
    fs.writeFileSync(flags.receipt, `${JSON.stringify(receipt, null, 2)}\n`);
    const revision = receipt.revision as { key: string; valueHash: string };
    const seal = receipt.seal as { sequenceNumber: string };
    print({
      proven: true,
      journalKey: revision.key,
      valueSha256: revision.valueHash,
      sequenceNumber: seal.sequenceNumber,
    });
    process.stderr.write(`receipt of sequence ${seal.sequenceNumber} written to ${flags.receipt}\n`);
  } finally {
    client.close();
  }
}

const withOption = (): Option =>
  new Option('--with <MSPID>', 'the MSP id of the other party').makeOptionMandatory(true);
const orgOptions = (command: Command): Command =>
  command
    .option(
      '--org <ORG>',
      "the caller's org, a party (env LEDGER_ORG, default the topology's first founding org)",
    )
    .option('--user <NAME>', "the org's user to act as (env LEDGER_USER, default admin1)");

/** The `ledger terms` commands. */
export function termsProgram(): Command {
  const program = newProgram(
    'ledger terms',
    "private terms two member orgs share: write, read and prove them against the journal, as a party's user",
  )
    .usage('<command> [options]')
    .addHelpText('after', HELP_AFTER);

  orgOptions(
    program
      .command('put')
      .description(
        paragraph(`write terms TERMS_ID of the caller's org and --with (roles teller, custodian, admin),
        through the transient map only; waits for the commit and prints {collection, fabricTxId,
        journalKey, parties, termsId, valueSha256}`),
      )
      .argument('<TERMS_ID>', '1 to 64 characters of [A-Za-z0-9._:-]')
      .addOption(withOption())
      .option('--file <FILE>', 'the terms: the bytes of FILE')
      .option('--text <TEXT>', 'the terms: TEXT in UTF-8'),
  ).action((termsId: string, flags: PartyFlags & ValueFlags) => put(termsId, flags));

  orgOptions(
    program
      .command('get')
      .description(
        "read terms TERMS_ID from the caller's org's own peer (parties only); writes the bytes to stdout",
      )
      .argument('<TERMS_ID>', 'the terms id')
      .addOption(withOption())
      .option('--out <FILE>', 'write the bytes to FILE (mode 0600) instead'),
  ).action((termsId: string, flags: PartyFlags & { out?: string }) => get(termsId, flags));

  addConnectionOptions(
    program
      .command('prove')
      .description(
        paragraph(`prove terms TERMS_ID against the journal: read them from the caller's org's peer (or
        take --file/--text), check that they hash to the value hash of the latest sealed write of
        private/<collection>/terms/TERMS_ID, and write a receipt of that entry with the value
        (ledger verify-receipt checks it offline). --org and --user name both the party's peer
        identity and the gateway to ask, so the user needs a role the gateway lets read (teller,
        auditor, reader or admin by default; a custodian is refused with PERMISSION_DENIED)`),
      )
      .argument('<TERMS_ID>', 'the terms id')
      .addOption(withOption())
      .requiredOption('--receipt <FILE>', 'write the receipt to FILE')
      .option('--file <FILE>', 'prove the bytes of FILE instead of those on the peer')
      .option('--text <TEXT>', 'prove TEXT instead of the bytes on the peer'),
  ).action((termsId: string, flags: PartyFlags & ValueFlags & { receipt: string }, command: Command) =>
    prove(termsId, flags, command),
  );
  return program;
}

/**
 * Prints an error a `ledger terms` action threw, with the peers' details (the chaincode's
 * `[CODE] text` of a refusal), and returns its exit status: 2 for a usage error, else 1.
 *
 * @returns the exit status.
 */
export function reportTermsError(err: unknown): number {
  const usage = err instanceof UsageError || (err instanceof Error && err.name === 'MemberConnectionError');
  const details = errorDetailMessages(err);
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`${usage ? 'usage: ' : ''}${[message, ...details].join('\n')}\n`);
  return usage ? 2 : 1;
}
