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
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)]!;
  return { perSecond: (items / median) * 1000, msPerItem: median / items };
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
