// The one cache of the GitHub layer: per process, bounded (the least recently used entry goes first), and
// timed by the caller's clock rather than the wall clock, so the injected clock decides what is fresh.
export interface CacheOptions {
  /** How long an entry is fresh, in milliseconds; Infinity = until it is evicted or cleared. */
  ttlMs: number;
  /** Entries kept at most. */
  max: number;
}

interface Entry<V> {
  value: V;
  until: number;
}

export class TimedCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private cleared = 0;

  constructor(private readonly options: CacheOptions) {}

  /** The value while fresh at `now` (ms). */
  get(key: string, now: number): V | undefined {
    const entry = this.entries.get(key);
    if (!entry || entry.until <= now) return undefined;
    this.touch(key, entry);
    return entry.value;
  }

  /** The value even when no longer fresh (what was known, to ask again from). */
  stale(key: string): V | undefined {
    return this.entries.get(key)?.value;
  }

  set(key: string, value: V, now: number): void {
    this.touch(key, { value, until: now + this.options.ttlMs });
    while (this.entries.size > this.options.max) this.entries.delete(this.entries.keys().next().value as string);
  }

  delete(key: string): void {
    this.cleared++;
    this.entries.delete(key);
  }

  clear(): void {
    this.cleared++;
    this.entries.clear();
  }

  /** Changes with every delete or clear: a value read before one must not be stored after it. */
  get generation(): number {
    return this.cleared;
  }

  get size(): number {
    return this.entries.size;
  }

  private touch(key: string, entry: Entry<V>): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
  }
}
