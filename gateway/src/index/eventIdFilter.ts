/**
 * A set membership filter over event ids with no false negatives: `mayContain` is false only for ids
 * never added. The index asks it before looking an id up in SQLite, so the lookups every new event
 * costs (SubmitEvent's duplicate check, the sequencer's "first occurrence" rule, the seal wait) skip
 * SQLite when the answer is certainly "absent", which is nearly always.
 *
 * It is a scalable Bloom filter: a chain of Bloom filters, each twice the capacity of the one before,
 * 10 bits and 7 hash probes per id (under 1 % false positives per filter). A full filter is kept and a
 * new one started, so growing never rescans the ids. Hashes are FNV-1a and a multiplicative mix over
 * the UTF-16 code units, combined by double hashing.
 */

const BITS_PER_ID = 10;
const PROBES = 7;
const FIRST_CAPACITY = 1 << 16;

/** Two independent 32-bit hashes of `id`. */
function hashPair(id: string): [number, number] {
  let h1 = 0x811c9dc5;
  let h2 = 0x9747b28c;
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  h1 ^= h1 >>> 16;
  h1 = Math.imul(h1, 0x85ebca6b);
  h1 ^= h1 >>> 13;
  h2 = Math.imul(h2 ^ (h2 >>> 16), 0xc2b2ae35);
  h2 ^= h2 >>> 16;
  // An odd step visits distinct bits for every probe of a power-of-two table.
  return [h1 >>> 0, (h2 | 1) >>> 0];
}

class BloomFilter {
  readonly capacity: number;
  count = 0;
  readonly #bits: Uint32Array;
  readonly #mask: number;

  constructor(capacity: number) {
    this.capacity = capacity;
    // A power-of-two number of bits, at least BITS_PER_ID per id.
    const bits = 2 ** Math.ceil(Math.log2(capacity * BITS_PER_ID));
    this.#bits = new Uint32Array(bits / 32);
    this.#mask = bits - 1;
  }

  add(h1: number, h2: number): void {
    for (let i = 0; i < PROBES; i++) {
      const bit = (h1 + Math.imul(i, h2)) & this.#mask;
      this.#bits[bit >>> 5] = (this.#bits[bit >>> 5] ?? 0) | (1 << (bit & 31));
    }
    this.count++;
  }

  has(h1: number, h2: number): boolean {
    for (let i = 0; i < PROBES; i++) {
      const bit = (h1 + Math.imul(i, h2)) & this.#mask;
      if (((this.#bits[bit >>> 5] ?? 0) & (1 << (bit & 31))) === 0) return false;
    }
    return true;
  }
}

/** The filter's operations. */
export interface EventIdFilter {
  add(eventId: string): void;
  /** False only if `eventId` was never added; true means "perhaps" (look it up). */
  mayContain(eventId: string): boolean;
  /** Ids added so far. */
  readonly size: number;
}

class ScalableEventIdFilter implements EventIdFilter {
  readonly #filters: BloomFilter[];
  #size = 0;

  constructor(expected: number) {
    let capacity = FIRST_CAPACITY;
    while (capacity < expected) capacity *= 2;
    this.#filters = [new BloomFilter(capacity)];
  }

  get size(): number {
    return this.#size;
  }

  add(eventId: string): void {
    let current = this.#filters[this.#filters.length - 1] ?? new BloomFilter(FIRST_CAPACITY);
    if (current.count >= current.capacity) {
      current = new BloomFilter(current.capacity * 2);
      this.#filters.push(current);
    }
    const [h1, h2] = hashPair(eventId);
    current.add(h1, h2);
    this.#size++;
  }

  mayContain(eventId: string): boolean {
    const [h1, h2] = hashPair(eventId);
    return this.#filters.some((f) => f.has(h1, h2));
  }
}

/**
 * Creates an empty filter.
 *
 * @param expected - ids expected to be added (sizes the first filter; more is fine).
 * @returns the filter.
 */
export function newEventIdFilter(expected = 0): EventIdFilter {
  return new ScalableEventIdFilter(expected);
}
