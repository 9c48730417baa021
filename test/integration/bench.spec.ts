// The benchmark's smoke run (`bench.ts --smoke`) against the integration network, so the bench keeps
// working: it must finish, exit 0 and write a report with every section in the expected shape. It
// asserts nothing about speed.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import type { BenchReport } from '../bench/benchReport';
import { freePort, startGatewayProcess, type GatewayProcess } from '@test-support/gatewayProcess';
import { TEST_CODE_NODE_FLAGS } from '@test-support/testCodeProcess';

const run = promisify(execFile);
const REPO = path.resolve(__dirname, '..', '..');

function expectLatencies(row: {
  completed: number;
  failed: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}): void {
  expect(row.completed).to.be.greaterThan(0);
  expect(row.p50Ms).to.be.at.most(row.p99Ms);
  expect(row.p99Ms).to.be.at.most(row.maxMs);
}

describe('npm run bench --smoke', function () {
  this.timeout(240_000);
  let gateway: GatewayProcess;
  let dir: string;
  let report: BenchReport;
  let stdout: string;

  before(async () => {
    const metricsPort = await freePort();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-bench-'));
    // The secure default: mutual TLS, callers checked against the channel's members.
    gateway = await startGatewayProcess(['--org', 'org1', '--index', path.join(dir, 'index.sqlite')], {
      ...process.env,
      LEDGER_GATEWAY_METRICS_PORT: String(metricsPort),
    });
    const out = path.join(dir, 'bench.json');
    const ran = await run(
      process.execPath,
      [
        ...TEST_CODE_NODE_FLAGS,
        'test/bench/bench.ts',
        '--smoke',
        '--address',
        gateway.address,
        '--org',
        'org1',
        '--user',
        'teller1',
        '--metrics-port',
        String(metricsPort),
        '--out',
        out,
      ],
      { cwd: REPO, maxBuffer: 16 * 2 ** 20 },
    );
    stdout = ran.stdout;
    report = JSON.parse(fs.readFileSync(out, 'utf8')) as BenchReport;
  });

  after(async () => {
    await gateway.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('calls the gateway over mutual TLS as a member user, and says so', function () {
    expect(report.gateway).to.deep.equal({ address: gateway.address, mode: 'mTLS' });
    expect(stdout).to.include(`Gateway under test: ${gateway.address}, mutual TLS (the secure default)`);
  });

  it('records the Node that ran the bench and the Node of the gateway under test', function () {
    expect(report.machine.node).to.equal(process.version);
    expect(report.machine.gatewayNode).to.match(/^v\d+\.\d+\.\d+$/);
    expect(stdout).to.include(`Node ${process.version} (gateway on ${report.machine.gatewayNode})`);
  });

  it('names the load generator it used', function () {
    expect(report.submit?.loadGenerator).to.equal('go');
  });

  it('reads every revision of the history key through the gateway and through the chaincode baseline', function () {
    const history = report.history;

    expect(history?.revisions).to.equal(report.options.historyRevisions + 1);
    expect(history?.gatewayWalkPages).to.equal(1);
    expect(history?.chaincodeWalkPages).to.be.at.least(1);
  });

  it('runs every section without errors and prints their tables and the ratios', function () {
    expect(report.errors).to.deep.equal([]);
    for (const heading of [
      'SubmitEvent, open loop',
      'Baseline 1',
      'Baseline 2',
      'Reads over gRPC',
      '### Overload',
      '### GetHistory of one key',
      '### Ratios',
    ]) {
      expect(stdout).to.include(heading);
    }
  });

  it('reports SubmitEvent from the Go load generator at every offered rate and concurrency with CPU and RSS per process class', function () {
    expect(report.submit?.openLoop.map((r) => r.offeredPerSecond)).to.deep.equal(report.options.rates);
    expect(report.submit?.closedLoop.map((r) => r.concurrency)).to.deep.equal(report.options.concurrency);
    for (const row of [...(report.submit?.openLoop ?? []), ...(report.submit?.closedLoop ?? [])]) {
      expectLatencies(row);
      const classes = row.processes.map((p) => p.processClass);
      // The SubmitEvent calls come from the Go load generator (the default), sampled as its own class.
      expect(classes).to.include.members([
        'orderers',
        'peers',
        'chaincode',
        'load generator (bench)',
        'load generator (go)',
      ]);
      expect(row.processes.every((p) => p.rssMiB > 0 && p.cpuPercent >= 0)).to.equal(true);
    }
  });

  it("reports where each SubmitEvent scenario's journal transactions spent their time, from the gateway's metrics", function () {
    for (const row of [...(report.submit?.openLoop ?? []), ...(report.submit?.closedLoop ?? [])]) {
      const phases = row.phases;
      expect(phases?.transactions).to.be.greaterThan(0);
      expect(phases?.eventsPerTransaction).to.be.at.least(1);
      expect(phases?.endorseMs).to.be.greaterThan(0);
      expect(phases?.commitMs).to.be.greaterThan(0);
      expect(phases?.fabricCpuMsPerTransaction).to.be.greaterThan(0);
    }
    expect(stdout).to.include("Where a journal transaction's time goes");
  });

  it('reports the plain Fabric baseline at the same concurrency', function () {
    expect(report.baseline?.map((r) => r.concurrency)).to.deep.equal(report.options.concurrency);
    report.baseline?.forEach(expectLatencies);
  });

  it('reports the etcd seed sequencer per event at each concurrency and batched, with etcd processes sampled', function () {
    const runs = report.etcd?.runs ?? [];
    expect(runs.map((r) => [r.variant, r.concurrency])).to.deep.equal([
      ...report.options.etcdConcurrency.map((c) => ['per-event', c]),
      ['batched', 1],
    ]);
    runs.forEach(expectLatencies);
    expect(
      runs.every((r) => r.processes.some((p) => p.processClass === 'etcd' && p.processes === 3)),
    ).to.equal(true);
  });

  it('reports reads on the live gateway, the synthetic indexes and the index rebuild', function () {
    const reads = report.reads;
    expect(reads?.live.map((r) => r.operation)).to.deep.equal(['GetEvent', 'GetInclusionProof', 'GetDigest']);
    reads?.live.forEach(expectLatencies);
    expect(reads?.synthetic.map((s) => s.size)).to.deep.equal(report.options.indexSizes);
    expect(
      reads?.synthetic.every((s) => s.buildEventsPerSecond > 0 && s.inclusionProofsPerSecond > 0),
    ).to.equal(true);
    expect(reads?.syntheticGateway?.size).to.equal(Math.max(...report.options.indexSizes));
    expect(reads?.syntheticGateway?.rssMiB).to.be.greaterThan(0);
    reads?.syntheticGateway?.reads.forEach(expectLatencies);
    expect(reads?.rebuild.reached).to.equal(true);
  });

  it('measures the overload flood: calls by code, latencies and the peak RSS against the documented bound', function () {
    const overload = report.overload;
    expect(overload?.submits).to.equal(report.options.overloadSubmits);
    expect(Object.values(overload?.byCode ?? {}).reduce((a, b) => a + b, 0)).to.equal(overload?.submits);
    expect(overload?.peakRssMiB).to.be.greaterThan(0);
    expect(overload?.rssBoundMiB).to.equal(400);
    expect(stdout).to.match(/Peak RSS \d+ MiB: (within|\*\*OVER\*\*) the documented bound of 400 MiB/);
  });

  it('computes the ratios against both baselines', function () {
    expect(report.ratios.sealedPerBaselineTps.map((r) => r.concurrency)).to.deep.equal(
      report.options.concurrency,
    );
    expect(report.ratios.bestSealedPerBestBaselineTps).to.be.a('number');
    expect(report.ratios.p99PerEtcdP99).to.be.a('number');
    expect(report.ratios.bestSealedPerSeedPattern).to.be.a('number');
    expect(report.ratios.bestSealedPerBatchedEtcd).to.be.a('number');
  });
});
