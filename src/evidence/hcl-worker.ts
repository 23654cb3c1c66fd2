// The worker thread src/evidence/hcl.ts starts: HashiCorp's HCL parser, loaded at once so that its
// WebAssembly runtime is ready by the time the first .tf file arrives.
import { parentPort } from 'node:worker_threads';
import type { HclReply } from './hcl.js';

const loaded = import('@cdktf/hcl2json');
// An empty file makes the parser start its runtime now rather than on the first real request.
void loaded.then(({ parse }) => parse('start.tf', '')).catch(() => undefined);

parentPort?.on('message', ({ id, path, text }: { id: number; path: string; text: string }) => {
  loaded
    .then(({ parse }) => parse(path, text))
    .then(
      (value) => parentPort?.postMessage({ id, ok: true, value } satisfies HclReply),
      (error: unknown) => parentPort?.postMessage({ id, ok: false, message: String((error as Error)?.message ?? error) } satisfies HclReply),
    );
});
