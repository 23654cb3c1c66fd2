// Cold start of a command run as a fresh process, the way a CI runner starts the CLI or the Action:
// wall time from spawn to exit, and the child's peak resident memory.
//
// Peak memory comes from GNU time (`/usr/bin/time -f %M`, the child's ru_maxrss) where it is
// installed. Without it, a Node child is given a preloaded module (through NODE_OPTIONS) that writes
// its own `process.resourceUsage().maxRSS` when it exits; any other command's memory is not measured.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { median } from './measure.js';

export interface ColdStart {
  command: string;
  args: string[];
  /** Median wall time from spawn to exit, in milliseconds. */
  medianMs: number;
  /** Every measured run's wall time, in the order they ran. */
  runsMs: number[];
  /** The largest peak resident set size seen over the runs, in MiB; undefined when it could not be measured. */
  peakRssMiB?: number;
  /** How the peak was measured. */
  rssBy: 'GNU time' | 'node preload' | 'not measured';
  /** The exit code of every run: a command that fails early is not a fair cold start. */
  exitCodes: number[];
}

export interface ColdStartOptions {
  /** Measured runs (after one unmeasured run that brings the files into the page cache). */
  runs?: number;
  cwd?: string;
}

const GNU_TIME = '/usr/bin/time';

/** One command to start cold: `env` is added to this process's environment. */
export interface ColdStartSpec {
  command: string;
  args: string[];
  env?: Record<string, string>;
}

/**
 * Several commands measured side by side: each round runs every command once, in turn, so a change in
 * the machine's load falls on all of them alike.
 */
export function measureColdStarts(specs: readonly ColdStartSpec[], options: ColdStartOptions = {}): ColdStart[] {
  const runs = options.runs ?? 5;
  const work = mkdtempSync(join(tmpdir(), 'assure-cold-start-'));
  try {
    const gnuTime = gnuTimeWorks(work);
    const starters = specs.map((spec, index) => starter(spec, index, work, gnuTime, options));
    for (const start of starters) start(); // unmeasured: the first run after a build reads everything from disk
    const measured: Array<Array<{ ms: number; code: number; rssKiB?: number }>> = specs.map(() => []);
    for (let round = 0; round < runs; round++) starters.forEach((start, i) => measured[i]!.push(start()));
    return specs.map((spec, i) => {
      const all = measured[i]!;
      const rss = all.map((r) => r.rssKiB).filter((kib): kib is number => kib !== undefined);
      const isNode = spec.command === 'node' || basename(spec.command) === basename(process.execPath);
      return {
        command: spec.command,
        args: spec.args,
        medianMs: median(all.map((r) => r.ms)),
        runsMs: all.map((r) => r.ms),
        peakRssMiB: rss.length > 0 ? Math.max(...rss) / 1024 : undefined,
        rssBy: rss.length === 0 ? 'not measured' : gnuTime ? 'GNU time' : isNode ? 'node preload' : 'not measured',
        exitCodes: all.map((r) => r.code),
      };
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** A function that starts the command once and returns its wall time, exit code and peak memory. */
function starter(spec: ColdStartSpec, index: number, work: string, gnuTime: boolean, options: ColdStartOptions): () => { ms: number; code: number; rssKiB?: number } {
  const executable = spec.command === 'node' ? process.execPath : spec.command;
  const isNode = spec.command === 'node' || basename(spec.command) === basename(process.execPath);
  const rssFile = join(work, `maxrss-${index}`);
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...spec.env };
  let file = executable;
  let argv = spec.args;
  if (gnuTime) {
    file = GNU_TIME;
    argv = ['-f', '%M', '-o', rssFile, executable, ...spec.args];
  } else if (isNode) {
    const preload = join(work, `maxrss-${index}.mjs`);
    writeFileSync(preload, `import { writeFileSync } from 'node:fs';\nprocess.on('exit', () => writeFileSync(${JSON.stringify(rssFile)}, String(process.resourceUsage().maxRSS)));\n`);
    childEnv.NODE_OPTIONS = [childEnv.NODE_OPTIONS, `--import=${pathToFileURL(preload).href}`].filter(Boolean).join(' ');
  }
  return () => {
    rmSync(rssFile, { force: true });
    const start = process.hrtime.bigint();
    const child = spawnSync(file, argv, { cwd: options.cwd, env: childEnv, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 16 * 1024 * 1024 });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (child.error) throw new Error(`${spec.command} could not be started: ${child.error.message}`);
    return { ms, code: child.status ?? 1, rssKiB: readRss(rssFile) };
  };
}

/** GNU time, not BusyBox's or the shell's: it must take -f and -o and write a number. */
function gnuTimeWorks(work: string): boolean {
  if (!existsSync(GNU_TIME)) return false;
  const probe = join(work, 'probe');
  const result = spawnSync(GNU_TIME, ['-f', '%M', '-o', probe, process.execPath, '-e', '0'], { stdio: 'ignore' });
  return result.status === 0 && readRss(probe) !== undefined;
}

/** The last line of the file as KiB (GNU time writes "Command exited with non-zero status" above it). */
function readRss(file: string): number | undefined {
  if (!existsSync(file)) return undefined;
  const last = readFileSync(file, 'utf8').trim().split('\n').pop() ?? '';
  return /^\d+$/.test(last) ? Number(last) : undefined;
}
