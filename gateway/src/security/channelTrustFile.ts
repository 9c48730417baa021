/**
 * An auditor's trust file (`ledger-trust-v1`) from the channel configuration: every member org the
 * current configuration block names, with the CAs of its MSP (root and intermediate certificates) and
 * the CRLs its MSP publishes. Pins of an earlier file are kept for members still in the channel; a
 * member the channel no longer has is dropped, and so is every CRL the channel no longer publishes.
 * Pure: no I/O.
 */
import { crlIssuedBy, type DigestSignerTrust, type TrustedMember } from './digestSigner';
import type { ChannelTrust } from './channelTrust';

/** What {@link trustFromChannel} made, and what it changed against the earlier file. */
export interface ChannelTrustFile {
  readonly trust: DigestSignerTrust;
  /** MSP ids of the earlier file that the channel no longer has. */
  readonly dropped: readonly string[];
}

/**
 * The trust of a channel's members.
 *
 * @param channel - the members of the current configuration block (security/channelTrust.ts).
 * @param earlier - the trust file being refreshed (its pins are kept), `{ members: [] }` for a new one.
 * @returns the trust, members in channel order, and the members dropped.
 */
export function trustFromChannel(channel: ChannelTrust, earlier: DigestSignerTrust): ChannelTrustFile {
  const members = channel.members.map((m): TrustedMember => {
    const caCerts = [...m.rootCerts, ...m.intermediateCerts];
    return {
      mspId: m.mspId,
      caCerts,
      crls: m.crls.filter((crl) => caCerts.some((ca) => issuedBy(crl, ca))),
      signers: earlier.members.find((e) => e.mspId === m.mspId)?.signers ?? [],
    };
  });
  const dropped = earlier.members
    .map((e) => e.mspId)
    .filter((mspId) => !channel.members.some((m) => m.mspId === mspId));
  return { trust: { members }, dropped };
}

/** Whether `crl` is signed by `ca`; a malformed CRL is not (the peers ignore it as well). */
function issuedBy(crl: string, ca: string): boolean {
  try {
    return crlIssuedBy(crl, ca);
  } catch {
    return false;
  }
}
