/**
 * `ledger fabric archive` and `ledger fabric verify-archive`: pull every block of a Fabric channel over
 * the Deliver service with a member's identity, verify and store them; re-verify a stored archive
 * offline. Returns the exit status rather than exiting, so that tests can run it.
 */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { orgLayoutOf } from '../client/memberConnection';
import { loadIdentity, loadSigner, newNativeSigner } from '../fabric/connect';
import { defaultOrg, networkLayout } from '../fabric/networkLayout';
import { loadTopology } from '../topology/loadTopology';
import { ArchiveVerificationError, describeFailure } from '../fabricArchive/archiveFailure';
import { ArchiveFormatError } from '../fabricArchive/archiveLayout';
import { ArchiveFolderError } from '../fabricArchive/archiveStore';
import { archiveChannel } from '../fabricArchive/archiveChannel';
import { DeliverError, newDeliverClient, type DeliverSource } from '../fabricArchive/deliverBlocks';
import { verifyArchiveFolder } from '../fabricArchive/verifyArchive';
import { readVerifiedArchive } from '../fabricArchive/verifiedArchive';
import { peerImportConnector } from '../migration/importConnector';
import { FABRIC_IMPORT_USAGE, runFabricImport } from './fabricImport';
import { newProgressLine, type ProgressTarget } from './progressLine';

/** `ledger fabric --help`. */
export const FABRIC_USAGE = `Usage:
  ledger fabric archive --out DIR [--channel C] [--orderer ADDR | --peer ADDR]
                        [--org ORG --user USER | --msp-id MSP --cert FILE --key FILE]
                        [--tls-ca FILE] [--tls-server-name NAME] [--tls-cert FILE --tls-key FILE]
                        [--progress]
      read every block of channel C (default: the network's channel, ledger) from the Deliver service
      of an orderer (default 127.0.0.1:<NETWORK_PORT_BASE+50>, orderer1) or of a peer (--peer: blocks
      as the peer committed them, with the validation flags that say which transactions are valid;
      needed to import them), signing the request as a member identity the channel's Readers policy
      admits (default: --org org1 --user auditor1 of this network; --msp-id/--cert/--key for any
      other channel). TLS is checked against --tls-ca (default: this network's orderer CA, or the
      org's CA for --peer); --tls-cert/--tls-key give a TLS client certificate to a service that
      requires one. Each block is verified as it arrives, then stored in DIR/blocks/ with a
      line of DIR/index.jsonl; DIR/manifest.json says what was archived. Run it again to resume
      after the last stored block (and fetch blocks added since). Checks: the header hash chain from
      the genesis block, each block's data hash, the orderer signatures against the orderer orgs'
      CAs of the configuration in force, the configuration block the orderer names, and each valid
      transaction's creator and endorsement signatures against the channel's MSPs (docs/migration.md).
  ledger fabric verify-archive DIR [--progress]
      re-verify a stored archive offline, block by block, with the same checks.
  Progress (blocks, blocks/s, ETA) goes to stderr when it is a terminal, or with --progress. A JSON
  report goes to stdout; on failure it names the first failing block and field, also on stderr.
  Exit status: 0 verified, 1 failed (what failed is printed), 2 usage error.

${FABRIC_IMPORT_USAGE}`;

class UsageError extends Error {}

const VALUE_FLAGS = [
  'out',
  'channel',
  'orderer',
  'peer',
  'org',
  'user',
  'msp-id',
  'cert',
  'key',
  'tls-ca',
  'tls-server-name',
  'tls-cert',
  'tls-key',
] as const;

function parseArgs(argv: readonly string[]): { positional: string[]; flags: Map<string, string> } {
  const positional: string[] = [];
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const name = arg.slice(2);
    if (name === 'progress') flags.set(name, 'true');
    else if ((VALUE_FLAGS as readonly string[]).includes(name)) {
      const value = argv[++i];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`--${name} needs a value`);
      flags.set(name, value);
    } else throw new UsageError(`unknown option ${arg}`);
  }
  return { positional, flags };
}

