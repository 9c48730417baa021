#!/usr/bin/env node
/**
 * `ledger trust`: writes an auditor's trust file (`ledger-trust-v1`, see security/trustFile.ts).
 * `from-channel` writes (or refreshes) it from the channel configuration: the members the current
 * configuration block names, their CAs and CRLs (from a peer, or offline from a fetched block).
 * `add` adds or extends one member from files: its CA certificate, its CRL, a gateway certificate to pin.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { orgLayoutOf } from '../client/memberConnection';
import { currentConfigBlock } from '../fabric/currentConfigBlock';
import { defaultOrg, networkLayout } from '../fabric/networkLayout';
import { channelTrustOfConfigBlock } from '../security/channelTrust';
import { trustFromChannel } from '../security/channelTrustFile';
import { checkDigestSigner, type DigestSignerTrust } from '../security/digestSigner';
import { addToTrust, encodeTrustFile, parseTrustFile, TrustFileError } from '../security/trustFile';

const USAGE = `Usage:
  ledger trust from-channel --out trust.json [--org ORG] [--user USER] [--config-block FILE]
      write the trust file from the channel configuration: every member org the current configuration
      block names, the root and intermediate CAs of its MSP and the CRLs it publishes there. The block
      is read from ORG's peer (default org1) as USER (default auditor1; any member identity may read
      it), or offline from FILE (a configuration block, e.g. 'peer channel fetch config'). Run it again
      to refresh: new CRLs and members come in, removed members are dropped, pins of the members kept.
  ledger trust add --msp MSP_ID --org-ca CA.pem [--crl CRL.pem] [--pin-cert CERT.pem] --out trust.json
      add (or extend) member MSP_ID in the trust file: the CA that issues its gateway identities,
      that CA's CRL (replacing an older CRL of the same CA), and a gateway certificate to pin (by the
      SHA-256 of its public key; it must be a valid, unrevoked ledger.role=gateway certificate of the
      CA). The file holds no secret (mode 0644). Verify with
      'ledger verify-export DIR --trust trust.json' or 'ledger verify-receipt FILE --trust trust.json'.
Exit status: 0 ok, 1 failed (what failed is printed), 2 usage error.
`;

class UsageError extends Error {}

function parseArgs(argv: readonly string[]): { positional: string[]; flags: Map<string, string> } {
  const positional: string[] = [];
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('--')) positional.push(arg);
    else flags.set(arg.slice(2), arg === '--help' ? 'true' : (argv[++i] ?? ''));
  }
  return { positional, flags };
}

function required(flags: Map<string, string>, name: string): string {
  const value = flags.get(name);
  if (value === undefined || value === '') throw new UsageError(`trust needs --${name}\n${USAGE}`);
  return value;
}

/** Refuses to pin a certificate that may not sign digests under the member's CA and CRL now. */
function checkPin(mspId: string, caCert: string, crl: string | undefined, pinCert: string): void {
  const crls = crl === undefined ? [] : [crl];
  const alone = { members: [{ mspId, caCerts: [caCert], crls, signers: [] }] };
  const verdict = checkDigestSigner(pinCert, alone, new Date());
  if (!verdict.ok) throw new Error(`--pin-cert: ${verdict.reason}`);
}

const readOptional = (file: string | undefined): string | undefined =>
  file === undefined ? undefined : fs.readFileSync(file, 'utf8');

function add(flags: Map<string, string>): void {
  const out = required(flags, 'out');
  const mspId = required(flags, 'msp');
  const caCert = fs.readFileSync(required(flags, 'org-ca'), 'utf8');
  const crl = readOptional(flags.get('crl'));
  const pinCert = readOptional(flags.get('pin-cert'));
  const before = fs.existsSync(out) ? parseTrustFile(fs.readFileSync(out)) : { members: [] };
  if (pinCert !== undefined) checkPin(mspId, caCert, crl, pinCert);
  const after = addToTrust(before, {
    mspId,
    caCert,
    ...(crl === undefined ? {} : { crl }),
    ...(pinCert === undefined ? {} : { pinCert }),
  });
  writeTrust(out, after);
  const member = after.members.find((m) => m.mspId === mspId);
  const counts = {
    caCerts: member?.caCerts.length,
    crls: member?.crls.length,
    signers: member?.signers.length,
  };
  process.stdout.write(`${JSON.stringify({ out, mspId, ...counts })}\n`);
}

/** Writes the trust file atomically, mode 0644 (it holds no secret). */
function writeTrust(out: string, trust: DigestSignerTrust): void {
  const temporary = path.join(path.dirname(out), `.${path.basename(out)}.${process.pid}.tmp`);
  fs.writeFileSync(temporary, encodeTrustFile(trust));
  fs.chmodSync(temporary, 0o644); // no secret in it; whatever the umask
  fs.renameSync(temporary, out);
}

async function fromChannel(flags: Map<string, string>): Promise<void> {
  const out = required(flags, 'out');
  const file = flags.get('config-block');
  let block: Uint8Array;
  if (file !== undefined) {
    block = fs.readFileSync(file);
  } else {
    const layout = networkLayout(process.env);
    const org = orgLayoutOf(layout, flags.get('org') ?? defaultOrg(layout));
    block = await currentConfigBlock(org, flags.get('user') ?? 'auditor1', layout.channelName);
  }
  const channel = channelTrustOfConfigBlock(block);
  const before = fs.existsSync(out) ? parseTrustFile(fs.readFileSync(out)) : { members: [] };
  const { trust, dropped } = trustFromChannel(channel, before);
  writeTrust(out, trust);
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

async function main(argv: readonly string[]): Promise<void> {
  const { positional, flags } = parseArgs(argv);
  if (flags.has('help')) {
    process.stdout.write(USAGE);
    return;
  }
  if (positional[0] === 'add') add(flags);
  else if (positional[0] === 'from-channel') await fromChannel(flags);
  else throw new UsageError(`unknown trust command ${positional[0] ?? ''}\n${USAGE}`);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  const usage = err instanceof UsageError;
  const text = err instanceof TrustFileError || err instanceof Error ? err.message : String(err);
  process.stderr.write(`${usage ? 'usage: ' : ''}${text}\n`);
  process.exitCode = usage ? 2 : 1;
});
