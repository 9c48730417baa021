/**
 * `ledger submit|get|digest|verify|consistency|health|history|audit|verify-receipt`: a client of the
 * `ledger.ImmutableLedger` gateway. `verify` checks a seal offline: its hash, the digest signature
 * against the gateway's certificate (itself checked as a digest signer, security/digestSigner.ts, when
 * --org-ca or --trust is given) and the inclusion proof. `submit --receipt` and `history --receipt`
 * write receipts; `verify-receipt` checks one with no gateway and no network (it opens no connection).
 * Defines the commands; `client.ts` runs them. The gRPC client is loaded by the actions only.
 */
import * as fs from 'node:fs';
import type { LedgerClient } from '../client/ledgerClient';
import type { Revision__Output } from '../generated/ledger/Revision';
import type { SealedEvent__Output } from '../generated/ledger/SealedEvent';
import type { ReceiptRevision } from '../receipt/buildReceipt';
import { flagReader, newProgram, Option, repeatable, UsageError, type Command } from './commandLine';
import { addConnectionOptions, connectGateway } from './connectionOptions';
import { addSignerOptions, signerPolicyOf } from './signerOptions';

const EXIT_STATUS = 'Exit status: 0 ok, 1 failed (what failed is printed), 2 usage error.';

/** JSON with bytes as base64 (Buffer#toJSON runs before a replacer sees the Buffer, hence both forms). */
const json = (value: unknown): string =>
  JSON.stringify(value, (_k, v: unknown) => {
    const bytes = v as { type?: unknown; data?: unknown };
    if (typeof v === 'object' && v !== null && bytes.type === 'Buffer' && Array.isArray(bytes.data)) {
      return Buffer.from(bytes.data as number[]).toString('base64');
    }
    return v instanceof Uint8Array ? Buffer.from(v).toString('base64') : v;
  });
const print = (value: unknown): void => {
  process.stdout.write(`${json(value)}\n`);
};

/** Runs `call` on a client connected as `command`'s flags say, and closes it. */
async function withClient(command: Command, call: (client: LedgerClient) => Promise<void>): Promise<void> {
  const client = await connectGateway(command);
  try {
    await call(client);
  } finally {
    client.close();
  }
}

interface SubmitFlags {
  readonly id: string;
  readonly payload?: string;
  readonly payloadFile?: string;
  readonly signature?: string;
  readonly timestamp?: string;
  readonly meta?: string[];
  readonly receipt?: string;
}

async function submit(client: LedgerClient, flags: SubmitFlags): Promise<void> {
  const payload =
    flags.payloadFile !== undefined
      ? fs.readFileSync(flags.payloadFile)
      : Buffer.from(flags.payload ?? '', 'utf8');
  const metadata = Object.fromEntries(
    (flags.meta ?? []).map((kv) => {
      const at = kv.indexOf('=');
      if (at < 1) throw new UsageError(`--meta: got ${kv}, want key=value`);
      return [kv.slice(0, at), kv.slice(at + 1)];
    }),
  );
  const seal = await client.submitEvent({
    eventId: flags.id,
    payload,
    vepsSignature: flags.signature ?? '',
    vepsTimestamp: flags.timestamp ?? String(Date.now()),
    metadata,
  });
  print(seal);
  if (flags.receipt !== undefined) await writeReceipt(client, seal, flags.receipt);
}

/** Fetches a digest and the seal's inclusion proof at its tree size, and writes the receipt file. */
async function writeReceipt(
  client: LedgerClient,
  seal: SealedEvent__Output,
  file: string,
  revision?: ReceiptRevision,
): Promise<void> {
  const { buildReceipt } = await import('../receipt/buildReceipt');
  const digest = await client.getDigest();
  const proof = await client.getInclusionProof(seal.sequenceNumber, digest.treeSize);
  fs.writeFileSync(file, `${JSON.stringify(buildReceipt(seal, proof, digest, revision), null, 2)}\n`);
  process.stderr.write(
    `receipt of sequence ${seal.sequenceNumber} (tree size ${digest.treeSize}) written to ${file}\n`,
  );
}

