// GetDigest of a channel journal: the main channel keeps its v2 signed bytes, another channel's digest
// names its channel in the signed bytes and in the `channel` field, and verifies only as that channel's.
import { generateKeyPairSync } from 'node:crypto';
import type { ServerUnaryCall, ServiceError } from '@grpc/grpc-js';
import { expect } from 'chai';
import { digestOf } from '@gateway/client/ledgerClient';
import { parseDigestSigningBytes, verifyDigestSignature } from '@gateway/core';
import type { LedgerDigest__Output } from '@gateway/generated/ledger/LedgerDigest';
import { openJournalIndex, type JournalIndex } from '@gateway/index/journalIndex';
import { silentLogger } from '@gateway/logger';
import type { EventSubmitter } from '@gateway/server/eventSubmitter';
import { newLedgerService } from '@gateway/server/ledgerService';

const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const PRIVATE_PEM = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();

function digestOfChannel(
  index: JournalIndex,
  channelName: string,
  channelInDigest: boolean,
): Promise<LedgerDigest__Output> {
  const service = newLedgerService({
    index,
    submitter: {} as EventSubmitter,
    identity: { mspId: 'Org1MSP', certificatePem: '', privateKeyPem: PRIVATE_PEM },
    status: { healthy: () => true, describe: () => 'SERVING' },
    logger: silentLogger,
    sealTimeoutMs: 1000,
    channelName,
    channelInDigest,
  });
  return new Promise((resolve, reject) => {
    service.GetDigest(
      { request: {} } as unknown as ServerUnaryCall<never, never>,
      (err: unknown, d: unknown) => {
        if (err === null) resolve(d as LedgerDigest__Output);
        else reject(new Error((err as ServiceError).details));
      },
    );
  });
}

describe('GetDigest per channel', function () {
  let index: JournalIndex;
  beforeEach(function () {
    index = openJournalIndex(':memory:');
  });
  afterEach(function () {
    index.close();
  });

  it("answers the main channel's digest with the v2 bytes and its channel's name", async function () {
    const answer = await digestOfChannel(index, 'ledger', false);
    expect(answer.channel).to.equal('ledger');
    expect(answer.signedBytes).to.have.length(97);
    expect(parseDigestSigningBytes(answer.signedBytes).channel).to.equal(undefined);
    expect(verifyDigestSignature(digestOf(answer), answer.signature, publicKey)).to.equal(true);
  });

  it("answers another channel's digest with v3 bytes naming it, verifying only as that channel's", async function () {
    const answer = await digestOfChannel(index, 'two', true);
    expect(answer.channel).to.equal('two');
    expect(parseDigestSigningBytes(answer.signedBytes).channel).to.equal('two');
    expect(digestOf(answer).channel).to.equal('two');
    expect(verifyDigestSignature(digestOf(answer), answer.signature, publicKey)).to.equal(true);
    // The same tree relabelled as another channel, or as the main one, does not verify.
    expect(
      verifyDigestSignature({ ...digestOf(answer), channel: 'ledger' }, answer.signature, publicKey),
    ).to.equal(false);
    const { channel: named, ...asMain } = digestOf(answer);
    expect(named).to.equal('two');
    expect(verifyDigestSignature(asMain, answer.signature, publicKey)).to.equal(false);
  });
});
