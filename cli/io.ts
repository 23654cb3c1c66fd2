// The CLI's edges: reading files, printing problems, exit codes. Nothing here decides a verdict.
import { readFileSync, statSync } from 'node:fs';
import type { InputProblem, SourceFile } from '../src/index.js';
import { decodeUtf8 } from '../src/index.js';

export const EXIT_OK = 0;
export const EXIT_NOT_COMPLIANT = 1;
export const EXIT_INPUT = 2;

/** An input problem the user must fix: printed as one line, exit code 2. */
export class UsageError extends Error {}

export interface Output {
  out(text: string): void;
  err(text: string): void;
  isTTY: boolean;
}

export const processOutput: Output = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  isTTY: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
};

export const MAX_INPUT_BYTES = 5 * 1024 * 1024;

/** Reads a text file the user named; every failure becomes a one-line UsageError. */
export function readTextFile(path: string, what = 'file', maxBytes = MAX_INPUT_BYTES): SourceFile {
  let size: number;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) throw new UsageError(`${path}: is a folder, not a ${what}`);
    size = stat.size;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`${path}: no such ${what}${what === 'manifest' ? '; run `assure init` to create one' : ''}`);
    throw new UsageError(`${path}: cannot be read (${code ?? 'error'})`);
  }
  if (size > maxBytes) throw new UsageError(`${path}: is larger than ${Math.round(maxBytes / 1024 / 1024)} MiB`);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new UsageError(`${path}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const text = decodeUtf8(bytes);
  if (text === undefined) throw new UsageError(`${path}: is not valid UTF-8 text; save it as UTF-8`);
  return { path, text };
}

export function formatProblem(p: InputProblem): string {
  const where = [p.file, p.line, p.line !== undefined ? p.column : undefined].filter((x) => x !== undefined).join(':');
  return `${where}: ${p.level}: ${p.message}`;
}
