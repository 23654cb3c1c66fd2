import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { root } from '../helpers.js';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as a user would (`npm test` builds it first). */
export function runCli(args: string[], options: { cwd?: string; input?: string } = {}): CliRun {
  const result = spawnSync(process.execPath, [join(root, 'bin', 'assure.js'), ...args], {
    cwd: options.cwd ?? root,
    encoding: 'utf8',
    input: options.input,
    timeout: 30_000,
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
