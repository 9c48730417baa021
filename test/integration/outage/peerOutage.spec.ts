// Runs after the other integration suites (own mocha run, before network:down): stops the gateway's
// own peer, then brings it back, and checks that the gateway refuses with UNAVAILABLE meanwhile and
// then resumes from its checkpoint with no gap and no duplicate in the sequence.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { status, type ServiceError } from '@grpc/grpc-js';
import { expect } from 'chai';
import { newLedgerClient, verifySealHash, type LedgerClient } from '@gateway/client/ledgerClient';
import type { CertifiedEvent } from '@gateway/generated/ledger/CertifiedEvent';
import { startGatewayProcess, type GatewayProcess } from '@test-support/gatewayProcess';
import { layout, uniqueId } from '@test-support/testNetwork';
import { isAlive } from '@test-support/processAlive';

const REPO = path.resolve(__dirname, '..', '..', '..');

const event = (prefix: string): CertifiedEvent => ({
  eventId: uniqueId(prefix),
  payload: Buffer.from(`payload of ${prefix}`),
  vepsSignature: 'sig',
  vepsTimestamp: String(Date.now()),
  metadata: { suite: 'outage' },
});

/** Restarts whatever of the network is down (scripts/network-up.sh); its log lines are in the error. */
function networkUp(): void {
  try {
    execFileSync('bash', [path.join(REPO, 'scripts', 'network-up.sh')], { encoding: 'utf8', stdio: 'pipe' });
  } catch (err) {
    throw new Error(`network-up failed: ${String((err as { stderr?: unknown }).stderr)}`);
  }
}

describe('gateway during an outage of its peer', function () {
  this.timeout(240_000);
  let gateway: GatewayProcess;
  let client: LedgerClient;

  before(async () => {
    const index = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gw-outage-')), 'index.sqlite');
    gateway = await startGatewayProcess(['--insecure', '--org', 'org2', '--index', index]);
    client = newLedgerClient(gateway.address, { insecure: true, timeoutMs: 60_000 });
  });

  after(async () => {
    client.close();
    await gateway.stop();
    // Leave the network whole for network:down, whatever happened above.
    networkUp();
  });

  it('answers UNAVAILABLE while the peer is down, then resumes with no gap and no duplicate', async () => {
    const before = await client.submitEvent(event('before-outage'));
    const pidFile = path.join(layout.runDir, 'pids', 'peer0-org2.pid');
    const pid = Number(fs.readFileSync(pidFile, 'utf8'));
    process.kill(pid, 'SIGTERM');
    for (let i = 0; i < 150 && isAlive(pid); i++) {
      await new Promise((r) => {
        setTimeout(r, 100);
      });
    }
    expect(isAlive(pid), 'peer0-org2 stopped').to.equal(false);

    const during = event('during-outage');
    const refused = (await client.submitEvent(during, 20_000).then(
      () => undefined,
      (err: unknown) => err,
    )) as ServiceError | undefined;
    expect(refused?.code, refused?.details).to.equal(status.UNAVAILABLE);
    expect(refused?.details).to.match(/unavailable|unreachable|peer/i);

    networkUp();
    let retried: Awaited<ReturnType<LedgerClient['submitEvent']>> | undefined;
    for (let attempt = 0; attempt < 30 && retried === undefined; attempt++) {
      retried = await client.submitEvent(during, 20_000).catch((err: unknown) => {
        if ((err as ServiceError).code !== status.UNAVAILABLE) throw err;
        return new Promise<undefined>((r) => {
          setTimeout(() => {
            r(undefined);
          }, 1000);
        });
      });
    }
    const after = await client.submitEvent(event('after-outage'));

    expect(retried).to.not.equal(undefined);
    const first = Number(before.sequenceNumber);
    const last = Number(after.sequenceNumber);
    const window = Array.from({ length: last - first + 1 }, (_, i) => first + i);
    const seals = await Promise.all(window.map((seq) => client.getEvent(seq)));
    expect(seals.map((s) => Number(s.sequenceNumber))).to.deep.equal(window);
    seals.forEach((seal, i) => {
      expect(verifySealHash(seal), `seal ${seal.sequenceNumber}`).to.equal(true);
      if (i > 0)
        expect(seal.previousHash, `link to ${seal.sequenceNumber}`).to.equal(seals[i - 1]!.eventHash);
    });
    const ids = seals.map((s) => s.eventId);
    expect(new Set(ids).size, 'no event sealed twice').to.equal(ids.length);
    expect(ids).to.include.members([before.eventId, during.eventId, after.eventId]);
  });
});
