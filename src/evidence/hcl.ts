// Terraform's HCL through HashiCorp's own parser (@cdktf/hcl2json, Go compiled to WebAssembly). Starting
// its runtime costs more than everything else a check does, so it starts in a worker thread as soon as a
// repository is known to hold .tf files (`prepareHcl`), and runs beside the rest of the check. Where the
// worker's script is not beside this module (the tests run the TypeScript sources), or the worker fails,
// the parser runs in this thread, with the same results.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type * as HclModule from '@cdktf/hcl2json';

/** What the worker answers for one request. */
export type HclReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; message: string };

type Parse = (path: string, text: string) => Promise<unknown>;

let parser: Parse | undefined;

/** Starts the parser (in a worker where it can) without waiting for it. */
export function prepareHcl(): void {
  parser ??= inWorker() ?? inThisThread();
}

/** The file's HCL as JSON, as hcl2json gives it; rejects with the parser's message (which names the line). */
export function parseHcl(path: string, text: string): Promise<unknown> {
  prepareHcl();
  return parser!(path, text);
}

function inThisThread(): Parse {
  let loaded: Promise<typeof HclModule> | undefined;
  return async (path, text) => (await (loaded ??= import('@cdktf/hcl2json'))).parse(path, text);
}

function inWorker(): Parse | undefined {
  const script = new URL('./hcl-worker.js', import.meta.url);
  if (script.protocol !== 'file:' || !existsSync(fileURLToPath(script))) return undefined;
  let worker: Worker;
  try {
    worker = new Worker(script);
  } catch {
    return undefined;
  }
  // Only waiting requests keep the process alive: an idle worker never holds up its exit.
  worker.unref();
  const pending = new Map<number, { path: string; text: string; resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let next = 0;
  let failed = false;
  const fallback = inThisThread();
  const failOver = (): void => {
    if (failed) return;
    failed = true;
    // Whatever the worker had not answered is parsed here instead.
    for (const request of pending.values()) fallback(request.path, request.text).then(request.resolve, request.reject);
    pending.clear();
    worker.unref();
  };
  worker.on('message', (reply: HclReply) => {
    const request = pending.get(reply.id);
    if (!request) return;
    pending.delete(reply.id);
    if (pending.size === 0) worker.unref();
    if (reply.ok) request.resolve(reply.value);
    else request.reject(new Error(reply.message));
  });
  worker.on('error', failOver);
  worker.on('exit', failOver);
  return (path, text) => {
    if (failed) return fallback(path, text);
    return new Promise((resolve, reject) => {
      const id = next++;
      pending.set(id, { path, text, resolve, reject });
      worker.ref();
      worker.postMessage({ id, path, text });
    });
  };
}
