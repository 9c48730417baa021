/** Shared pieces of hand-built seals for unit tests. */
import type { SealSubmitter } from '@gateway/core/sealRecord';

/** A submitter as a format 2 journal record of an event submitted through Org1's gateway gives it. */
export const TEST_SUBMITTER: SealSubmitter = {
  mspId: 'Org1MSP',
  id: 'x509::/C=US/O=Org1MSP/CN=gateway1::/C=US/O=Org1MSP/CN=ca.Org1MSP',
  certSha256: '1'.repeat(64),
  clientCertSha256: '2'.repeat(64),
  clientSubject: 'C=US, O=Org1MSP, CN=client1',
};
