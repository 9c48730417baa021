import { status } from '@grpc/grpc-js';
import { expect } from 'chai';
import { newGatewayMetrics, type GatewayMetrics } from '@gateway/metrics/gatewayMetrics';

/** One metric family as announced by `# HELP` / `# TYPE` and seen in its samples. */
interface Family {
  name: string;
  type: string;
  help: string;
  /** Label names over all samples, sorted, without a histogram's `le`. */
  labels: string[];
}

/** The gateway's own families and their series (`name{labels} value`) in a Prometheus text exposition. */
interface Exposition {
  families: Family[];
  samples: string[];
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})? (\S+)$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

function familyOf(families: Map<string, Family>, series: string): Family | undefined {
  const exact = families.get(series);
  if (exact !== undefined) return exact;
  const base = series.replace(/_(bucket|sum|count)$/, '');
  const histogram = families.get(base);
  return histogram?.type === 'histogram' ? histogram : undefined;
}

/** Parses the `ledger_gateway_` families of `text`, throwing on a line that is not exposition. */
function parse(text: string): Exposition {
  const families = new Map<string, Family>();
  const samples: string[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const help = /^# HELP (\S+) (.*)$/.exec(line);
    const type = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (help?.[1] !== undefined && help[2] !== undefined) {
      families.set(help[1], { name: help[1], type: '', help: help[2], labels: [] });
    } else if (type?.[1] !== undefined && type[2] !== undefined) {
      const family = families.get(type[1]);
      if (family === undefined) throw new Error(`TYPE before HELP: ${line}`);
      family.type = type[2];
    } else {
      const sample = SAMPLE.exec(line);
      if (sample?.[1] === undefined || sample[3] === undefined) throw new Error(`not a sample: ${line}`);
      const family = familyOf(families, sample[1]);
      if (family === undefined) throw new Error(`sample without a family: ${line}`);
      const pairs = [...(sample[2] ?? '').matchAll(LABEL)].map((m) => [m[1] ?? '', m[2] ?? ''] as const);
      for (const [name] of pairs) {
        if (name !== 'le' && !family.labels.includes(name)) family.labels.push(name);
      }
      if (!family.name.startsWith('ledger_gateway_')) continue;
      const sorted = [...pairs].sort(([a], [b]) => a.localeCompare(b));
      const labels = sorted.length === 0 ? '' : `{${sorted.map(([n, v]) => `${n}="${v}"`).join(',')}}`;
      samples.push(`${sample[1]}${labels} ${sample[3]}`);
    }
  }
  return {
    families: [...families.values()]
      .filter((f) => f.name.startsWith('ledger_gateway_'))
      .map((f) => ({ ...f, labels: [...f.labels].sort() })),
    samples: samples.sort(),
  };
}

async function exposition(metrics: GatewayMetrics): Promise<Exposition> {
  return parse(await metrics.render());
}

const LATENCY = 'Successful SubmitEvent calls: milliseconds from receipt to seal.';
const ENDORSE = 'Journal transactions: milliseconds to endorse and hand to the orderer.';
const COMMIT = 'Journal transactions: milliseconds from the orderer accepting to the commit status.';
const SEAL =
  'Journal transactions: milliseconds from the commit status to the last event sealed in the index.';
const REFUSED =
  'Calls refused by client authentication (UNAUTHENTICATED) or authorization (PERMISSION_DENIED), by reason.';

/** The gateway's families, in registration order, as the hand-written registry exposed them. */
const FAMILIES: readonly Family[] = [
  {
    name: 'ledger_gateway_submit_events_total',
    type: 'counter',
    help: 'SubmitEvent calls by result code.',
    labels: ['code'],
  },
  { name: 'ledger_gateway_seal_latency_ms', type: 'histogram', help: LATENCY, labels: [] },
  {
    name: 'ledger_gateway_batch_size',
    type: 'histogram',
    help: 'Events per Journal:SubmitEvents transaction sent to Fabric.',
    labels: [],
  },
  { name: 'ledger_gateway_batch_endorse_ms', type: 'histogram', help: ENDORSE, labels: [] },
  { name: 'ledger_gateway_batch_commit_ms', type: 'histogram', help: COMMIT, labels: [] },
  { name: 'ledger_gateway_batch_seal_ms', type: 'histogram', help: SEAL, labels: [] },
  {
    name: 'ledger_gateway_errors_total',
    type: 'counter',
    help: 'Failed calls by gRPC method and status code.',
    labels: ['code', 'method'],
  },
  {
    name: 'ledger_gateway_last_sequence_number',
    type: 'gauge',
    help: 'Sequence number of the last sealed journal entry (0 when empty).',
    labels: [],
  },
  {
    name: 'ledger_gateway_checkpoint_block',
    type: 'gauge',
    help: 'Fabric block number of the index checkpoint.',
    labels: [],
  },
  { name: 'ledger_gateway_open_streams', type: 'gauge', help: 'Open StreamEvents calls.', labels: [] },
  { name: 'ledger_gateway_refused_calls_total', type: 'counter', help: REFUSED, labels: ['reason'] },
  {
    name: 'ledger_gateway_channel_config_block',
    type: 'gauge',
    help: 'Number of the channel configuration block the client trust comes from.',
    labels: [],
  },
];

