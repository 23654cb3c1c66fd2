// The load test's replicas: N child Node processes, each the real App server (scripts/loadtest/replica.ts),
// on ports picked before they start so that each is given the full PEERS list and its SELF at once.
// They are stopped at the end of the run, and killed if the load test exits any other way (an error, its
// hard timeout, Ctrl-C): a run leaves nothing running.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePorts } from './balancer.js';
import type { FromReplica, ReplicaStats, ToReplica } from './replica.js';
import type { RetrySettings } from './octokit.js';

export interface Replicas {
  ports: number[];
  urls: string[];
  /** Each replica's figures, in PEERS order. */
  stats(): Promise<ReplicaStats[]>;
  /** Asks each to close and waits for it; kills one that does not exit within 5 s. */
  stop(): Promise<void>;
}

const live = new Set<ChildProcess>();
let hooked = false;

/** Kills every replica still running, at once (the load test is exiting). */
function killAll(): void {
  for (const child of live) child.kill('SIGKILL');
  live.clear();
}

function hookExit(): void {
  if (hooked) return;
  hooked = true;
  process.once('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      killAll();
      process.exit(signal === 'SIGINT' ? 130 : 143);
    });
  }
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));
}

export async function startReplicas(options: { count: number; env: Record<string, string>; now: string; retry: RetrySettings; startTimeoutMs?: number }): Promise<Replicas> {
  hookExit();
  const script = fileURLToPath(new URL('./replica.js', import.meta.url));
  const ports = await freePorts(options.count);
  const urls = ports.map((port) => `http://127.0.0.1:${port}`);
  const children = ports.map((port, index) => {
    const child = fork(script, [], {
      env: {
        PATH: process.env.PATH ?? '',
        ...options.env,
        HOST: '127.0.0.1',
        PORT: String(port),
        PEERS: urls.join(','),
        SELF: String(index),
        LOADTEST_NOW: options.now,
        LOADTEST_RETRY: JSON.stringify(options.retry),
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    live.add(child);
    child.once('exit', () => live.delete(child));
    return child;
  });
  const ready = children.map(
    (child, index) =>
      new Promise<void>((resolve, reject) => {
        child.on('message', (message: FromReplica) => {
          if (message.type === 'ready') resolve();
          if (message.type === 'failed') reject(new Error(`replica ${index} could not start: ${message.message}`));
        });
        child.once('exit', (code, signal) => reject(new Error(`replica ${index} exited (${signal ?? `code ${code}`}) before it listened`)));
      }),
  );
  const timeoutMs = options.startTimeoutMs ?? 30_000;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      Promise.all(ready),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`the replicas did not all listen within ${timeoutMs / 1000} s`)), timeoutMs);
      }),
    ]);
  } catch (error) {
    killAll();
    throw error;
  } finally {
    clearTimeout(timer);
  }

  const ask = (child: ChildProcess): Promise<ReplicaStats> =>
    new Promise((resolve, reject) => {
      const onMessage = (message: FromReplica): void => {
        if (message.type !== 'stats') return;
        child.off('message', onMessage);
        resolve(message.stats);
      };
      child.on('message', onMessage);
      child.once('exit', () => reject(new Error('a replica exited before it answered')));
      child.send({ type: 'stats' } satisfies ToReplica);
    });

  return {
    ports,
    urls,
    stats: () => Promise.all(children.map(ask)),
    async stop() {
      await Promise.all(
        children.map(async (child) => {
          if (child.exitCode !== null || child.signalCode !== null) return;
          if (child.connected) child.send({ type: 'stop' } satisfies ToReplica);
          const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
          await exited(child);
          clearTimeout(timer);
        }),
      );
    },
  };
}
