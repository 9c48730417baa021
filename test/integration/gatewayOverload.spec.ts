// Overload of a real gateway process: a flood of SubmitEvent calls far beyond its in-flight bound and
// more streams than it allows. The excess must be refused with RESOURCE_EXHAUSTED (an UNAVAILABLE is a
// failure, not an overload refusal), nothing refused may be written, and the gateway must serve
// normally once the flood stops. How many calls are refused, how fast refusals are compared with seals
// and the peak RSS depend on the machine: they are printed here, and measured against the documented
// bound by the benchmark (`npm run bench -- --only overload`, test/bench/overloadBench.ts), not asserted.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { expect } from 'chai';
import { newLedgerClient, type LedgerClient } from '@gateway/client/ledgerClient';
import { freePort, startGatewayProcess, type GatewayProcess } from '@test-support/gatewayProcess';
import { countByCode, floodSubmits, percentile, processMemory } from '@test-support/submitFlood';
import { uniqueId } from '@test-support/testNetwork';
import { waitFor } from '@test-support/waitFor';

const { status } = grpc;
const MAX_IN_FLIGHT = 32;
const MAX_STREAMS = 4;
const FLOOD = Number(process.env.OVERLOAD_SUBMITS ?? 3000);
const PAYLOAD_BYTES = Number(process.env.OVERLOAD_PAYLOAD_BYTES ?? 4096);
const CONNECTIONS = 4;
const WAVE = 50;