async function verify(command: Command, sequence: string): Promise<void> {
  const signers = await signerPolicyOf(command);
  const digestFile = command.opts<{ digest?: string }>().digest;
  await withClient(command, async (client) => {
    const { verifySealAgainstDigest } = await import('../client/ledgerClient');
    const { checkDigestSigner } = await import('../security/digestSigner');
    const { NO_TRUST_ANCHOR_WARNING } = await import('./signerTrust');
    const digest =
      digestFile !== undefined
        ? (JSON.parse(fs.readFileSync(digestFile, 'utf8')) as Awaited<ReturnType<LedgerClient['getDigest']>>)
        : await client.getDigest();
    if (digestFile !== undefined) {
      digest.signature = Buffer.from(digest.signature as unknown as string, 'base64');
      digest.signedBytes = Buffer.from((digest.signedBytes as unknown as string | undefined) ?? '', 'base64');
    }
    const seal = await client.getEvent(sequence);
    const proof = await client.getInclusionProof(sequence, digest.treeSize);
    if (signers === undefined) process.stderr.write(NO_TRUST_ANCHOR_WARNING);
    else {
      const verdict = checkDigestSigner(digest.certificatePem, signers.trust, signers.at);
      if (!verdict.ok) throw new Error(`verification failed: ${verdict.reason}`);
    }
    const outcome = verifySealAgainstDigest(seal, proof, digest);
    if (!outcome.ok) throw new Error(`verification failed: ${outcome.failed}`);
    print({
      verified: true,
      sequenceNumber: seal.sequenceNumber,
      treeSize: digest.treeSize,
      rootHash: digest.rootHash,
    });
  });
}

/** The revision sealed at sequence `wanted` (or the latest when undefined) among `revisions`. */
function pickRevision(
  revisions: readonly Revision__Output[],
  wanted: string | undefined,
  current: Revision__Output | undefined,
): Revision__Output | undefined {
  const match = revisions.filter((r) => wanted === undefined || r.seal?.sequenceNumber === wanted);
  return match.at(-1) ?? current;
}

interface HistoryFlags {
  readonly pageSize?: string;
  readonly pageToken?: string;
  readonly all?: boolean;
  readonly receipt?: string;
  readonly sequence?: string;
}

async function history(client: LedgerClient, key: string, flags: HistoryFlags): Promise<void> {
  const pageSize = Number(flags.pageSize ?? '0');
  if (!Number.isSafeInteger(pageSize) || pageSize < 0) throw new UsageError('--page-size: want 1..500');
  let pageToken = flags.pageToken ?? '';
  const receiptFile = flags.receipt;
  const wanted = flags.sequence;
  const walkAll = flags.all === true || receiptFile !== undefined;
  let chosen: Revision__Output | undefined;
  do {
    const page = await client.getHistory({ key, pageSize, pageToken });
    print(page);
    chosen = pickRevision(page.revisions, wanted, chosen);
    pageToken = walkAll ? page.nextPageToken : '';
  } while (pageToken !== '');
  if (receiptFile !== undefined) await writeRevisionReceipt(client, key, chosen, wanted, receiptFile);
}

async function writeRevisionReceipt(
  client: LedgerClient,
  key: string,
  chosen: Revision__Output | undefined,
  wanted: string | undefined,
  file: string,
): Promise<void> {
  if (chosen?.seal == null || chosen.write === null) {
    throw new Error(
      `history ${key}: no revision${wanted === undefined ? '' : ` sealed at sequence ${wanted}`}`,
    );
  }
  await writeReceipt(client, chosen.seal, file, { write: chosen.write, value: chosen.value });
}

/** `verify-receipt`: offline, no connection is opened. */
async function verifyReceiptFile(command: Command, file: string): Promise<void> {
  const signers = await signerPolicyOf(command);
  if (signers === undefined) {
    throw new UsageError(
      'verify-receipt FILE (--org-ca CA.pem | --trust trust.json) [--crl CRL.pem] [--at TIME] [--newer-digest D.json --consistency C.json]',
    );
  }
  const { newerDigest: newer, consistency } = command.opts<{ newerDigest?: string; consistency?: string }>();
  const { ReceiptError, verifyReceipt } = await import('../receipt/receipt');
  try {
    const result = verifyReceipt(fs.readFileSync(file), {
      signers,
      ...(newer === undefined ? {} : { newerDigest: fs.readFileSync(newer) }),
      ...(consistency === undefined ? {} : { consistency: fs.readFileSync(consistency) }),
    });
    for (const line of result.checked) process.stdout.write(`ok: ${line}\n`);
    process.stdout.write(
      `receipt verified: sequence ${result.sequenceNumber} is in the signed tree of ${result.treeSize} entries, root ${result.rootHash}\n`,
    );
  } catch (err) {
    if (!(err instanceof ReceiptError)) throw err;
    throw new Error(`receipt verification failed: ${err.message}`);
  }
}

