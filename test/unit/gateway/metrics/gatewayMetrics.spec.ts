import * as http from 'node:http';
import { status } from '@grpc/grpc-js';
import { expect } from 'chai';
import { register as globalRegistry } from 'prom-client';
import { newGatewayMetrics, type GatewayMetrics } from '@gateway/metrics/gatewayMetrics';
import { startMetricsServer, type MetricsServer } from '@gateway/metrics/metricsServer';

function get(
  port: number,
  urlPath: string,
  method = 'GET',
): Promise<{ code: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: urlPath, method }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        resolve({
          code: res.statusCode ?? 0,
          type: res.headers['content-type'] ?? '',
          body: Buffer.concat(chunks).toString('utf8'),
        });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

function sample(text: string, series: string): string | undefined {
  return text
    .split('\n')
    .find((line) => line.startsWith(`${series} `))
    ?.slice(series.length + 1);
}

describe('gatewayMetrics', function () {
  let metrics: GatewayMetrics;
  let checkpoint: bigint | undefined;

  beforeEach(function () {
    checkpoint = undefined;
    metrics = newGatewayMetrics({ lastSequenceNumber: () => 17, checkpointBlock: () => checkpoint });
  });

  describe('#render', function () {
    it('starts with zero OK submits, empty histograms and the index gauges', async function () {
      const text = await metrics.render();
      expect(sample(text, 'ledger_gateway_submit_events_total{code="OK"}')).to.equal('0');
      expect(sample(text, 'ledger_gateway_seal_latency_ms_count')).to.equal('0');
      expect(sample(text, 'ledger_gateway_batch_size_count')).to.equal('0');
      expect(sample(text, 'ledger_gateway_last_sequence_number')).to.equal('17');
      expect(sample(text, 'ledger_gateway_checkpoint_block')).to.equal(undefined);
      expect(text).to.include('# TYPE ledger_gateway_checkpoint_block gauge\n');
    });

    it('counts submits by code, seal latencies, errors by method and code, and batch sizes', async function () {
      checkpoint = 9n;
      metrics.submitFinished(status.OK, 12);
      metrics.submitFinished(status.OK, 700);
      metrics.submitFinished(status.UNAUTHENTICATED);
      metrics.callFailed('SubmitEvent', status.UNAUTHENTICATED);
      metrics.callFailed('GetEvent', status.NOT_FOUND);
      metrics.batchSent(3);
      const text = await metrics.render();
      expect(sample(text, 'ledger_gateway_submit_events_total{code="OK"}')).to.equal('2');
      expect(sample(text, 'ledger_gateway_submit_events_total{code="UNAUTHENTICATED"}')).to.equal('1');
      expect(sample(text, 'ledger_gateway_seal_latency_ms_bucket{le="25"}')).to.equal('1');
      expect(sample(text, 'ledger_gateway_seal_latency_ms_bucket{le="1000"}')).to.equal('2');
      expect(sample(text, 'ledger_gateway_seal_latency_ms_sum')).to.equal('712');
      expect(sample(text, 'ledger_gateway_errors_total{code="NOT_FOUND",method="GetEvent"}')).to.equal('1');
      expect(
        sample(text, 'ledger_gateway_errors_total{code="UNAUTHENTICATED",method="SubmitEvent"}'),
      ).to.equal('1');
      expect(sample(text, 'ledger_gateway_batch_size_bucket{le="2"}')).to.equal('0');
      expect(sample(text, 'ledger_gateway_batch_size_bucket{le="5"}')).to.equal('1');
      expect(sample(text, 'ledger_gateway_checkpoint_block')).to.equal('9');
    });

    it('counts refused calls by reason and reports the channel config block in force', async function () {
      const withConfig = newGatewayMetrics({
        lastSequenceNumber: () => 0,
        checkpointBlock: () => undefined,
        configBlock: () => 12n,
      });
      withConfig.callRefused('expired');
      withConfig.callRefused('expired');
      withConfig.callRefused('permission_denied');
      const text = await withConfig.render();
      expect(sample(text, 'ledger_gateway_refused_calls_total{reason="expired"}')).to.equal('2');
      expect(sample(text, 'ledger_gateway_refused_calls_total{reason="permission_denied"}')).to.equal('1');
      expect(sample(text, 'ledger_gateway_channel_config_block')).to.equal('12');
    });

    it('reports no refusal and no config block when there is none', async function () {
      const text = await metrics.render();
      expect(text).not.to.include('ledger_gateway_refused_calls_total{');
      expect(sample(text, 'ledger_gateway_channel_config_block')).to.equal(undefined);
    });

    it('reports the open StreamEvents calls when the gateway gives their count', async function () {
      let open = 2;
      const withStreams = newGatewayMetrics({
        lastSequenceNumber: () => 0,
        checkpointBlock: () => undefined,
        openStreams: () => open,
      });

      expect(sample(await withStreams.render(), 'ledger_gateway_open_streams')).to.equal('2');
      open = 0;
      expect(sample(await withStreams.render(), 'ledger_gateway_open_streams')).to.equal('0');
      expect(sample(await metrics.render(), 'ledger_gateway_open_streams')).to.equal(undefined);
    });
  });

  describe('default metrics', function () {
    const DEFAULTS = [
      'process_cpu_user_seconds_total counter',
      'process_resident_memory_bytes gauge',
      'process_open_fds gauge',
      'nodejs_eventloop_lag_seconds gauge',
      'nodejs_eventloop_lag_p99_seconds gauge',
      'nodejs_heap_size_used_bytes gauge',
      'nodejs_gc_duration_seconds histogram',
    ];

    it("exports prom-client's process and Node.js runtime families after the gateway's own", async function () {
      const text = await metrics.render();
      const types = text.split('\n').filter((line) => line.startsWith('# TYPE '));

      expect(types[0]).to.equal('# TYPE ledger_gateway_submit_events_total counter');
      for (const family of DEFAULTS) expect(types).to.include(`# TYPE ${family}`);
      expect(Number(sample(text, 'process_open_fds'))).to.be.greaterThan(0);
    });

    it("keeps each gateway's metrics in its own registry, out of prom-client's global one", async function () {
      const other = newGatewayMetrics({ lastSequenceNumber: () => 0, checkpointBlock: () => undefined });
      other.submitFinished(status.OK, 5);

      expect(sample(await other.render(), 'ledger_gateway_submit_events_total{code="OK"}')).to.equal('1');
      expect(sample(await metrics.render(), 'ledger_gateway_submit_events_total{code="OK"}')).to.equal('0');
      expect(globalRegistry.getSingleMetric('ledger_gateway_submit_events_total')).to.equal(undefined);
      expect(globalRegistry.getSingleMetric('process_cpu_user_seconds_total')).to.equal(undefined);
    });
  });

  describe('metrics server', function () {
    let server: MetricsServer | undefined;

    afterEach(async function () {
      await server?.close();
      server = undefined;
    });

    it('serves the exposition text on GET /metrics with the Prometheus content type', async function () {
      server = await startMetricsServer({ port: 0, render: () => metrics.render() });
      metrics.submitFinished(status.OK, 5);
      const res = await get(server.port, '/metrics');
      expect(res.code).to.equal(200);
      expect(res.type).to.equal('text/plain; version=0.0.4; charset=utf-8');
      expect(sample(res.body, 'ledger_gateway_submit_events_total{code="OK"}')).to.equal('1');
    });

    it('answers 404 for other paths and 405 for other methods', async function () {
      server = await startMetricsServer({ port: 0, render: () => metrics.render() });
      expect((await get(server.port, '/')).code).to.equal(404);
      expect((await get(server.port, '/metrics', 'POST')).code).to.equal(405);
    });

    it('answers HEAD /metrics with the headers and no body', async function () {
      server = await startMetricsServer({ port: 0, render: () => metrics.render() });
      const res = await get(server.port, '/metrics', 'HEAD');
      expect(res.code).to.equal(200);
      expect(res.type).to.equal('text/plain; version=0.0.4; charset=utf-8');
      expect(res.body).to.equal('');
    });

    it('answers 500 without the exposition when rendering fails', async function () {
      server = await startMetricsServer({
        port: 0,
        render: () => Promise.reject(new Error('collect failed')),
      });
      const res = await get(server.port, '/metrics');
      expect(res.code).to.equal(500);
      expect(res.body).to.equal('internal error\n');
    });

    it('fails to start on a port that is taken', async function () {
      server = await startMetricsServer({ port: 0, render: () => '' });
      await expect(startMetricsServer({ port: server.port, render: () => '' })).to.be.rejectedWith(
        /EADDRINUSE/,
      );
    });
  });
});
