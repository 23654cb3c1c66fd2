// Time spent, for budgets (how long a parser or a collector may keep the thread), not for dates.
// process.hrtime rather than performance.now(): the `performance` global loads perf_hooks, which a
// one-shot CLI start would otherwise pay for on every run.

/** A function that returns the milliseconds passed since the stopwatch was started. */
export function stopwatch(): () => number {
  const started = process.hrtime.bigint();
  return () => Number(process.hrtime.bigint() - started) / 1e6;
}
