/**
 * What `ledger fabric archive` and `ledger fabric verify-archive` do once their command line is parsed:
 * pull every block of a Fabric channel over the Deliver service with a member's identity, verify and
 * store them; re-verify a stored archive offline. Loaded by the commands' actions (it loads gRPC and
 * the Fabric protos), not by `--help`.
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
import { UsageError } from './commandLine';
import { newProgressLine, type ProgressTarget } from '../progress/progressLine';

/** The flags of `fabric archive` and `fabric verify-archive` as commander parsed them. */
export interface FabricFlags {
  readonly out?: string;
  readonly channel?: string;
  readonly orderer?: string;
  readonly peer?: string;
  readonly org?: string;
  readonly user?: string;
  readonly mspId?: string;
  readonly cert?: string;
  readonly key?: string;
  readonly tlsCa?: string;
  readonly tlsServerName?: string;
  readonly tlsCert?: string;
  readonly tlsKey?: string;
  readonly progress?: boolean;
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

function member(flags: FabricFlags): Member {
  const explicit = [flags.mspId, flags.cert, flags.key].filter((f) => f !== undefined);
  if (explicit.length > 0) {
    if (explicit.length < 3) throw new UsageError('--msp-id, --cert and --key go together');
    if (flags.org !== undefined || flags.user !== undefined)
      throw new UsageError('give --org/--user or --msp-id/--cert/--key');
    const key = createPrivateKey(fs.readFileSync(flags.key ?? ''));
    return {
      mspId: flags.mspId ?? '',
      certificate: fs.readFileSync(flags.cert ?? ''),
      sign: newNativeSigner(key),
    };
  }
  const layout = networkLayout(process.env);
  const org = orgLayoutOf(layout, flags.org ?? defaultOrg(layout));
  const mspDir = path.join(org.usersDir, flags.user ?? 'auditor1', 'msp');
  const identity = loadIdentity(org.mspId, mspDir);
  return { mspId: identity.mspId, certificate: identity.credentials, sign: loadSigner(mspDir) };
}

function defaultOrderer(): string {
  const first = loadTopology(process.env).ordererOrg.orderers[0];
  if (first === undefined) throw new UsageError('the topology has no orderer: give --orderer HOST:PORT');
  return `${first.host}:${first.port}`;
}

/** The Deliver service to read from: source, endpoint, TLS CA. */
function serviceOf(flags: FabricFlags): { source: DeliverSource; endpoint: string; tlsCa: string } {
  if (flags.orderer !== undefined && flags.peer !== undefined)
    throw new UsageError('give --orderer or --peer, not both');
  const layout = networkLayout(process.env);
  const peer = flags.peer;
  if (peer !== undefined) {
    const org = orgLayoutOf(layout, flags.org ?? defaultOrg(layout));
    return { source: 'peer', endpoint: peer, tlsCa: flags.tlsCa ?? org.caCertPath };
  }
  return {
    source: 'orderer',
    endpoint: flags.orderer ?? defaultOrderer(),
    tlsCa:
      flags.tlsCa ??
      path.join(layout.cryptoDir, loadTopology(process.env).ordererOrg.name, 'ca', 'ca-cert.pem'),
  };
}

function tlsClientOf(flags: FabricFlags): { cert: Uint8Array; key: Uint8Array } | undefined {
  const cert = flags.tlsCert;
  const key = flags.tlsKey;
  if (cert === undefined && key === undefined) return undefined;
  if (cert === undefined || key === undefined) throw new UsageError('--tls-cert and --tls-key go together');
  return { cert: fs.readFileSync(cert), key: fs.readFileSync(key) };
}

async function archive(flags: FabricFlags, out: FabricCommandOutput): Promise<number> {
  const dir = flags.out;
  if (dir === undefined) throw new UsageError('archive needs --out DIR');
  const { source, endpoint, tlsCa } = serviceOf(flags);
  const channel = flags.channel ?? networkLayout(process.env).channelName;
  const signer = member(flags);
  const tlsServerName = flags.tlsServerName;
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

function showProgress(flags: FabricFlags, out: FabricCommandOutput): boolean {
  return flags.progress === true || out.stderr.isTTY;
}

function verify(dir: string, flags: FabricFlags, out: FabricCommandOutput): number {
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
 * Runs `ledger fabric archive` with its flags.
 *
 * @returns the exit status: 0 archived and verified, 1 failed (named), 2 usage error.
 */
export async function archiveAction(flags: FabricFlags, out: FabricCommandOutput): Promise<number> {
  try {
    return await archive(flags, out);
  } catch (err) {
    return describe(err, out);
  }
}

/**
 * Runs `ledger fabric verify-archive DIR`.
 *
 * @returns the exit status: 0 verified, 1 failed (named).
 */
export function verifyArchiveAction(dir: string, flags: FabricFlags, out: FabricCommandOutput): number {
  try {
    return verify(dir, flags, out);
  } catch (err) {
    return describe(err, out);
  }
}
