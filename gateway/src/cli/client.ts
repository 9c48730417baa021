#!/usr/bin/env node
/**
 * `ledger submit|get|digest|verify|health|history|verify-receipt`: a client of the `ledger.ImmutableLedger`
 * gateway. `verify` checks a seal offline: its hash, the digest signature against the gateway's
 * certificate (itself checked as a digest signer, security/digestSigner.ts, when --org-ca or --trust
 * is given) and the inclusion proof.
 * `submit --receipt` and `history --receipt` write receipts; `verify-receipt` checks one with no
 * gateway and no network (it opens no connection).
 */
import * as fs from 'node:fs';
import { verifySealAgainstDigest, type LedgerClient } from '../client/ledgerClient';
import type { Revision__Output } from '../generated/ledger/Revision';
import type { SealedEvent__Output } from '../generated/ledger/SealedEvent';
import { buildReceipt, type ReceiptRevision } from '../receipt/buildReceipt';
import { ReceiptError, verifyReceipt } from '../receipt/receipt';
import { checkDigestSigner, type SignerPolicy } from '../security/digestSigner';
import { auditOptions, runAudit } from './audit';
import {
  CONNECTION_SWITCHES,
  connectFromFlags,
  describeError,
  GATEWAY_CONNECTION_HELP,
  MemberConnectionError,
} from './gatewayFlags';
import { NO_TRUST_ANCHOR_WARNING, SignerFlagError, signerPolicyFromFlags } from './signerTrust';

const USAGE = `Usage: ledger <command> [options]

Commands:
  submit --id EVENT_ID (--payload TEXT | --payload-file FILE) [--signature S] [--timestamp MS] [--meta k=v ...]
         [--receipt FILE]               also write a receipt: the seal, its inclusion proof and the
                                       signed digest it is proven against (verify-receipt checks it)
  get SEQUENCE | get --id EVENT_ID [--submitter-msp MSP_ID]
                                       by id: the event of MSP_ID's org (default: the gateway's own
                                       org; each org's event ids are its own)
  digest                               the signed digest (tree size, root, chain tip, last block)
  verify SEQUENCE [--digest FILE] [--org-ca FILE | --trust FILE] [--crl FILE ...] [--at TIME]
                                       fetch the seal, its inclusion proof and a digest (or use the
                                       digest saved in FILE by 'ledger digest > FILE') and verify offline;
                                       the digest signer must be a gateway identity (see below); with
                                       neither --org-ca nor --trust it is not checked (a warning)
  consistency FIRST_SIZE [SECOND_SIZE]  RFC 9162 consistency proof between two tree sizes (second:
                                       the current size); saved to a file for 'ledger verify-export
                                       --newer-digest FILE --consistency FILE'
  health
  audit (--index FILE | --address HOST:PORT) [--org org1|org2] [--user NAME] [--idle-ms N] [--report FILE]
                                       replay the journal from the peer's blocks (block 0, the real
                                       sequencer, in memory) and compare every seal and Merkle node
                                       of the gateway index FILE (or every seal and the root a live
                                       gateway serves); prints each differing sequence and field;
                                       exit 1 when anything differs. Needs the network's crypto
                                       (NETWORK_RUN_DIR, NETWORK_PORT_BASE)
  history KEY [--page-size N] [--page-token T] [--all] [--receipt FILE [--sequence N]]
                                       revisions of a key ("/account/Org1MSP/ACC-1/", "/proposal/ID/",
                                       "event/ID", "eventbatch/TXID"), oldest first, each with its seal,
                                       inclusion proof and value; --all walks every page;
                                       --receipt also writes a receipt of one revision (the latest, or
                                       the one sealed at sequence N): value, value hash, seal, proof, digest
  verify-receipt FILE (--org-ca CA.pem | --trust trust.json) [--crl CRL.pem ...] [--at TIME]
                 [--newer-digest D.json --consistency C.json]
                                       verify a receipt with no gateway and no network: the seal's
                                       event_hash and entry_hash, the inclusion proof, the digest
                                       signature and its signer (see below), the revision's value; with
                                       --newer-digest (from 'ledger digest') and --consistency (from
                                       'ledger consistency') also that the receipt's digest is a prefix
                                       of the newer one. Prints what it checked; exit 1 names what failed

${GATEWAY_CONNECTION_HELP}
Offline checks:
  --org-ca FILE         trust this CA: the digest signer must be a certificate it issued with the
                        Fabric CA attribute ledger.role=gateway, valid at --at, key usage
                        digitalSignature (when present), not revoked by a --crl
  --trust FILE          trust the member CAs (and pinned signers) of a 'ledger trust add' file
  --crl FILE            a CRL of a trusted CA (repeatable)
  --at TIME             the time the signer's certificate must be valid at (ISO 8601, default now)
Exit status: 0 ok, 1 failed (what failed is printed), 2 usage error.
`;

