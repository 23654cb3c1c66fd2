// A typo must never hide a section: an unknown key that is a near miss of a key the schema knows at
// the same level is almost certainly that key misspelt.

/** Edit distance with adjacent transpositions (optimal string alignment), stopping early past `limit`. */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2]! + 1);
      current.push(d);
      best = Math.min(best, d);
    }
    if (best > limit) return limit + 1;
    before = previous;
    previous = current;
  }
  return previous[b.length]!;
}

/** How many edits still count as a near miss: none for very short keys, one up to six letters, two beyond. */
function allowance(key: string): number {
  return key.length <= 3 ? 0 : key.length <= 6 ? 1 : 2;
}

const singular = (word: string): string => word.replace(/ies$/, 'y').replace(/s$/, '');

/**
 * The known key `key` is a near miss of, if any: the same but for case, separators (`-` for `_`) or a
 * plural, or within a small edit distance for its length. The closest wins; a tie between two known
 * keys is no suggestion.
 */
export function nearMiss(key: string, known: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  const flat = (k: string): string => k.toLowerCase().replace(/[-_\s]/g, '');
  const exactish = known.filter((k) => flat(k) === flat(key) || singular(flat(k)) === singular(flat(key)));
  if (exactish.length === 1) return exactish[0];
  const limit = allowance(key);
  if (limit === 0) return undefined;
  let best: string | undefined;
  let bestDistance = limit + 1;
  let tie = false;
  for (const candidate of known) {
    const d = editDistance(lower, candidate.toLowerCase(), limit);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
      tie = false;
    } else if (d === bestDistance) {
      tie = true;
    }
  }
  return best !== undefined && !tie && bestDistance <= limit ? best : undefined;
}
