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

/**
 * Runs `command args` as a new process `runs` times (5 by default) with `env` added to this
 * process's environment, and reports the median wall time and the peak memory. `node` is run as
 * the Node that runs the benchmark, so both measure the same version.
 */
export function measureColdStart(command: string, args: string[], env: Record<string, string> = {}, options: ColdStartOptions = {}): ColdStart {
  const runs = options.runs ?? 5;
  const executable = command === 'node' ? process.execPath : command;
  const isNode = command === 'node' || basename(command) === basename(process.execPath);
  const work = mkdtempSync(join(tmpdir(), 'assure-cold-start-'));
  try {
    const rssFile = join(work, 'maxrss');
    const rssBy: ColdStart['rssBy'] = gnuTimeWorks(work) ? 'GNU time' : isNode ? 'node preload' : 'not measured';
    const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
    let file = executable;
    let argv = args;
    if (rssBy === 'GNU time') {
      file = GNU_TIME;
      argv = ['-f', '%M', '-o', rssFile, executable, ...args];
    } else if (rssBy === 'node preload') {
      const preload = join(work, 'maxrss.mjs');
      writeFileSync(
        preload,
        `import { writeFileSync } from 'node:fs';\nprocess.on('exit', () => writeFileSync(${JSON.stringify(rssFile)}, String(process.resourceUsage().maxRSS)));\n`,
      );
      childEnv.NODE_OPTIONS = [childEnv.NODE_OPTIONS, `--import=${pathToFileURL(preload).href}`].filter(Boolean).join(' ');
    }

    const once = (): { ms: number; code: number; rssKiB?: number } => {
      rmSync(rssFile, { force: true });
      const start = process.hrtime.bigint();
      const child = spawnSync(file, argv, { cwd: options.cwd, env: childEnv, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 16 * 1024 * 1024 });
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (child.error) throw new Error(`${command} could not be started: ${child.error.message}`);
      return { ms, code: child.status ?? 1, rssKiB: readRss(rssFile) };
    };

    once(); // unmeasured: the first run after a build reads everything from disk
    const measured = Array.from({ length: runs }, once);
    const rss = measured.map((r) => r.rssKiB).filter((kib): kib is number => kib !== undefined);
    return {
      command,
      args,
      medianMs: median(measured.map((r) => r.ms)),
      runsMs: measured.map((r) => r.ms),
      peakRssMiB: rss.length > 0 ? Math.max(...rss) / 1024 : undefined,
      rssBy: rss.length > 0 ? rssBy : 'not measured',
      exitCodes: measured.map((r) => r.code),
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
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
