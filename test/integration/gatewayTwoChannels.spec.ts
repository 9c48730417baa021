// One gateway serving two channels' journals, against the real network: a second channel of Org1 and
// Org2 (created by `ledger channel create`; Org3 invited into the main channel first when an earlier
// suite has not, so this suite sorts after gatewayTls.spec.ts, which needs Org3 outside), and Org1's and Org3's gateways started here with the secure default (mTLS, the
// channels of the run folder's channels/). Each channel has its own sequence numbers, digest (naming
// it) and proofs; Org3's gateway does not serve the channel (NOT_FOUND) and Org3's client may not use
// it at Org1's gateway (PERMISSION_DENIED), while both keep working on the main channel.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { status, type ServiceError } from '@grpc/grpc-js';
import { expect } from 'chai';
import {
  digestOf,
  newLedgerClient,
  verifySealAgainstDigest,
  type LedgerClient,
} from '@gateway/client/ledgerClient';
import { parseDigestSigningBytes, verifyDigestSignature } from '@gateway/core';
import { orgLayout, type PeerOrg } from '@gateway/fabric/networkLayout';
import type { CertifiedEvent } from '@gateway/generated/ledger/CertifiedEvent';
import type { StreamItem__Output } from '@gateway/generated/ledger/StreamItem';
import { startGatewayProcess, type GatewayProcess } from '@test-support/gatewayProcess';
import { runLedgerCli } from '@test-support/ledgerCli';
import { ensureThirdMember } from '@test-support/orgMembership';
import { userCredentials } from '@test-support/testCertificates';
import { layout, openLedger, uniqueId, type LedgerSession } from '@test-support/testNetwork';

const REPO = path.resolve(__dirname, '..', '..');

const event = (prefix: string): CertifiedEvent => ({
  eventId: uniqueId(prefix),
  payload: Buffer.from(`channels payload ${prefix}`),
  vepsTimestamp: String(Date.now()),
  metadata: { source: 'gatewayChannels.spec' },
});

async function refusal(attempt: Promise<unknown>): Promise<{ code: number; details: string }> {
  return attempt.then(
    () => ({ code: status.OK, details: '' }),
    (err: unknown) => ({ code: (err as ServiceError).code, details: (err as ServiceError).details }),
  );
}

