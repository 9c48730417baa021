/**
 * The digest-signer flags of the verifying commands (`ledger verify`, `verify-export`,
 * `verify-receipt`) as commander options; their meaning is in signerTrust.ts, loaded only when a
 * command verifies.
 */
import type { SignerPolicy } from '../security/digestSigner';
import { Option, UsageError, type Command } from './commandLine';

/** Heading of the signer flags in `--help`. */
export const SIGNER_GROUP = 'Offline checks (who may sign digests):';

/**
 * Adds `--org-ca`, `--trust`, `--crl` (repeatable) and `--at` to `command`.
 *
 * @returns the same command.
 */
export function addSignerOptions(command: Command): Command {
  const options = [
    new Option(
      '--org-ca <FILE>',
      'trust this CA: the digest signer must be a certificate it issued with the Fabric CA attribute ledger.role=gateway, valid at --at, key usage digitalSignature (when present), not revoked by a --crl',
    ),
    new Option('--trust <FILE>', "trust the member CAs (and pinned signers) of a 'ledger trust add' file"),
    new Option('--crl <FILE>', 'a CRL of a trusted CA (repeatable)').argParser(
      (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
    ),
    new Option('--at <TIME>', "the time the signer's certificate must be valid at (ISO 8601, default now)"),
  ];
  for (const option of options) command.addOption(option.helpGroup(SIGNER_GROUP));
  return command;
}

/**
 * The digest-signer policy of the flags, undefined when neither --org-ca nor --trust is given.
 *
 * @throws UsageError for a flag signerTrust.ts refuses.
 */
export async function signerPolicyOf(command: Command): Promise<SignerPolicy | undefined> {
  const { SignerFlagError, signerPolicyFromFlags } = await import('./signerTrust');
  const options = command.opts<{ orgCa?: string; trust?: string; crl?: string[]; at?: string }>();
  try {
    return signerPolicyFromFlags(
      { orgCa: options.orgCa, trust: options.trust, crls: options.crl ?? [], at: options.at },
      new Date(),
    );
  } catch (err) {
    if (err instanceof SignerFlagError) throw new UsageError(err.message);
    throw err;
  }
}