/** Output streams, so that tests can capture them. */
export interface FabricCommandOutput {
  stdout(text: string): void;
  readonly stderr: ProgressTarget;
}

interface Member {
  readonly mspId: string;
  readonly certificate: Uint8Array;
  readonly sign: (message: Uint8Array) => Promise<Uint8Array>;
}

function member(flags: Map<string, string>): Member {
  const explicit = ['msp-id', 'cert', 'key'].filter((f) => flags.has(f));
  if (explicit.length > 0) {
    if (explicit.length < 3) throw new UsageError('--msp-id, --cert and --key go together');
    if (flags.has('org') || flags.has('user'))
      throw new UsageError('give --org/--user or --msp-id/--cert/--key');
    const key = createPrivateKey(fs.readFileSync(flags.get('key') ?? ''));
    return {
      mspId: flags.get('msp-id') ?? '',
      certificate: fs.readFileSync(flags.get('cert') ?? ''),
      sign: newNativeSigner(key),
    };
  }
  const layout = networkLayout(process.env);
  const org = orgLayoutOf(layout, flags.get('org') ?? defaultOrg(layout));
  const mspDir = path.join(org.usersDir, flags.get('user') ?? 'auditor1', 'msp');
  const identity = loadIdentity(org.mspId, mspDir);
  return { mspId: identity.mspId, certificate: identity.credentials, sign: loadSigner(mspDir) };
}

function defaultOrderer(): string {
  const first = loadTopology(process.env).ordererOrg.orderers[0];
  if (first === undefined) throw new UsageError('the topology has no orderer: give --orderer HOST:PORT');
  return `${first.host}:${first.port}`;
}

/** The Deliver service to read from: source, endpoint, TLS CA. */
function serviceOf(flags: Map<string, string>): { source: DeliverSource; endpoint: string; tlsCa: string } {
  if (flags.has('orderer') && flags.has('peer')) throw new UsageError('give --orderer or --peer, not both');
  const layout = networkLayout(process.env);
  const peer = flags.get('peer');
  if (peer !== undefined) {
    const org = orgLayoutOf(layout, flags.get('org') ?? defaultOrg(layout));
    return { source: 'peer', endpoint: peer, tlsCa: flags.get('tls-ca') ?? org.caCertPath };
  }
  return {
    source: 'orderer',
    endpoint: flags.get('orderer') ?? defaultOrderer(),
    tlsCa:
      flags.get('tls-ca') ??
      path.join(layout.cryptoDir, loadTopology(process.env).ordererOrg.name, 'ca', 'ca-cert.pem'),
  };
}

function tlsClientOf(flags: Map<string, string>): { cert: Uint8Array; key: Uint8Array } | undefined {
  const cert = flags.get('tls-cert');
  const key = flags.get('tls-key');
  if (cert === undefined && key === undefined) return undefined;
  if (cert === undefined || key === undefined) throw new UsageError('--tls-cert and --tls-key go together');
  return { cert: fs.readFileSync(cert), key: fs.readFileSync(key) };
}

async function archive(flags: Map<string, string>, out: FabricCommandOutput): Promise<number> {
  const dir = flags.get('out');
  if (dir === undefined) throw new UsageError('archive needs --out DIR');
  const { source, endpoint, tlsCa } = serviceOf(flags);
  const channel = flags.get('channel') ?? networkLayout(process.env).channelName;
  const signer = member(flags);
  const tlsServerName = flags.get('tls-server-name');
  const tlsClient = tlsClientOf(flags);
  const deliver = newDeliverClient({
    source,
    endpoint,
    tlsRootCert: fs.readFileSync(tlsCa),
    ...(tlsServerName === undefined ? {} : { tlsServerName }),
    ...(tlsClient === undefined ? {} : { tlsClient }),
    channel,
    mspId: signer.mspId,
    certificate: signer.certificate,
    sign: signer.sign,
  });
  const progress = newProgressLine(out.stderr, 'blocks', 0, 0, showProgress(flags, out));
  try {
    const report = await archiveChannel({
      dir,
      channel,
      source,
      endpoint,
      archivedBy: {
        mspId: signer.mspId,
        subject: new X509Certificate(Buffer.from(signer.certificate)).subject.replaceAll('\n', ', '),
      },
      deliver,
      onProgress: (done, total) => {
        progress.update(done, total);
      },
    });
    progress.finish();
    out.stdout(`${JSON.stringify(report)}\n`);
    return 0;
  } finally {
    progress.finish();
    deliver.close();
  }
}

