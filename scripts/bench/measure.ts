// Throughput measured as the median of several timed rounds, so one noisy round on a shared machine
// does not decide a figure.
export interface Throughput {
  perSecond: number;
  msPerItem: number;
}

export function throughput(items: number, rounds: number, run: () => void): Throughput {
  run(); // warm-up: JIT and caches, not measured
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    collectGarbage();
    const start = process.hrtime.bigint();
    run();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return fromMedian(items, median(times));
}

export interface Workload {
  /** Manifests one run handles. */
  items: number;
  run: () => void | Promise<void>;
}

/**
 * Workloads timed side by side, in alternating rounds (one round of each, then again), so that a
 * change in the machine's load falls on all of them rather than on whichever ran last. Within a
 * round a workload is repeated until the round lasts about `minRoundMs`, so a fast one and a slow
 * one are timed over similar spans. No collection is forced between rounds (right after a forced
 * collection the next few hundred milliseconds run slower, which would weigh on a short round far
 * more than on a long one): each round pays for the garbage it makes, as a real process does.
 */
export async function throughputSideBySide(rounds: number, workloads: readonly Workload[], minRoundMs = 500): Promise<Throughput[]> {
  const repeats: number[] = [];
  for (const w of workloads) {
    const start = process.hrtime.bigint();
    await w.run(); // warm-up, and how long one run takes
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    repeats.push(Math.max(1, Math.ceil(minRoundMs / Math.max(ms, 0.001))));
  }
  const times: number[][] = workloads.map(() => []);
  for (let r = 0; r < rounds; r++) {
    for (const [n, w] of workloads.entries()) {
      const start = process.hrtime.bigint();
      for (let k = 0; k < repeats[n]!; k++) await w.run();
      times[n]!.push(Number(process.hrtime.bigint() - start) / 1e6 / repeats[n]!);
    }
  }
  return workloads.map((w, n) => fromMedian(w.items, median(times[n]!)));
}

/** The middle value (the upper middle of an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function fromMedian(items: number, ms: number): Throughput {
  return { perSecond: (items / ms) * 1000, msPerItem: ms / items };
}

export function peakMemoryMiB(): number {
  // maxRSS is in KiB on Linux: the most the process ever held, not a sample.
  return process.resourceUsage().maxRSS / 1024;
}

export const fmt = (n: number): string => Math.round(n).toLocaleString('en-GB');

/** Between rounds (never inside one) the previous round's garbage is collected, when node allows it. */
function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}
