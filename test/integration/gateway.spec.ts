// The ledger.ImmutableLedger gateway against the real network: two gateway processes (Org1's and
// Org2's, each on its own peer and index), started here on free ports and stopped in after().
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { status, type ServiceError } from '@grpc/grpc-js';
import { expect } from 'chai';
import {
  newLedgerClient,
  verifySealAgainstDigest,
  verifySealHash,
  type LedgerClient,
} from '@gateway/client/ledgerClient';
import { fromHex, verifyConsistency } from '@gateway/core';
import type { CertifiedEvent } from '@gateway/generated/ledger/CertifiedEvent';
import type { LedgerDigest__Output } from '@gateway/generated/ledger/LedgerDigest';
import type { SealedEvent__Output } from '@gateway/generated/ledger/SealedEvent';
import { startGatewayProcess, type GatewayProcess as RunningGateway } from '@test-support/gatewayProcess';
import { connectUser, layout, uniqueId } from '@test-support/testNetwork';

interface GatewayProcess extends RunningGateway {
  readonly client: LedgerClient;
}

async function startGateway(org: 'org1' | 'org2', indexFile: string): Promise<GatewayProcess> {
  const gateway = await startGatewayProcess(['--insecure', '--org', org, '--index', indexFile]);
  return { ...gateway, client: newLedgerClient(gateway.address, { insecure: true }) };
}

async function stopGateway(gateway: GatewayProcess | undefined): Promise<number | null> {
  if (gateway === undefined) return null;
  gateway.client.close();
  return gateway.stop();
}

function newEvent(prefix = 'it'): CertifiedEvent {
  return {
    eventId: uniqueId(prefix),
    payload: Buffer.from(`payload of ${prefix} ${Date.now()}`),
    vepsSignature: 'test-sig',
    vepsTimestamp: Date.now(),
    metadata: { source: 'gateway.spec' },
  };
}

async function grpcError(promise: Promise<unknown>): Promise<ServiceError> {
  try {
    await promise;
  } catch (err) {
    return err as ServiceError;
  }
  throw new Error('expected the call to fail');
}

