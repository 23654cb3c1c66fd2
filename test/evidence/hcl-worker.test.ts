// The HCL parser in its worker thread (src/evidence/hcl.ts, as built: the TypeScript sources have no
// worker script beside them and parse in the calling thread) gives what the parser gives in-thread,
// fails the same way, and never holds a finished process open nor lets one exit before its answer.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { root } from '../helpers.js';

const built = pathToFileURL(join(root, 'build/src/evidence/hcl.js')).href;
const terraform = readFileSync(join(root, 'examples/compliant-service/terraform/main.tf'), 'utf8');

describe('the HCL parser in a worker thread', () => {
  it('gives the same JSON as the parser in this thread, and the same error naming the line', async () => {
    const { parseHcl } = (await import(built)) as { parseHcl: (path: string, text: string) => Promise<unknown> };
    const { parse } = await import('@cdktf/hcl2json');
    expect(await parseHcl('main.tf', terraform)).toEqual(await parse('main.tf', terraform));
    const broken = 'resource "a" "b" {\n  x = \n';
    const inThread = await parse('bad.tf', broken).then(() => 'parsed', (e: Error) => e.message);
    await expect(parseHcl('bad.tf', broken)).rejects.toThrow(inThread);
    expect(inThread).toMatch(/bad\.tf:\d+/);
  });

  it('keeps the process alive until the answer arrives, and lets it exit after', () => {
    const script = `import(${JSON.stringify(built)}).then((m) => m.parseHcl('a.tf', 'x = 1')).then((v) => console.log(JSON.stringify(v)));`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 });
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ x: 1 });
  });
});
