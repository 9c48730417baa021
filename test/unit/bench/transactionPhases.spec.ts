import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { parseBenchOptions } from '../../bench/benchOptions';
import type { ClassUsage } from '../../bench/processSampler';
import {
  fabricCpuMsPerTransaction,
  parsePhaseCounters,
  scrapeMetrics,
  transactionPhases,
  type PhaseCounters,
} from '../../bench/transactionPhases';

/** An exposition as the gateway writes it (buckets and other series around the ones we read). */
function exposition(c: {
  tx: number;
  events: number;
  endorse: [number, number];
  commit: [number, number];
  seal: [number, number];
}): string {
  return [
    '# HELP ledger_gateway_batch_size Events per Journal:SubmitEvents transaction sent to Fabric.',
    '# TYPE ledger_gateway_batch_size histogram',
    `ledger_gateway_batch_size_bucket{le="1"} ${c.tx}`,
    `ledger_gateway_batch_size_sum ${c.events}`,
    `ledger_gateway_batch_size_count ${c.tx}`,
    `ledger_gateway_batch_endorse_ms_bucket{le="+Inf"} ${c.endorse[1]}`,
    `ledger_gateway_batch_endorse_ms_sum ${c.endorse[0]}`,
    `ledger_gateway_batch_endorse_ms_count ${c.endorse[1]}`,
    `ledger_gateway_batch_commit_ms_sum ${c.commit[0]}`,
    `ledger_gateway_batch_commit_ms_count ${c.commit[1]}`,
    `ledger_gateway_batch_seal_ms_sum ${c.seal[0]}`,
    `ledger_gateway_batch_seal_ms_count ${c.seal[1]}`,
    'ledger_gateway_seal_latency_ms_sum 1580001.26',
    'ledger_gateway_seal_latency_ms_count 20832',
    '',
  ].join('\n');
}

const BEFORE = exposition({
  tx: 100,
  events: 1000,
  endorse: [1000, 100],
  commit: [1200, 100],
  seal: [50, 100],
});
const AFTER = exposition({
  tx: 300,
  events: 8400,
  endorse: [4400, 300],
  commit: [5000, 298],
  seal: [450, 298],
});

const usage = (processClass: string, cpuPercent: number): ClassUsage => ({
  processClass,
  processes: 1,
  cpuPercent,
  rssMiB: 100,
});

describe('bench transactionPhases', function () {
  describe('#parsePhaseCounters', function () {
    it('reads the sums and counts of the batch histograms and ignores buckets and other series', function () {
      expect(parsePhaseCounters(BEFORE)).to.deep.equal({
        transactions: 100,
        events: 1000,
        endorseMsSum: 1000,
        commitMsSum: 1200,
        sealMsSum: 50,
        endorseCount: 100,
        commitCount: 100,
        sealCount: 100,
      });
    });

    it('gives undefined for an exposition without the batch size histogram', function () {
      expect(parsePhaseCounters('process_cpu_seconds_total 12\n')).to.equal(undefined);
    });
  });

  describe('#transactionPhases', function () {
    const before = parsePhaseCounters(BEFORE);
    const after = parsePhaseCounters(AFTER);

    it('gives the means per transaction between two scrapes, each phase over its own count', function () {
      expect(transactionPhases(before, after)).to.deep.equal({
        transactions: 200,
        eventsPerTransaction: 37,
        endorseMs: 17,
        commitMs: 19.2,
        sealMs: 2,
      });
    });

    it('divides the CPU of orderers, peers and chaincode (not gateway or load generator) by the transactions', function () {
      const processes = [
        usage('orderers', 30),
        usage('peers', 45),
        usage('chaincode', 20),
        usage('gateway', 50),
        usage('load generator (go)', 15),
      ];
      // 95 % of a core for 20 s = 19,000 ms of CPU over 200 transactions.
      expect(transactionPhases(before, after, processes, 20)?.fabricCpuMsPerTransaction).to.equal(95);
    });

    it('gives undefined when a scrape is missing or no transaction was sent', function () {
      expect(transactionPhases(undefined, after)).to.equal(undefined);
      expect(transactionPhases(before, undefined)).to.equal(undefined);
      expect(transactionPhases(before, before)).to.equal(undefined);
    });
  });

  describe('#fabricCpuMsPerTransaction', function () {
    it('gives undefined without a window, a transaction or a sampled Fabric process', function () {
      const peers = [usage('peers', 40)];
      expect(fabricCpuMsPerTransaction(peers, 10, 100)).to.equal(40);
      expect(fabricCpuMsPerTransaction(peers, 0, 100)).to.equal(undefined);
      expect(fabricCpuMsPerTransaction(peers, 10, 0)).to.equal(undefined);
      expect(fabricCpuMsPerTransaction([usage('gateway', 40)], 10, 100)).to.equal(undefined);
    });
  });

  describe('#scrapeMetrics', function () {
    let server: http.Server;
    let port = 0;

    before(async function () {
      server = http.createServer((req, res) => {
        res.writeHead(req.url === '/metrics' ? 200 : 404, { 'content-type': 'text/plain' });
        res.end(req.url === '/metrics' ? AFTER : '');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as AddressInfo).port;
    });

    after(async function () {
      await new Promise((resolve) => server.close(resolve));
    });

    it('reads the counters from GET /metrics on 127.0.0.1', async function () {
      const counters: PhaseCounters | undefined = await scrapeMetrics(port);
      expect(counters?.transactions).to.equal(300);
    });

    it('gives undefined for port 0 and for a port nothing listens on', async function () {
      const closed = http.createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const unused = (closed.address() as AddressInfo).port;
      await new Promise((resolve) => closed.close(resolve));
      expect(await scrapeMetrics(0)).to.equal(undefined);
      expect(await scrapeMetrics(unused)).to.equal(undefined);
    });
  });

  describe('--metrics-port', function () {
    it('defaults to LEDGER_GATEWAY_METRICS_PORT, else 9464, and takes 0 as off', function () {
      expect(parseBenchOptions([], {}).metricsPort).to.equal(9464);
      expect(parseBenchOptions([], { LEDGER_GATEWAY_METRICS_PORT: '9500' }).metricsPort).to.equal(9500);
      expect(parseBenchOptions(['--metrics-port', '0'], {}).metricsPort).to.equal(0);
    });

    it('refuses a value that is not a port, naming the option', function () {
      expect(() => parseBenchOptions(['--metrics-port', '70000'], {})).to.throw(
        /--metrics-port: got "70000"/,
      );
    });
  });
});