async function waitForSize(
  client: LedgerClient,
  size: number,
  timeoutMs = 60_000,
): Promise<LedgerDigest__Output> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const digest = await client.getDigest();
    if (Number(digest.treeSize) >= size) return digest;
    if (Date.now() > until) throw new Error(`tree size ${digest.treeSize} did not reach ${size}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function sameDigest(a: LedgerDigest__Output): Record<string, string> {
  return {
    treeSize: a.treeSize,
    rootHash: a.rootHash,
    chainTipHash: a.chainTipHash,
    lastBlockNumber: a.lastBlockNumber,
  };
}

/** A seal without `commit_latency_ms`, the one field that is not a function of the committed blocks. */
function withoutLatency(seal: SealedEvent__Output): Omit<SealedEvent__Output, 'commitLatencyMs'> {
  const copy: Partial<SealedEvent__Output> = { ...seal };
  delete copy.commitLatencyMs;
  return copy as Omit<SealedEvent__Output, 'commitLatencyMs'>;
}

describe('ledger.ImmutableLedger gateway', function () {
  this.timeout(120_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-gateway-it-'));
  let org1: GatewayProcess | undefined;
  let org2: GatewayProcess | undefined;
  const gw = (g: GatewayProcess | undefined): LedgerClient => {
    if (g === undefined) throw new Error('gateway not started');
    return g.client;
  };

  before(async function () {
    [org1, org2] = await Promise.all([
      startGateway('org1', path.join(dir, 'org1.sqlite')),
      startGateway('org2', path.join(dir, 'org2.sqlite')),
    ]);
  });

  after(async function () {
    await Promise.all([stopGateway(org1), stopGateway(org2)]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  describe('#SubmitEvent', function () {
    it('returns a seal whose event hash recomputes from its fields', async function () {
      const event = newEvent('seal');
      const seal = await gw(org1).submitEvent(event);
      expect(seal.eventId).to.equal(event.eventId);
      expect(Buffer.from(seal.payload).equals(Buffer.from(event.payload as Buffer))).to.equal(true);
      expect(seal.entryType).to.equal('event');
      expect(seal.vepsSignature).to.equal('test-sig');
      expect(Number(seal.sequenceNumber)).to.be.greaterThan(0);
      expect(Number(seal.blockNumber)).to.be.greaterThan(0);
      expect(seal.transactionId).to.match(/^[0-9a-f]{64}$/);
      expect(verifySealHash(seal)).to.equal(true);
    });

    it('gives concurrent submits distinct sequence numbers on an unbroken chain', async function () {
      const events = Array.from({ length: 25 }, () => newEvent('burst'));
      const seals = await Promise.all(events.map((e) => gw(org1).submitEvent(e)));
      const seqs = seals.map((s) => Number(s.sequenceNumber)).sort((a, b) => a - b);
      expect(new Set(seqs).size).to.equal(events.length);
      const first = seqs[0] ?? 0;
      const last = seqs.at(-1) ?? 0;
      let previous = await gw(org1).getEvent(first);
      for (let seq = first + 1; seq <= last; seq++) {
        const entry = await gw(org1).getEvent(seq);
        expect(entry.previousHash, `previous_hash of ${seq}`).to.equal(previous.eventHash);
        expect(verifySealHash(entry)).to.equal(true);
        previous = entry;
      }
    });

    it("returns the original seal for an identical resubmission and ALREADY_EXISTS for other content; another org's gateway journals its own entry", async function () {
      const event = newEvent('idem');
      const original = await gw(org1).submitEvent(event);
      const again = await gw(org1).submitEvent(event);
      expect(again.sequenceNumber).to.equal(original.sequenceNumber);
      expect(again.eventHash).to.equal(original.eventHash);
      const err = await grpcError(gw(org1).submitEvent({ ...event, payload: Buffer.from('other content') }));
      expect(err.code).to.equal(status.ALREADY_EXISTS);
      expect(err.details).to.include(event.eventId);
      // Event ids are scoped by the org that journals them: Org2's gateway signs as Org2MSP.
      const org2s = await gw(org2).submitEvent({ ...event, payload: Buffer.from('other content') });
      expect(org2s.submitterMspId).to.equal('Org2MSP');
      expect(original.submitterMspId).to.equal('Org1MSP');
      expect(Number(org2s.sequenceNumber)).to.be.greaterThan(Number(original.sequenceNumber));
    });

    it('seals concurrent identical submissions once', async function () {
      const event = newEvent('dup');
      const seals = await Promise.all([1, 2, 3].map(() => gw(org1).submitEvent(event)));
      expect(new Set(seals.map((s) => s.sequenceNumber)).size).to.equal(1);
    });

    it('seals once an event id that two Fabric transactions journal, on both gateways', async function () {
      const start = Number((await gw(org1).getDigest()).treeSize);
      const eventId = uniqueId('twice');
      const fabric = connectUser('org1', 'gateway1');
      try {
        const contract = fabric.gateway.getNetwork(layout.channelName).getContract(layout.chaincodeName);
        const batch = (text: string): string =>
          JSON.stringify([
            {
              eventId,
              payload: Buffer.from(text).toString('base64'),
              vepsSignature: '',
              vepsTimestamp: '1',
              metadata: {},
            },
          ]);
        await contract.submitTransaction('Journal:SubmitEvents', batch('first'));
        await contract.submitTransaction('Journal:SubmitEvents', batch('second, other content'));
        const marker = await gw(org1).submitEvent(newEvent('after-twice'));
        await waitForSize(gw(org2), Number(marker.sequenceNumber));
        for (const org of [org1, org2]) {
          const seals = await Promise.all(
            Array.from({ length: Number(marker.sequenceNumber) - start }, (_, i) =>
              gw(org).getEvent(start + 1 + i),
            ),
          );
          const matching = seals.filter((seal) => seal.eventId === eventId);
          expect(matching).to.have.length(1);
          expect(Buffer.from(matching[0]!.payload).toString()).to.equal('first');
        }
      } finally {
        fabric.close();
      }
    });

    it('rejects an empty event id with INVALID_ARGUMENT naming the field', async function () {
      const err = await grpcError(gw(org1).submitEvent({ ...newEvent(), eventId: '' }));
      expect(err.code).to.equal(status.INVALID_ARGUMENT);
      expect(err.details).to.match(/^event_id: got an empty string, want 1 to 256/);
    });

    it('answers DEADLINE_EXCEEDED when the seal misses the deadline and seals the event later', async function () {
      const event = newEvent('late');
      // 10 ms: on a connected channel the request reaches the gateway on loopback well within it, while
      // no seal comes that fast (a seal waits for one Fabric transaction: p50 22-28 ms on an idle
      // network here, so the 30 ms this test used to allow was sometimes enough).
      await gw(org1).healthCheck();
      const err = await grpcError(gw(org1).submitEvent(event, 10));
      expect(err.code).to.equal(status.DEADLINE_EXCEEDED);
      const until = Date.now() + 30_000;
      for (;;) {
        const found = await gw(org1)
          .getEventById(event.eventId as string)
          .catch(() => undefined);
        if (found !== undefined) {
          expect(found.eventId).to.equal(event.eventId);
          break;
        }
        if (Date.now() > until) throw new Error('the late event was never sealed');
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    });
  });

  describe('#GetEvent, #GetEventById and #HealthCheck', function () {
    it('finds a sealed event by sequence number and by id, and reports health', async function () {
      const seal = await gw(org1).submitEvent(newEvent('get'));
      const bySeq = await gw(org1).getEvent(seal.sequenceNumber);
      const byId = await gw(org1).getEventById(seal.eventId);
      expect(bySeq.eventHash).to.equal(seal.eventHash);
      expect(byId.sequenceNumber).to.equal(seal.sequenceNumber);
      const health = await gw(org1).healthCheck();
      expect(health.healthy).to.equal(true);
      expect(health.status).to.equal('SERVING');
      expect(Number(health.lastSequenceNumber)).to.be.at.least(Number(seal.sequenceNumber));
    });

    it('answers NOT_FOUND beyond the tip and for an unknown id', async function () {
      const health = await gw(org1).healthCheck();
      const beyond = await grpcError(gw(org1).getEvent(Number(health.lastSequenceNumber) + 1000));
      expect(beyond.code).to.equal(status.NOT_FOUND);
      const unknown = await grpcError(gw(org1).getEventById(uniqueId('missing')));
      expect(unknown.code).to.equal(status.NOT_FOUND);
    });
  });

  describe('#GetDigest and proofs', function () {
    it('gives an inclusion proof that verifies against the signed digest', async function () {
      const seal = await gw(org1).submitEvent(newEvent('proof'));
      const digest = await gw(org1).getDigest();
      const proof = await gw(org1).getInclusionProof(seal.sequenceNumber, digest.treeSize);
      expect(verifySealAgainstDigest(seal, proof, digest)).to.deep.equal({ ok: true });
      const tampered = { ...seal, payload: Buffer.from('tampered') };
      expect(verifySealAgainstDigest(tampered, proof, digest).ok).to.equal(false);
    });

    it('gives a consistency proof between an older and the current tree size', async function () {
      const before = await gw(org1).getDigest();
      await gw(org1).submitEvent(newEvent('grow'));
      const after = await gw(org1).getDigest();
      const proof = await gw(org1).getConsistencyProof(before.treeSize, after.treeSize);
      expect(proof.firstRoot).to.equal(before.rootHash);
      expect(proof.secondRoot).to.equal(after.rootHash);
      const hashes = proof.hashes.map((h) => fromHex(h));
      expect(() => {
        verifyConsistency(
          Number(before.treeSize),
          Number(after.treeSize),
          fromHex(before.rootHash),
          fromHex(after.rootHash),
          hashes,
        );
      }).not.to.throw();
    });

    it("computes byte-identical seals and digests on Org1's and Org2's gateways after a mixed workload", async function () {
      const start = Number((await gw(org1).getDigest()).treeSize);
      const teller = connectUser('org1', 'teller1');
      const custodian = connectUser('org2', 'custodian1');
      try {
        const ledger = teller.gateway.getNetwork(layout.channelName).getContract(layout.chaincodeName);
        const custody = custodian.gateway.getNetwork(layout.channelName).getContract(layout.chaincodeName);
        const account = uniqueId('mixed-acct');
        await Promise.all([
          ledger.submitTransaction('Accounts:OpenAccount', account, 'cust-mixed', 'USD'),
          custody.submitTransaction('Custody:RegisterProduct', uniqueId('mixed-prod'), 'crate', 'Lyon'),
          gw(org1).submitEvent(newEvent('mixed-1')),
          gw(org2).submitEvent(newEvent('mixed-2')),
        ]);
        await ledger.submitTransaction('Transactions:Deposit', uniqueId('mixed-dep'), account, '12.34');
      } finally {
        teller.close();
        custodian.close();
      }
      const one = await gw(org1).getDigest();
      const two = await waitForSize(gw(org2), Number(one.treeSize));
      const oneAtSize = await gw(org1).getDigest();
      expect(two.treeSize).to.equal(oneAtSize.treeSize);
      expect(sameDigest(two)).to.deep.equal(sameDigest(oneAtSize));
      expect(two.mspId).to.equal('Org2MSP');
      const range = Array.from({ length: Number(one.treeSize) - start }, (_, i) => start + 1 + i);
      const [seals1, seals2] = await Promise.all(
        [org1, org2].map((org) => Promise.all(range.map((seq) => gw(org).getEvent(seq)))),
      );
      // Every field a seal returns but the per-call latency, byte for byte (leaf format 2 binds them all).
      expect(seals2!.map(withoutLatency)).to.deep.equal(seals1!.map(withoutLatency));
      for (const seal of seals1!) {
        expect(seal.submitterCertSha256, `submitter of ${seal.sequenceNumber}`).to.match(/^[0-9a-f]{64}$/);
        expect(seal.entryHash, `entry_hash of ${seal.sequenceNumber}`).to.match(/^[0-9a-f]{64}$/);
        if (seal.entryType === 'event') expect(seal.clientCertSha256).to.match(/^[0-9a-f]{64}$/);
      }
      expect([...new Set(seals1!.map((s) => s.submitterMspId))]).to.include.members(['Org1MSP', 'Org2MSP']);
      expect([...new Set(seals1!.map((s) => s.entryType))]).to.include.members([
        'account',
        'custody',
        'event',
        'transaction',
      ]);
    });

    it('rebuilds an identical digest after its index is deleted and the gateway restarted', async function () {
      const reference = await gw(org1).getDigest();
      await waitForSize(gw(org2), Number(reference.treeSize));
      expect(await stopGateway(org2)).to.equal(0);
      for (const suffix of ['', '-wal', '-shm'])
        fs.rmSync(path.join(dir, `org2.sqlite${suffix}`), { force: true });
      org2 = await startGateway('org2', path.join(dir, 'org2.sqlite'));
      const rebuilt = await waitForSize(gw(org2), Number(reference.treeSize));
      expect(sameDigest(rebuilt)).to.deep.equal(sameDigest(reference));
      const size = Number(reference.treeSize);
      const sample = [1, Math.max(1, Math.floor(size / 2)), size];
      const [fromOrg1, fromOrg2] = await Promise.all(
        [org1, org2].map((org) => Promise.all(sample.map((seq) => gw(org).getEvent(seq)))),
      );
      expect(fromOrg2!.map(withoutLatency)).to.deep.equal(fromOrg1!.map(withoutLatency));
    });
  });
});
