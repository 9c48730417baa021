/**
 * `ledger trust`: writes an auditor's trust file (`ledger-trust-v1`, see security/trustFile.ts).
 * `from-channel` writes (or refreshes) it from the channel configuration: the members the current
 * configuration block names, their CAs and CRLs (from a peer, or offline from a fetched block).
 * `add` adds or extends one member from files: its CA certificate, its CRL, a gateway certificate to pin.
 * Defines the commands; `trust.ts` runs them. The Fabric and certificate code is loaded by the actions.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DigestSignerTrust } from '../security/digestSigner';
import { newProgram, paragraph, UsageError, type Command } from './commandLine';

const EXIT_STATUS = 'Exit status: 0 ok, 1 failed (what failed is printed), 2 usage error.';

const FROM_CHANNEL = `write the trust file from the channel configuration: every member org the current configuration
block names, the root and intermediate CAs of its MSP and the CRLs it publishes there. The block is
read from ORG's peer as USER (any member identity may read it), or offline from FILE. Run it again to
refresh: new CRLs and members come in, removed members are dropped, pins of the members kept.`;

const ADD = `add (or extend) member MSP_ID in the trust file: the CA that issues its gateway identities, that CA's
CRL (replacing an older CRL of the same CA), and a gateway certificate to pin (by the SHA-256 of its
public key; it must be a valid, unrevoked ledger.role=gateway certificate of the CA). The file holds no
secret (mode 0644). Verify with 'ledger verify-export DIR --trust trust.json' or
'ledger verify-receipt FILE --trust trust.json'.`;

/** Refuses to pin a certificate that may not sign digests under the member's CA and CRL now. */
async function checkPin(
  mspId: string,
  caCert: string,
  crl: string | undefined,
  pinCert: string,
): Promise<void> {
  const { checkDigestSigner } = await import('../security/digestSigner');
  const crls = crl === undefined ? [] : [crl];
  const alone = { members: [{ mspId, caCerts: [caCert], crls, signers: [] }] };
  const verdict = checkDigestSigner(pinCert, alone, new Date());
  if (!verdict.ok) throw new Error(`--pin-cert: ${verdict.reason}`);
}

const readOptional = (file: string | undefined): string | undefined =>
  file === undefined ? undefined : fs.readFileSync(file, 'utf8');

interface AddFlags {
  readonly out: string;
  readonly msp: string;
  readonly orgCa: string;
  readonly crl?: string;
  readonly pinCert?: string;
}

async function add(flags: AddFlags): Promise<void> {
  const { addToTrust, parseTrustFile } = await import('../security/trustFile');
  const { out, msp: mspId } = flags;
  const caCert = fs.readFileSync(flags.orgCa, 'utf8');
  const crl = readOptional(flags.crl);
  const pinCert = readOptional(flags.pinCert);
  const before = fs.existsSync(out) ? parseTrustFile(fs.readFileSync(out)) : { members: [] };
  if (pinCert !== undefined) await checkPin(mspId, caCert, crl, pinCert);
  const after = addToTrust(before, {
    mspId,
    caCert,
    ...(crl === undefined ? {} : { crl }),
    ...(pinCert === undefined ? {} : { pinCert }),
  });
  await writeTrust(out, after);
  const member = after.members.find((m) => m.mspId === mspId);
  const counts = {
    caCerts: member?.caCerts.length,
    crls: member?.crls.length,
    signers: member?.signers.length,
  };
  process.stdout.write(`${JSON.stringify({ out, mspId, ...counts })}\n`);
}

/** Writes the trust file atomically, mode 0644 (it holds no secret). */
async function writeTrust(out: string, trust: DigestSignerTrust): Promise<void> {
  const { encodeTrustFile } = await import('../security/trustFile');
  const temporary = path.join(path.dirname(out), `.${path.basename(out)}.${process.pid}.tmp`);
  fs.writeFileSync(temporary, encodeTrustFile(trust));
  fs.chmodSync(temporary, 0o644); // no secret in it; whatever the umask
  fs.renameSync(temporary, out);
}

interface FromChannelFlags {
  readonly out: string;
  readonly org?: string;
  readonly user?: string;
  readonly configBlock?: string;
}

async function fromChannel(flags: FromChannelFlags): Promise<void> {
  const { out, configBlock: file } = flags;
  let block: Uint8Array;
  if (file !== undefined) {
    block = fs.readFileSync(file);
  } else {
    const { orgLayoutOf } = await import('../client/memberConnection');
    const { currentConfigBlock } = await import('../fabric/currentConfigBlock');
    const { defaultOrg, networkLayout } = await import('../fabric/networkLayout');
    const layout = networkLayout(process.env);
    const org = orgLayoutOf(layout, flags.org ?? defaultOrg(layout));
    block = await currentConfigBlock(org, flags.user ?? 'auditor1', layout.channelName);
  }
  const { channelTrustOfConfigBlock } = await import('../security/channelTrust');
  const { trustFromChannel } = await import('../security/channelTrustFile');
  const { parseTrustFile } = await import('../security/trustFile');
  const channel = channelTrustOfConfigBlock(block);
  const before = fs.existsSync(out) ? parseTrustFile(fs.readFileSync(out)) : { members: [] };
  const { trust, dropped } = trustFromChannel(channel, before);
  await writeTrust(out, trust);
  const members = trust.members.map((m) => ({
    mspId: m.mspId,
    caCerts: m.caCerts.length,
    crls: m.crls.length,
    signers: m.signers.length,
  }));
  process.stdout.write(
    `${JSON.stringify({ out, configBlock: channel.configBlock?.toString(), members, dropped })}\n`,
  );
}

/** `ledger trust from-channel` and `ledger trust add`. */
export function trustProgram(): Command {
  const program = newProgram('ledger trust', "an auditor's trust file: who may sign digests")
    .usage('<command> [options]')
    .addHelpText('after', `\n${EXIT_STATUS}`);
  program
    .command('from-channel')
    .description(paragraph(FROM_CHANNEL))
    .requiredOption('--out <FILE>', 'the trust file to write (e.g. trust.json)')
    .option(
      '--org <ORG>',
      "the org whose peer to read the block from (default the topology's first founding org)",
    )
    .option('--user <USER>', "the org's user to read it as (default auditor1)")
    .option(
      '--config-block <FILE>',
      "read the block offline from FILE (a configuration block, e.g. 'peer channel fetch config')",
    )
    .addHelpText('after', `\n${EXIT_STATUS}`)
    .action((flags: FromChannelFlags) => fromChannel(flags));
  program
    .command('add')
    .description(paragraph(ADD))
    .requiredOption('--msp <MSP_ID>', 'the member')
    .requiredOption('--org-ca <FILE>', 'the CA that issues its gateway identities (CA.pem)')
    .option('--crl <FILE>', "that CA's CRL (CRL.pem)")
    .option('--pin-cert <FILE>', 'a gateway certificate to pin (CERT.pem)')
    .requiredOption('--out <FILE>', 'the trust file to write or extend (e.g. trust.json)')
    .addHelpText('after', `\n${EXIT_STATUS}`)
    .action((flags: AddFlags) => add(flags));
  return program;
}

/**
 * Prints an error of a `ledger trust` action, after "usage: " for a usage error.
 *
 * @returns the exit status: 2 for a usage error, else 1.
 */
export function reportTrustError(err: unknown): number {
  const usage = err instanceof UsageError;
  process.stderr.write(`${usage ? 'usage: ' : ''}${err instanceof Error ? err.message : String(err)}\n`);
  return usage ? 2 : 1;
}