describe('a gateway serving two channels', function () {
  this.timeout(600_000);
  // Fabric channel names: lowercase letters, digits, '.', '-'.
  const channel = uniqueId('two').toLowerCase();
  const sessions: LedgerSession[] = [];
  const clients: LedgerClient[] = [];
  const gateways: GatewayProcess[] = [];
  let dir: string | undefined;
  let org1Gateway: GatewayProcess;
  let org3Gateway: GatewayProcess;

  const client = (gateway: GatewayProcess, org: PeerOrg, on?: string, user = 'teller1'): LedgerClient => {
    const c = newLedgerClient(gateway.address, {
      rootCertPem: fs.readFileSync(path.join(orgLayout(layout, gatewayOrg(gateway)).gatewayTlsDir, 'ca.pem')),
      timeoutMs: 60_000,
      ...userCredentials(org, user),
      ...(on === undefined ? {} : { channel: on }),
    });
    clients.push(c);
    return c;
  };
  const gatewayOrg = (gateway: GatewayProcess): PeerOrg => (gateway === org3Gateway ? 'org3' : 'org1');

  before(async () => {
    await ensureThirdMember(layout, REPO, 'org3', (org) => {
      const session = openLedger(org, 'admin1');
      sessions.push(session);
      return session;
    });
    const created = await runLedgerCli(['channel', 'create', channel, '--members', 'Org1MSP,Org2MSP']);
    expect(created.code, created.stderr).to.equal(0);
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-channels-'));
    dir = root;
    const start = async (org: PeerOrg): Promise<GatewayProcess> => {
      const gateway = await startGatewayProcess(
        ['--org', org, '--index', path.join(root, org, 'index.sqlite')],
        { ...process.env, LEDGER_GATEWAY_METRICS_PORT: '0', LEDGER_GATEWAY_CHANNELS: '' },
      );
      gateways.push(gateway);
      return gateway;
    };
    fs.mkdirSync(path.join(root, 'org1'));
    fs.mkdirSync(path.join(root, 'org3'));
    org1Gateway = await start('org1');
    org3Gateway = await start('org3');
  });

  after(async () => {
    clients.forEach((c) => {
      c.close();
    });
    for (const g of gateways) await g.stop();
    sessions.forEach((s) => {
      s.close();
    });
    if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('serves the new channel from its own index, next to the main one', function () {
    const root = dir ?? '';
    expect(fs.existsSync(path.join(root, 'org1', `index-${channel}.sqlite`))).to.equal(true);
    expect(fs.existsSync(path.join(root, 'org3', `index-${channel}.sqlite`))).to.equal(false);
  });

  it('seals on each channel with its own sequence numbers, digests and proofs', async function () {
    const onMain = client(org1Gateway, 'org1');
    const onTwo = client(org1Gateway, 'org1', channel);
    const mainBefore = Number((await onMain.getDigest()).treeSize);

    const firstTwo = await onTwo.submitEvent(event('two-a'));
    const firstMain = await onMain.submitEvent(event('main-a'));
    const secondTwo = await onTwo.submitEvent(event('two-b'));

    expect([firstTwo.sequenceNumber, secondTwo.sequenceNumber]).to.deep.equal(['1', '2']);
    expect(secondTwo.previousHash).to.equal(firstTwo.eventHash);
    expect(Number(firstMain.sequenceNumber)).to.equal(mainBefore + 1);

    const digestTwo = await onTwo.getDigest();
    const digestMain = await onMain.getDigest();
    expect([digestTwo.channel, digestTwo.treeSize]).to.deep.equal([channel, '2']);
    expect(parseDigestSigningBytes(digestTwo.signedBytes).channel).to.equal(channel);
    expect(digestMain.channel).to.equal(layout.channelName);
    expect(digestMain.signedBytes).to.have.length(97);
    expect(digestTwo.rootHash).to.not.equal(digestMain.rootHash);

    const proofTwo = await onTwo.getInclusionProof(secondTwo.sequenceNumber, digestTwo.treeSize);
    const proofMain = await onMain.getInclusionProof(firstMain.sequenceNumber, digestMain.treeSize);
    expect(verifySealAgainstDigest(secondTwo, proofTwo, digestTwo)).to.deep.equal({ ok: true });
    expect(verifySealAgainstDigest(firstMain, proofMain, digestMain)).to.deep.equal({ ok: true });
    // Each proof against the other channel's digest fails.
    expect(verifySealAgainstDigest(secondTwo, proofTwo, digestMain).ok).to.equal(false);
    expect(verifySealAgainstDigest(firstMain, proofMain, digestTwo).ok).to.equal(false);
    // The other channel's digest, relabelled as the main channel's, does not verify.
    const { channel: named, ...asMain } = digestOf(digestTwo);
    expect(named).to.equal(channel);
    expect(verifyDigestSignature(asMain, digestTwo.signature, digestTwo.certificatePem)).to.equal(false);

    // Reads by sequence number answer from the call's channel.
    expect((await onTwo.getEvent(1)).eventId).to.equal(firstTwo.eventId);
    expect((await onTwo.getEventById(secondTwo.eventId)).sequenceNumber).to.equal('2');
    const err = await refusal(onMain.getEventById(secondTwo.eventId));
    expect(err.code).to.equal(status.NOT_FOUND);
    expect((await onTwo.healthCheck()).lastSequenceNumber).to.equal('2');
  });

  it('streams the channel the call chose (to an auditor, whom the default table lets stream)', async function () {
    const onTwo = client(org1Gateway, 'org1', channel, 'auditor1');
    const stream = onTwo.streamEvents({ fromSequence: '1' });
    const seen: string[] = [];
    try {
      for await (const item of stream as AsyncIterable<StreamItem__Output>) {
        if (item.seal !== null && item.seal !== undefined) seen.push(item.seal.sequenceNumber);
        if (seen.length === 2) break;
      }
    } finally {
      stream.cancel();
    }
    expect(seen).to.deep.equal(['1', '2']);
  });

  it("answers NOT_FOUND naming the channel at the gateway of an org outside it (Org3's)", async function () {
    const outside = client(org3Gateway, 'org3', channel);
    const err = await refusal(outside.getDigest());
    expect(err.code).to.equal(status.NOT_FOUND);
    expect(err.details).to.equal(`channel ${channel} is not served by this gateway (ledger-channel)`);
    // Its main channel is served as before.
    expect((await client(org3Gateway, 'org3').healthCheck()).mspId).to.equal('Org3MSP');
  });

  it('answers PERMISSION_DENIED to a client of an org outside the channel, writing nothing', async function () {
    const outsider = client(org1Gateway, 'org3', channel);
    for (const attempt of [outsider.getDigest(), outsider.submitEvent(event('outsider'))]) {
      const err = await refusal(attempt);
      expect(err.code).to.equal(status.PERMISSION_DENIED);
      expect(err.details).to.equal(`Org3MSP is not a member of channel ${channel} (ledger-channel)`);
    }
    expect((await client(org1Gateway, 'org1', channel).getDigest()).treeSize).to.equal('2');
    // The same client may use the main channel.
    expect((await client(org1Gateway, 'org3').getDigest()).channel).to.equal(layout.channelName);
  });

  it('refuses a channel name Fabric does not allow with INVALID_ARGUMENT', async function () {
    const err = await refusal(client(org1Gateway, 'org1', 'Not-A-Channel').getDigest());
    expect(err.code).to.equal(status.INVALID_ARGUMENT);
    expect(err.details).to.match(/^ledger-channel: got "Not-A-Channel"/);
  });
});
