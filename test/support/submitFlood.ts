// A paced flood of SubmitEvent calls on raw gRPC connections, the outcome of every call, and the
// memory of the gateway process: shared by the overload integration test (which asserts what every
// machine must do) and the benchmark's `overload` section (which measures what depends on the machine).
import * as fs from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { encodeFields } from './protoWire';
import { uniqueId } from './testNetwork';

/** The end of one SubmitEvent call. */
export interface FloodOutcome {
  readonly id: string;
  readonly code: grpc.status;
  /** From the call's start to its answer. */
  readonly ms: number;
}

/** Options of {@link floodSubmits}. */
export interface FloodOptions {
  readonly address: string;
  readonly count: number;
  readonly payloadBytes: number;
  readonly connections: number;
  /** Calls sent at once, then a pause of `waveMs`: paced, so a call's latency is the gateway's. */
  readonly wave: number;
  readonly waveMs: number;
  /** Per-call deadline in ms. */
  readonly deadlineMs: number;
}

/**
 * Sends `count` SubmitEvent calls of new event ids, `wave` at a time, over `connections` raw gRPC
 * connections, and resolves with every call's outcome once all have ended.
 */
export async function floodSubmits(options: Readonly<FloodOptions>): Promise<FloodOutcome[]> {
  const raws = Array.from(
    { length: options.connections },
    () =>
      new grpc.Client(options.address, grpc.credentials.createInsecure(), {
        'grpc.use_local_subchannel_pool': 1,
      }),
  );
  const payload = Buffer.alloc(options.payloadBytes, 7);
  const submit = (i: number): Promise<FloodOutcome> => {
    const id = uniqueId(`flood-${i}`);
    const body = encodeFields([
      { no: 1, kind: 'bytes', value: Buffer.from(id) },
      { no: 2, kind: 'bytes', value: payload },
      { no: 4, kind: 'varint', value: BigInt(Date.now()) },
    ]);
    const started = performance.now();
    const raw = raws[i % raws.length];
    if (raw === undefined) throw new Error('no connection');
    return new Promise((resolve) => {
      raw.makeUnaryRequest(
        '/ledger.ImmutableLedger/SubmitEvent',
        (b: Buffer) => b,
        (b: Buffer) => b,
        body,
        { deadline: Date.now() + options.deadlineMs },
        (err) => {
          resolve({ id, code: err === null ? grpc.status.OK : err.code, ms: performance.now() - started });
        },
      );
    });
  };
  try {
    const pending: Promise<FloodOutcome>[] = [];
    for (let i = 0; i < options.count; i++) {
      pending.push(submit(i));
      if ((i + 1) % options.wave === 0) await new Promise((resolve) => setTimeout(resolve, options.waveMs));
    }
    return await Promise.all(pending);
  } finally {
    raws.forEach((r) => {
      r.close();
    });
  }
}

/** Resident memory of a process now (VmRSS) and at its peak so far (VmHWM), in MiB. */
export function processMemory(pid: number): { rssMiB: number; hwmMiB: number } {
  const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (name: string): number =>
    Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0);
  return { rssMiB: kib('VmRSS') / 1024, hwmMiB: kib('VmHWM') / 1024 };
}

/** The p-th percentile (nearest rank) of `values`; 0 for none. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** How many calls ended with each gRPC code, by code name. */
export function countByCode(outcomes: readonly FloodOutcome[]): Map<string, number> {
  const byCode = new Map<string, number>();
  outcomes.forEach((o) => byCode.set(grpc.status[o.code], (byCode.get(grpc.status[o.code]) ?? 0) + 1));
  return byCode;
}