function showProgress(flags: Map<string, string>, out: FabricCommandOutput): boolean {
  return flags.has('progress') || out.stderr.isTTY;
}

function verify(positional: readonly string[], flags: Map<string, string>, out: FabricCommandOutput): number {
  const dir = positional[0];
  if (dir === undefined || positional.length > 1)
    throw new UsageError('verify-archive needs one archive folder DIR');
  const progress = newProgressLine(out.stderr, 'blocks', 0, 0, showProgress(flags, out));
  const report = verifyArchiveFolder(dir, (done, total) => {
    progress.update(done, total);
  });
  progress.finish();
  out.stdout(`${JSON.stringify(report)}\n`);
  if (report.failure !== undefined) {
    out.stderr.write(`fabric verify-archive: FAILED at ${describeFailure(report.failure)}\n`);
    return 1;
  }
  return 0;
}

function describe(err: unknown, out: FabricCommandOutput): number {
  if (err instanceof UsageError) {
    out.stderr.write(`usage: ${err.message}\n`);
    return 2;
  }
  if (err instanceof ArchiveVerificationError) {
    out.stdout(`${JSON.stringify({ ok: false, failure: err.failure })}\n`);
    out.stderr.write(`fabric archive: FAILED at ${err.message}\n`);
    return 1;
  }
  // DeliverError, ArchiveFolderError, ArchiveFormatError, file errors (ENOENT, EACCES), bad keys.
  if (!(err instanceof Error)) throw err;
  const kind =
    err instanceof DeliverError || err instanceof ArchiveFolderError || err instanceof ArchiveFormatError
      ? ''
      : `${err.name}: `;
  out.stderr.write(`fabric: ${kind}${err.message}\n`);
  return 1;
}

/**
 * Runs `ledger fabric ARGS`.
 *
 * @param argv - the arguments after `fabric`.
 * @param out - stdout and stderr.
 * @returns the exit status: 0 verified, 1 failed, 2 usage error.
 */
export async function runFabricCommand(argv: readonly string[], out: FabricCommandOutput): Promise<number> {
  if (argv.length === 0 || argv.includes('--help') || argv.includes('-h')) {
    out.stdout(FABRIC_USAGE);
    return argv.length === 0 ? 2 : 0;
  }
  if (argv[0] === 'import') {
    return runFabricImport(
      argv.slice(1),
      {
        stdout: (text) => {
          out.stdout(text);
        },
        stderr: (text) => {
          out.stderr.write(text);
        },
        stderrIsTTY: out.stderr.isTTY,
      },
      readVerifiedArchive,
      peerImportConnector,
    );
  }
  try {
    return await dispatch(argv, out);
  } catch (err) {
    return describe(err, out);
  }
}

async function dispatch(argv: readonly string[], out: FabricCommandOutput): Promise<number> {
  const { positional, flags } = parseArgs(argv.slice(1));
  if (argv[0] === 'archive') {
    if (positional.length > 0) throw new UsageError(`unexpected argument ${positional[0] ?? ''}`);
    return archive(flags, out);
  }
  if (argv[0] === 'verify-archive') return verify(positional, flags, out);
  throw new UsageError(`unknown fabric command ${argv[0] ?? ''} (want: archive, verify-archive, import)`);
}
