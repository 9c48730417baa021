/**
 * A minimal Prometheus registry: counters with labels, histograms and gauges read at scrape time,
 * rendered in the text exposition format 0.0.4
 * (https://prometheus.io/docs/instrumenting/exposition_formats/). No I/O.
 */

/** Label values of one series, by label name. */
export type Labels = Readonly<Record<string, string>>;

/** A monotonically increasing count per label set. */
export interface Counter {
  /** Adds `by` (default 1, must be ≥ 0) to the series of `labels`. */
  inc(labels?: Labels, by?: number): void;
  /** The current value of one series (0 if never touched). */
  get(labels?: Labels): number;
}

/** A distribution of observed values over fixed upper bounds. */
export interface Histogram {
  observe(value: number): void;
}

/** Metric families rendered together. */
export interface MetricsRegistry {
  counter(name: string, help: string): Counter;
  histogram(name: string, help: string, buckets: readonly number[]): Histogram;
  /** A gauge whose value is read when the registry is rendered (undefined: no sample). */
  gauge(name: string, help: string, read: () => number | bigint | undefined): void;
  /** All families in registration order, in the text exposition format. */
  render(): string;
}

/** Content type of {@link MetricsRegistry.render}'s output. */
export const EXPOSITION_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function escapeLabelValue(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

/** Formats a sample value: integers as digits, infinities as `+Inf` / `-Inf`. */
export function formatValue(value: number | bigint): string {
  if (typeof value === 'bigint') return value.toString();
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return Number.isNaN(value) ? 'NaN' : String(value);
}

/** `{a="x",b="y"}` with names sorted, or '' for no labels. */
export function formatLabels(labels: Labels): string {
  const names = Object.keys(labels).sort();
  if (names.length === 0) return '';
  for (const name of names) {
    if (!LABEL_NAME.test(name)) throw new Error(`label name ${JSON.stringify(name)} is not valid`);
  }
  return `{${names.map((n) => `${n}="${escapeLabelValue(labels[n] ?? '')}"`).join(',')}}`;
}

function header(name: string, help: string, type: string): string {
  if (!METRIC_NAME.test(name)) throw new Error(`metric name ${JSON.stringify(name)} is not valid`);
  return `# HELP ${name} ${escapeHelp(help)}\n# TYPE ${name} ${type}\n`;
}

class CounterImpl implements Counter {
  readonly #name: string;
  readonly #help: string;
  readonly #series = new Map<string, number>();

  constructor(name: string, help: string) {
    header(name, help, 'counter');
    this.#name = name;
    this.#help = help;
  }

  inc(labels: Labels = {}, by = 1): void {
    if (!(by >= 0)) throw new Error(`counter ${this.#name}: got increment ${by}, want ≥ 0`);
    const key = formatLabels(labels);
    this.#series.set(key, (this.#series.get(key) ?? 0) + by);
  }

  get(labels: Labels = {}): number {
    return this.#series.get(formatLabels(labels)) ?? 0;
  }

  render(): string {
    const keys = [...this.#series.keys()].sort();
    const lines = keys.map((k) => `${this.#name}${k} ${formatValue(this.#series.get(k) ?? 0)}\n`);
    return header(this.#name, this.#help, 'counter') + lines.join('');
  }
}

class HistogramImpl implements Histogram {
  readonly #name: string;
  readonly #help: string;
  readonly #bounds: readonly number[];
  readonly #counts: number[];
  #sum = 0;
  #count = 0;

  constructor(name: string, help: string, buckets: readonly number[]) {
    header(name, help, 'histogram');
    if (buckets.length === 0 || buckets.some((b, i) => i > 0 && b <= (buckets[i - 1] ?? b))) {
      throw new Error(`histogram ${name}: want at least one bucket bound, strictly increasing`);
    }
    this.#name = name;
    this.#help = help;
    this.#bounds = [...buckets];
    this.#counts = buckets.map(() => 0);
  }

  observe(value: number): void {
    const i = this.#bounds.findIndex((bound) => value <= bound);
    if (i >= 0) this.#counts[i] = (this.#counts[i] ?? 0) + 1;
    this.#sum += value;
    this.#count += 1;
  }

  render(): string {
    let cumulative = 0;
    const lines = this.#bounds.map((bound, i) => {
      cumulative += this.#counts[i] ?? 0;
      return `${this.#name}_bucket{le="${formatValue(bound)}"} ${cumulative}\n`;
    });
    lines.push(`${this.#name}_bucket{le="+Inf"} ${this.#count}\n`);
    lines.push(`${this.#name}_sum ${formatValue(this.#sum)}\n`, `${this.#name}_count ${this.#count}\n`);
    return header(this.#name, this.#help, 'histogram') + lines.join('');
  }
}

class MetricsRegistryImpl implements MetricsRegistry {
  readonly #families: { render(): string }[] = [];
  readonly #names = new Set<string>();

  #add<T extends { render(): string }>(name: string, family: T): T {
    if (this.#names.has(name)) throw new Error(`metric ${name} is registered twice`);
    this.#names.add(name);
    this.#families.push(family);
    return family;
  }

  counter(name: string, help: string): Counter {
    return this.#add(name, new CounterImpl(name, help));
  }

  histogram(name: string, help: string, buckets: readonly number[]): Histogram {
    return this.#add(name, new HistogramImpl(name, help, buckets));
  }

  gauge(name: string, help: string, read: () => number | bigint | undefined): void {
    const head = header(name, help, 'gauge');
    this.#add(name, {
      render: (): string => {
        const value = read();
        return value === undefined ? head : `${head}${name} ${formatValue(value)}\n`;
      },
    });
  }

  render(): string {
    return this.#families.map((f) => f.render()).join('');
  }
}

/**
 * Creates an empty registry.
 *
 * @returns the registry.
 */
export function newMetricsRegistry(): MetricsRegistry {
  return new MetricsRegistryImpl();
}
