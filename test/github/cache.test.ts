import { describe, expect, it } from 'vitest';
import { TimedCache } from '../../github/cache.js';

describe('TimedCache', () => {
  it('is fresh until the caller\'s clock passes the time to live, and keeps what was known after', () => {
    const cache = new TimedCache<string>({ ttlMs: 1000, max: 10 });
    cache.set('a', 'one', 5000);
    expect(cache.get('a', 5999)).toBe('one');
    expect(cache.get('a', 6000)).toBeUndefined();
    expect(cache.stale('a')).toBe('one');
  });

  it('holds at most `max` entries, dropping the least recently used', () => {
    const cache = new TimedCache<number>({ ttlMs: Infinity, max: 2 });
    cache.set('a', 1, 0);
    cache.set('b', 2, 0);
    expect(cache.get('a', 0)).toBe(1);
    cache.set('c', 3, 0);
    expect(cache.size).toBe(2);
    expect(cache.get('b', 0)).toBeUndefined();
    expect(cache.get('a', 0)).toBe(1);
    expect(cache.get('c', 0)).toBe(3);
  });

  it('moves its generation on every delete and clear', () => {
    const cache = new TimedCache<number>({ ttlMs: 10, max: 2 });
    const before = cache.generation;
    cache.delete('x');
    expect(cache.generation).not.toBe(before);
    const middle = cache.generation;
    cache.clear();
    expect(cache.generation).not.toBe(middle);
  });
});