class UsageError extends Error {}

interface Args {
  readonly positional: string[];
  readonly flags: Map<string, string[]>;
}

function parseArgs(argv: readonly string[]): Args {
  const positional: string[] = [];
  const flags = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const name = arg.slice(2);
    const takesNoValue = CONNECTION_SWITCHES.includes(name) || name === 'help' || name === 'all';
    const value = takesNoValue ? 'true' : (argv[++i] ?? '');
    flags.set(name, [...(flags.get(name) ?? []), value]);
  }
  return { positional, flags };
}

const flag = (a: Args, name: string): string | undefined => a.flags.get(name)?.[0];
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

function connect(a: Args): LedgerClient {
  return connectFromFlags(
    (name) => flag(a, name),
    (name) => a.flags.has(name),
  );
}

async function submit(client: LedgerClient, a: Args): Promise<void> {
  const eventId = flag(a, 'id');
  const payloadFile = flag(a, 'payload-file');
  const payload =
    payloadFile !== undefined ? fs.readFileSync(payloadFile) : Buffer.from(flag(a, 'payload') ?? '', 'utf8');
  if (eventId === undefined) throw new UsageError('submit needs --id EVENT_ID');
  const metadata = Object.fromEntries(
    (a.flags.get('meta') ?? []).map((kv) => {
      const at = kv.indexOf('=');
      if (at < 1) throw new UsageError(`--meta: got ${kv}, want key=value`);
      return [kv.slice(0, at), kv.slice(at + 1)];
    }),
  );
  const seal = await client.submitEvent({
    eventId,
    payload,
    vepsSignature: flag(a, 'signature') ?? '',
    vepsTimestamp: flag(a, 'timestamp') ?? String(Date.now()),
    metadata,
  });
  print(seal);
  const receiptFile = flag(a, 'receipt');
  if (receiptFile !== undefined) await writeReceipt(client, seal, receiptFile);
}

/** Fetches a digest and the seal's inclusion proof at its tree size, and writes the receipt file. */
async function writeReceipt(
  client: LedgerClient,
  seal: SealedEvent__Output,
  file: string,
  revision?: ReceiptRevision,
): Promise<void> {
  const digest = await client.getDigest();
  const proof = await client.getInclusionProof(seal.sequenceNumber, digest.treeSize);
  fs.writeFileSync(file, `${JSON.stringify(buildReceipt(seal, proof, digest, revision), null, 2)}\n`);
  process.stderr.write(
    `receipt of sequence ${seal.sequenceNumber} (tree size ${digest.treeSize}) written to ${file}\n`,
  );
}

/** The digest-signer policy of --org-ca, --trust, --crl and --at; undefined when none is given. */
function signerPolicy(a: Args): SignerPolicy | undefined {
  try {
    return signerPolicyFromFlags(
      {
        orgCa: flag(a, 'org-ca'),
        trust: flag(a, 'trust'),
        crls: a.flags.get('crl') ?? [],
        at: flag(a, 'at'),
      },
      new Date(),
    );
  } catch (err) {
    if (err instanceof SignerFlagError) throw new UsageError(err.message);
    throw err;
  }
}