describe('gateway under overload', function () {
  this.timeout(600_000);
  let gateway: GatewayProcess;
  let client: LedgerClient;
  let dir: string;
  let peakRssMiB = 0;
  let metricsPort = 0;
  /** The gateway's `ledger_gateway_open_streams` gauge, from its /metrics. */
  const openStreams = async (): Promise<number> => {
    const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    const value = /^ledger_gateway_open_streams (\d+)$/m.exec(text)?.[1];
    if (value === undefined) throw new Error('no ledger_gateway_open_streams in /metrics');
    return Number(value);
  };

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-overload-'));
    metricsPort = await freePort();
    gateway = await startGatewayProcess(
      ['--insecure', '--org', 'org1', '--index', path.join(dir, 'index.sqlite')],
      {
        ...process.env,
        LEDGER_GATEWAY_MAX_INFLIGHT_SUBMITS: String(MAX_IN_FLIGHT),
        LEDGER_GATEWAY_MAX_STREAMS: String(MAX_STREAMS),
        LEDGER_GATEWAY_METRICS_PORT: String(metricsPort),
      },
    );
    client = newLedgerClient(gateway.address, { insecure: true, timeoutMs: 60_000 });
  });

  after(async () => {
    client.close();
    await gateway.stop();
    fs.rmSync(dir, { recursive: true, force: true });
    console.log(`      overload: peak RSS of the gateway ${peakRssMiB.toFixed(1)} MiB`);
  });

  it('refuses the excess of a submit flood with RESOURCE_EXHAUSTED and writes none of it', async () => {
    const pid = gateway.child.pid ?? 0;
    const baseline = processMemory(pid);
    // A sealed warm-up event means the fresh index has caught up with the journal written before it.
    const warmUp = await client.submitEvent({
      eventId: uniqueId('warm-up'),
      payload: Buffer.from('warm-up'),
      vepsTimestamp: String(Date.now()),
    });
    const before = Number(warmUp.sequenceNumber);
    const sampler = setInterval(() => {
      peakRssMiB = Math.max(peakRssMiB, processMemory(pid).rssMiB);
    }, 50);

    // Paced at WAVE calls every 100 ms (5x what the gateway seals at this bound), so a call's latency is
    // the gateway's answer time, not the time it waited in this process's own send queue.
    const started = performance.now();
    const outcomes = await floodSubmits({
      address: gateway.address,
      count: FLOOD,
      payloadBytes: PAYLOAD_BYTES,
      connections: CONNECTIONS,
      wave: WAVE,
      waveMs: 100,
      deadlineMs: 120_000,
    }).finally(() => {
      clearInterval(sampler);
    });
    const floodMs = performance.now() - started;
    peakRssMiB = Math.max(peakRssMiB, processMemory(pid).hwmMiB);

    const byCode = countByCode(outcomes);
    const refused = outcomes.filter((o) => o.code === status.RESOURCE_EXHAUSTED);
    const sealed = outcomes.filter((o) => o.code === status.OK);
    const refusedMs = refused.map((o) => o.ms);
    const sealedMs = sealed.map((o) => o.ms);
    console.log(
      `      overload: ${FLOOD} submits of ${PAYLOAD_BYTES} B over ${CONNECTIONS} connections, ${WAVE} per 100 ms, in ${Math.round(floodMs)} ms: ` +
        `${[...byCode].map(([k, n]) => `${k}=${n}`).join(' ')}; refusals p50 ${Math.round(percentile(refusedMs, 50))} ms, ` +
        `p99 ${Math.round(percentile(refusedMs, 99))} ms; seals p50 ${Math.round(percentile(sealedMs, 50))} ms; RSS ${baseline.rssMiB.toFixed(1)} → peak ${peakRssMiB.toFixed(1)} MiB`,
    );

    expect([...byCode.keys()].sort(), 'every call ends OK or RESOURCE_EXHAUSTED').to.deep.equal(
      ['OK', 'RESOURCE_EXHAUSTED'].filter((k) => byCode.has(k)),
    );
    expect(sealed.length + refused.length).to.equal(FLOOD);
    // Counts, not times: the first MAX_IN_FLIGHT calls are admitted, and far more calls arrive while
    // they wait for Fabric than the bound admits, whatever the machine's speed.
    expect(sealed.length).to.be.at.least(MAX_IN_FLIGHT);
    expect(refused.length).to.be.above(0);
    expect(Number((await client.healthCheck()).lastSequenceNumber)).to.equal(before + sealed.length);
    for (const o of refused.slice(0, 20)) {
      await expect(client.getEventById(o.id)).to.be.rejected.then((err: grpc.ServiceError) => {
        expect(err.code).to.equal(status.NOT_FOUND);
      });
    }
  });

  it('refuses streams beyond its bound with RESOURCE_EXHAUSTED and admits one when another ends', async () => {
    const streamFrom1 = (): ReturnType<LedgerClient['streamEvents']> => {
      const s = client.streamEvents({ fromSequence: 1 });
      // A cancelled stream ends with a CANCELLED error event; it is expected here.
      s.on('error', () => undefined);
      return s;
    };
    const open = Array.from({ length: MAX_STREAMS }, streamFrom1);
    await Promise.all(open.map((s) => new Promise((resolve) => s.once('data', resolve))));

    const extra = streamFrom1();
    const refusal = await new Promise<grpc.ServiceError>((resolve) => extra.once('error', resolve));
    open[0]?.cancel();
    // The slot is free once the gateway has seen the cancellation: its open-streams gauge says when.
    await waitFor(`the gateway counts ${MAX_STREAMS - 1} open streams`, async () => {
      return (await openStreams()) === MAX_STREAMS - 1;
    });
    const again = streamFrom1();
    const first = await new Promise((resolve, reject) => {
      again.once('data', resolve);
      again.once('error', reject);
    });
    [...open, again].forEach((s) => {
      s.cancel();
    });

    expect(refusal.code).to.equal(status.RESOURCE_EXHAUSTED);
    expect(refusal.details).to.contain('open StreamEvents calls');
    expect(first).to.not.equal(undefined);
  });

  it('serves normally once the flood stops', async () => {
    const results = await Promise.all(
      Array.from({ length: MAX_IN_FLIGHT }, (_, i) =>
        client.submitEvent({
          eventId: uniqueId(`after-${i}`),
          payload: Buffer.from('after'),
          vepsTimestamp: String(Date.now()),
        }),
      ),
    );
    const health = await client.healthCheck();

    expect(results.map((r) => r.eventId.startsWith('after-'))).to.deep.equal(results.map(() => true));
    expect(health).to.include({ healthy: true, status: 'SERVING' });
    expect(gateway.child.exitCode).to.equal(null);
  });
});