/** `audit`: reads the index file, or a live gateway as the audit's own --org and --user. */
async function audit(command: Command): Promise<void> {
  const { auditOptions, runAudit } = await import('./audit');
  const flag = flagReader(command);
  const options = auditOptions(flag, process.env);
  if (typeof options === 'string') throw new UsageError(options);
  // A live gateway is read as the audit's own user unless --user names another.
  const auditFlag = (name: string): string | undefined =>
    flag(name) ?? (name === 'user' ? options.user : name === 'org' ? options.org : undefined);
  const gateway = options.indexFile === undefined ? await connectGateway(command, auditFlag) : undefined;
  try {
    const report = await runAudit({
      ...options,
      ...(gateway === undefined ? {} : { gateway }),
      out: (line) => process.stdout.write(`${line}\n`),
    });
    if (!report.ok) process.exitCode = 1;
  } finally {
    gateway?.close();
  }
}

/** Adds a command; {@link clientProgram} gives the gateway commands the connection flags last. */
function gatewayCommand(program: Command, name: string, description: string): Command {
  return program.command(name).description(description);
}

/** The client commands, as one program whose first argument is the command. */
export function clientProgram(): Command {
  const program = newProgram('ledger', 'a client of the ledger.ImmutableLedger gateway')
    .usage('<command> [options]')
    .addHelpText('after', `\n${EXIT_STATUS}`);

  const submitCommand = gatewayCommand(program, 'submit', 'submit an event; prints its seal')
    .requiredOption('--id <EVENT_ID>', "the event's id (unique within the submitting org)")
    .option('--payload <TEXT>', 'the payload as text')
    .option('--payload-file <FILE>', 'the payload, read from FILE (instead of --payload)')
    .option('--signature <S>', "the event's VEPS signature")
    .option('--timestamp <MS>', "the event's VEPS timestamp, ms since the epoch (default now)");
  repeatable(submitCommand, '--meta <k=v>', 'a metadata entry (repeatable)')
    .option(
      '--receipt <FILE>',
      'also write a receipt: the seal, its inclusion proof and the signed digest it is proven against (verify-receipt checks it)',
    )
    .action(async (flags: SubmitFlags, command: Command) => {
      await withClient(command, (client) => submit(client, flags));
    });

  gatewayCommand(program, 'get', 'an event with its seal, by sequence number or by id')
    .argument('[SEQUENCE]', 'the sequence number')
    .option('--id <EVENT_ID>', 'by id instead of sequence number')
    .option(
      '--submitter-msp <MSP_ID>',
      "by id: the event of MSP_ID's org (default: the gateway's own org; each org's event ids are its own)",
    )
    .action(
      async (
        sequence: string | undefined,
        flags: { id?: string; submitterMsp?: string },
        command: Command,
      ) => {
        const { id, submitterMsp } = flags;
        if (id === undefined && sequence === undefined) {
          throw new UsageError('get SEQUENCE | get --id EVENT_ID [--submitter-msp MSP_ID]');
        }
        await withClient(command, async (client) => {
          print(
            id !== undefined
              ? await client.getEventById(id, submitterMsp)
              : await client.getEvent(sequence ?? ''),
          );
        });
      },
    );

  gatewayCommand(program, 'digest', 'the signed digest (tree size, root, chain tip, last block)').action(
    async (_flags: unknown, command: Command) => {
      await withClient(command, async (client) => {
        print(await client.getDigest());
      });
    },
  );

  addSignerOptions(
    gatewayCommand(
      program,
      'verify',
      "fetch the seal, its inclusion proof and a digest (or use the digest saved in FILE by 'ledger digest > FILE') and verify offline; the digest signer must be a gateway identity (see --org-ca, --trust); with neither --org-ca nor --trust it is not checked (a warning)",
    )
      .argument('<SEQUENCE>', 'the sequence number of the event to verify')
      .option('--digest <FILE>', "a digest saved by 'ledger digest > FILE' instead of the current one"),
  ).action(async (sequence: string, _flags: unknown, command: Command) => {
    await verify(command, sequence);
  });

  gatewayCommand(
    program,
    'consistency',
    "RFC 9162 consistency proof between two tree sizes; saved to a file for 'ledger verify-export --newer-digest FILE --consistency FILE'",
  )
    .argument('<FIRST_SIZE>', 'the smaller tree size')
    .argument('[SECOND_SIZE]', 'the larger tree size (default: the current size)')
    .action(async (first: string, second: string | undefined, _flags: unknown, command: Command) => {
      await withClient(command, async (client) => {
        print(await client.getConsistencyProof(first, second ?? 0));
      });
    });

  gatewayCommand(program, 'health', "the gateway's health; exit 1 when it is not healthy").action(
    async (_flags: unknown, command: Command) => {
      await withClient(command, async (client) => {
        const answer = await client.healthCheck();
        print(answer);
        if (!answer.healthy) process.exitCode = 1;
      });
    },
  );

  gatewayCommand(
    program,
    'history',
    'revisions of a key, oldest first, each with its seal, inclusion proof and value',
  )
    .argument('<KEY>', 'the key: "/account/MSPID/ACC-1/", "/proposal/ID/", "event/ID", "eventbatch/TXID"')
    .option('--page-size <N>', "revisions per page (1..500; default: the gateway's)")
    .option('--page-token <T>', "the page to start at (a page's nextPageToken)")
    .option('--all', 'walk every page')
    .option(
      '--receipt <FILE>',
      'also write a receipt of one revision (the latest, or the one sealed at --sequence): value, value hash, seal, proof, digest',
    )
    .option('--sequence <N>', 'with --receipt: the revision sealed at sequence N')
    .action(async (key: string, flags: HistoryFlags, command: Command) => {
      await withClient(command, (client) => history(client, key, flags));
    });

  program
    .command('audit')
    .description(
      "replay the journal from the peer's blocks (block 0, the real sequencer, in memory) and compare every seal and Merkle node of the gateway index FILE (or every seal and the root a live gateway serves); prints each differing sequence and field; exit 1 when anything differs. Needs the network's crypto (NETWORK_RUN_DIR, NETWORK_PORT_BASE)",
    )
    .option('--index <FILE>', 'the gateway index (SQLite file) to audit, opened read-only')
    .addOption(
      new Option(
        '--org <ORG>',
        "the org whose peer serves the blocks, and whose gateway --address is (env LEDGER_GATEWAY_ORG, default the topology's first founding org)",
      ),
    )
    .option('--user <NAME>', 'its user (env LEDGER_GATEWAY_USER, default gateway1)')
    .option('--idle-ms <N>', 'stop replaying when no block comes for N ms (≥ 100)', '5000')
    .option('--report <FILE>', 'also write the report as JSON to FILE')
    .action(async (_flags: unknown, command: Command) => {
      await audit(command);
    });

  addSignerOptions(
    program
      .command('verify-receipt')
      .description(
        "verify a receipt with no gateway and no network: the seal's event_hash and entry_hash, the inclusion proof, the digest signature and its signer (--org-ca or --trust, required), the revision's value; with --newer-digest (from 'ledger digest') and --consistency (from 'ledger consistency') also that the receipt's digest is a prefix of the newer one. Prints what it checked; exit 1 names what failed",
      )
      .argument('<FILE>', 'the receipt (from submit --receipt or history --receipt)')
      .option('--newer-digest <FILE>', "a newer signed digest, saved with 'ledger digest > FILE'")
      .option('--consistency <FILE>', "the consistency proof to it, saved with 'ledger consistency'"),
  ).action(async (file: string, _flags: unknown, command: Command) => {
    await verifyReceiptFile(command, file);
  });

  const names = program.commands.map((command) => command.name());
  for (const command of program.commands) {
    // verify-receipt opens no connection; audit's --org and --user are its own.
    if (command.name() !== 'verify-receipt')
      addConnectionOptions(command, command.name() === 'audit' ? ['org', 'user'] : []);
    command.addHelpText('after', EXIT_STATUS);
    const others = names.filter((name) => name !== command.name()).join(', ');
    command.addHelpText('after', `Other client commands: ${others} (ledger COMMAND --help).`);
  }
  return program;
}