async function verify(client: LedgerClient, a: Args): Promise<void> {
  const sequence = a.positional[1];
  if (sequence === undefined) throw new UsageError('verify SEQUENCE');
  const signers = signerPolicy(a);
  const digestFile = flag(a, 'digest');
  const digest =
    digestFile !== undefined
      ? (JSON.parse(fs.readFileSync(digestFile, 'utf8')) as Awaited<ReturnType<LedgerClient['getDigest']>>)
      : await client.getDigest();
  if (digestFile !== undefined)
    digest.signature = Buffer.from(digest.signature as unknown as string, 'base64');
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

async function history(client: LedgerClient, a: Args): Promise<void> {
  const key = a.positional[1];
  if (key === undefined) throw new UsageError('history KEY [--page-size N] [--page-token T] [--all]');
  const pageSize = Number(flag(a, 'page-size') ?? '0');
  if (!Number.isSafeInteger(pageSize) || pageSize < 0) throw new UsageError('--page-size: want 1..500');
  let pageToken = flag(a, 'page-token') ?? '';
  const receiptFile = flag(a, 'receipt');
  const wanted = flag(a, 'sequence');
  const walkAll = a.flags.has('all') || receiptFile !== undefined;
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
function verifyReceiptFile(a: Args): void {
  const file = a.positional[1];
  const signers = signerPolicy(a);
  if (file === undefined || signers === undefined) {
    throw new UsageError(
      'verify-receipt FILE (--org-ca CA.pem | --trust trust.json) [--crl CRL.pem] [--at TIME] [--newer-digest D.json --consistency C.json]',
    );
  }
  const newer = flag(a, 'newer-digest');
  const consistency = flag(a, 'consistency');
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

const COMMANDS: Readonly<Record<string, (client: LedgerClient, a: Args) => Promise<void>>> = {
  submit,
  get: async (client, a) => {
    const id = flag(a, 'id');
    const sequence = a.positional[1];
    if (id === undefined && sequence === undefined) {
      throw new UsageError('get SEQUENCE | get --id EVENT_ID [--submitter-msp MSP_ID]');
    }
    const msp = flag(a, 'submitter-msp');
    print(id !== undefined ? await client.getEventById(id, msp) : await client.getEvent(sequence ?? ''));
  },
  digest: async (client) => {
    print(await client.getDigest());
  },
  verify,
  consistency: async (client, a) => {
    const first = a.positional[1];
    if (first === undefined) throw new UsageError('consistency FIRST_SIZE [SECOND_SIZE]');
    print(await client.getConsistencyProof(first, a.positional[2] ?? 0));
  },
  history,
  health: async (client) => {
    const answer = await client.healthCheck();
    print(answer);
    if (!answer.healthy) process.exitCode = 1;
  },
};

async function audit(a: Args): Promise<void> {
  const options = auditOptions((name) => flag(a, name), process.env);
  if (typeof options === 'string') throw new UsageError(options);
  // A live gateway is read as the audit's own user unless --user names another.
  const auditFlag = (name: string): string | undefined =>
    flag(a, name) ?? (name === 'user' ? options.user : name === 'org' ? options.org : undefined);
  const gateway =
    options.indexFile === undefined ? connectFromFlags(auditFlag, (name) => a.flags.has(name)) : undefined;
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

/** Prints the usage: to stdout when asked for (--help), else to stderr with exit status 2. */
function usage(asked: boolean): void {
  (asked ? process.stdout : process.stderr).write(USAGE);
  if (!asked) process.exitCode = 2;
}

/** Commands that open no gateway connection themselves (audit connects only when asked to). */
const OFFLINE_COMMANDS: Readonly<Record<string, (a: Args) => Promise<void>>> = {
  audit,
  'verify-receipt': async (a) => {
    verifyReceiptFile(a);
    return Promise.resolve();
  },
};

async function main(argv: readonly string[]): Promise<void> {
  const a = parseArgs(argv);
  const offline = OFFLINE_COMMANDS[a.positional[0] ?? ''];
  if (offline !== undefined && !a.flags.has('help')) return offline(a);
  const command = COMMANDS[a.positional[0] ?? ''];
  if (a.flags.has('help') || command === undefined) {
    usage(a.flags.has('help'));
    return;
  }
  const client = connect(a);
  try {
    await command(client, a);
  } finally {
    client.close();
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  const usageError = err instanceof UsageError || err instanceof MemberConnectionError;
  process.stderr.write(`${usageError ? 'usage: ' : ''}${describeError(err)}\n`);
  process.exitCode = usageError ? 2 : 1;
});