const MS_BOUNDS = [
  '5',
  '10',
  '25',
  '50',
  '100',
  '250',
  '500',
  '1000',
  '2500',
  '5000',
  '10000',
  '30000',
  '60000',
];

/** The series of a histogram whose observations are `values`, in the order {@link parse} sorts them. */
function histogram(name: string, bounds: readonly string[], values: readonly number[]): string[] {
  const buckets = [...bounds, '+Inf'].map((le) => {
    const count = values.filter((v) => le === '+Inf' || v <= Number(le)).length;
    return `${name}_bucket{le="${le}"} ${String(count)}`;
  });
  const sum = values.reduce((a, b) => a + b, 0);
  return [...buckets, `${name}_count ${String(values.length)}`, `${name}_sum ${String(sum)}`];
}

/** The fixed sequence of observations of the known answer. */
function observe(metrics: GatewayMetrics): void {
  metrics.submitFinished(status.OK, 12);
  metrics.submitFinished(status.OK, 700);
  metrics.submitFinished(status.UNAUTHENTICATED);
  metrics.submitFinished(status.INVALID_ARGUMENT);
  metrics.callFailed('SubmitEvent', status.UNAUTHENTICATED);
  metrics.callFailed('SubmitEvent', status.INVALID_ARGUMENT);
  metrics.callFailed('GetEventById', status.NOT_FOUND);
  metrics.callRefused('expired');
  metrics.callRefused('expired');
  metrics.callRefused('permission_denied');
  metrics.batchSent(3);
  metrics.batchSent(250);
  metrics.batchPhase('endorse', 40);
  metrics.batchPhase('commit', 1200);
  metrics.batchPhase('commit', 2.5);
  metrics.batchPhase('seal', 7);
}

/** The gateway's series after {@link observe}, as the hand-written registry exposed them. */
const OBSERVED_SAMPLES: readonly string[] = [
  ...histogram('ledger_gateway_batch_commit_ms', MS_BOUNDS, [1200, 2.5]),
  ...histogram('ledger_gateway_batch_endorse_ms', MS_BOUNDS, [40]),
  ...histogram('ledger_gateway_batch_seal_ms', MS_BOUNDS, [7]),
  ...histogram('ledger_gateway_batch_size', ['1', '2', '5', '10', '25', '50', '100', '250', '500'], [3, 250]),
  'ledger_gateway_channel_config_block 12',
  'ledger_gateway_checkpoint_block 9',
  'ledger_gateway_errors_total{code="INVALID_ARGUMENT",method="SubmitEvent"} 1',
  'ledger_gateway_errors_total{code="NOT_FOUND",method="GetEventById"} 1',
  'ledger_gateway_errors_total{code="UNAUTHENTICATED",method="SubmitEvent"} 1',
  'ledger_gateway_last_sequence_number 17',
  'ledger_gateway_open_streams 2',
  'ledger_gateway_refused_calls_total{reason="expired"} 2',
  'ledger_gateway_refused_calls_total{reason="permission_denied"} 1',
  ...histogram('ledger_gateway_seal_latency_ms', MS_BOUNDS, [12, 700]),
  'ledger_gateway_submit_events_total{code="INVALID_ARGUMENT"} 1',
  'ledger_gateway_submit_events_total{code="OK"} 2',
  'ledger_gateway_submit_events_total{code="UNAUTHENTICATED"} 1',
].sort();

/** The gateway's series of a fresh metrics object whose optional sources are absent. */
const FRESH_SAMPLES: readonly string[] = [
  ...histogram('ledger_gateway_batch_commit_ms', MS_BOUNDS, []),
  ...histogram('ledger_gateway_batch_endorse_ms', MS_BOUNDS, []),
  ...histogram('ledger_gateway_batch_seal_ms', MS_BOUNDS, []),
  ...histogram('ledger_gateway_batch_size', ['1', '2', '5', '10', '25', '50', '100', '250', '500'], []),
  'ledger_gateway_last_sequence_number 0',
  ...histogram('ledger_gateway_seal_latency_ms', MS_BOUNDS, []),
  'ledger_gateway_submit_events_total{code="OK"} 0',
].sort();

describe('gatewayMetrics exposition (known answer)', function () {
  it('announces every gateway family with its name, type, help and label names after a fixed sequence', async function () {
    const metrics = newGatewayMetrics({
      lastSequenceNumber: () => 17,
      checkpointBlock: () => 9n,
      openStreams: () => 2,
      configBlock: () => 12n,
    });
    observe(metrics);

    const { families, samples } = await exposition(metrics);

    expect(families).to.deep.equal(FAMILIES);
    expect(samples).to.deep.equal(OBSERVED_SAMPLES);
  });

  it('announces the same families but no labelled series and no optional gauge sample when nothing was observed', async function () {
    const metrics = newGatewayMetrics({ lastSequenceNumber: () => 0, checkpointBlock: () => undefined });

    const { families, samples } = await exposition(metrics);

    expect(families.map((f) => [f.name, f.type, f.help])).to.deep.equal(
      FAMILIES.map((f) => [f.name, f.type, f.help]),
    );
    expect(families.filter((f) => f.labels.length > 0).map((f) => f.name)).to.deep.equal([
      'ledger_gateway_submit_events_total',
    ]);
    expect(samples).to.deep.equal(FRESH_SAMPLES);
  });
});
