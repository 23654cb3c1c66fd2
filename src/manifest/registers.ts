// A school's registers live in spreadsheets: load each referenced CSV (or YAML list) into the
// manifest as rows, keeping where each cell came from so findings point at row and column.
import { posix } from 'node:path';
import type { InputProblem, SourceLocation } from '../types.js';
import type { Segment } from '../paths/jsonpath.js';
import type { SourceFile } from '../source.js';
import { parseYaml } from '../yaml/parse.js';
import type { Manifest } from './load.js';

export type ReadFile = (path: string) => Promise<SourceFile | undefined>;

/** Room for a large trust's asset register: over 100,000 rows of CSV. */
export const MAX_REGISTER_BYTES = 32 * 1024 * 1024;

/**
 * Resolves `registers.*.file` relative to the manifest. Absolute paths and URLs are refused; a reader
 * confined to a repository also refuses results that start with `../`.
 */
export function registerPath(manifestFile: string, file: string): string | undefined {
  if (file.startsWith('/') || file.includes('\\') || /^[a-z]+:/i.test(file)) return undefined;
  return posix.normalize(posix.join(posix.dirname(manifestFile.replace(/\\/g, '/')), file));
}

export async function attachRegisters(manifest: Manifest, read: ReadFile): Promise<InputProblem[]> {
  const registers = manifest.data.registers;
  if (manifest.profile !== 'school' || registers === null || typeof registers !== 'object') return [];
  const problems: InputProblem[] = [];
  for (const [name, entry] of Object.entries(registers as Record<string, unknown>)) {
    if (entry === null || typeof entry !== 'object') continue;
    const register = entry as Record<string, unknown>;
    if (typeof register.file !== 'string') continue;
    const at = manifest.locate(['registers', name, 'file']);
    const problem = (message: string, where: Partial<SourceLocation> = at ?? {}): void => {
      problems.push({ file: where.file ?? manifest.file, line: where.line, column: where.column, message, level: 'error' });
    };
    const path = registerPath(manifest.file, register.file);
    if (!path) {
      problem(`registers.${name}.file "${register.file}" must be a relative path inside the repository`);
      continue;
    }
    const source = await read(path);
    if (!source) {
      problem(`registers.${name}.file: ${path} was not found; add the file or correct the path`);
      continue;
    }
    if (Buffer.byteLength(source.text, 'utf8') > MAX_REGISTER_BYTES) {
      problem(`registers.${name}.file: ${path} is larger than ${MAX_REGISTER_BYTES / 1024 / 1024} MiB`);
      continue;
    }
    const loaded = /\.ya?ml$/i.test(path) ? loadYamlRows(source) : await loadCsvRows(source);
    if ('error' in loaded) {
      problems.push(loaded.error);
      continue;
    }
    register.rows = loaded.rows;
    manifest.mount(['registers', name, 'rows'], loaded.locate);
  }
  return problems;
}

type Loaded =
  | { rows: Record<string, unknown>[]; locate: (segments: readonly Segment[]) => SourceLocation | undefined }
  | { error: InputProblem };

/** The CSV parser is loaded with the first CSV register: most manifests have none. */
async function loadCsvRows(source: SourceFile): Promise<Loaded> {
  const { parse: parseCsv } = await import('csv-parse/sync');
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parseCsv(source.text, { info: true, relax_column_count: true, skip_empty_lines: true, bom: true, trim: true }) as never;
  } catch (error) {
    const err = error as { message?: string; lines?: number };
    return { error: { file: source.path, line: err.lines, message: `is not valid CSV: ${(err.message ?? '').split('\n')[0]}`, level: 'error' } };
  }
  const header = records[0];
  if (!header) return { error: { file: source.path, line: 1, message: 'is empty; the first row must name the columns', level: 'error' } };
  const keys = header.record.map(toKey);
  const duplicate = keys.find((k, i) => keys.indexOf(k) !== i);
  if (duplicate) return { error: { file: source.path, line: header.info.lines, message: `has two columns named "${duplicate}"`, level: 'error' } };
  // Only each row's line is kept beside the rows (not the parser's records): a 100,000-row register
  // then holds its data once.
  const count = records.length - 1;
  const lines = new Uint32Array(count);
  const rows = new Array<Record<string, unknown>>(count);
  for (let n = 0; n < count; n++) {
    const { record, info } = records[n + 1]!;
    const row: Record<string, unknown> = {};
    keys.forEach((key, i) => {
      if (key) row[key] = typed(record[i]);
    });
    rows[n] = row;
    lines[n] = info.lines;
  }
  records.length = 0;
  const columns = new Map(keys.map((key, i) => [key, i + 1] as const).reverse());
  const locate = (segments: readonly Segment[]): SourceLocation | undefined => {
    const [index, field] = segments;
    if (typeof index !== 'number') return { file: source.path, line: header.info.lines, column: 1 };
    if (!Number.isInteger(index) || index < 0 || index >= count) return undefined;
    const column = typeof field === 'string' ? (columns.get(field) ?? 1) : 1;
    return { file: source.path, line: lines[index]!, column };
  };
  return { rows, locate };
}

function loadYamlRows(source: SourceFile): Loaded {
  const outcome = parseYaml(source, MAX_REGISTER_BYTES);
  if (!outcome.ok) return { error: outcome.problem };
  const { data, locate } = outcome.parsed;
  if (!Array.isArray(data) || !data.every((row) => row !== null && typeof row === 'object' && !Array.isArray(row))) {
    return { error: { file: source.path, line: 1, message: 'must be a YAML list of rows (mappings)', level: 'error' } };
  }
  return { rows: data as Record<string, unknown>[], locate };
}

/** Spreadsheet headers in human words become snake_case keys: "Asset number" -> asset_number. */
export function toKey(header: string): string {
  return header
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

function typed(cell: string | undefined): unknown {
  if (cell === undefined || cell === '') return null;
  if (/^(yes|true)$/i.test(cell)) return true;
  if (/^(no|false)$/i.test(cell)) return false;
  // Leading zeros and long digit strings (serial numbers) stay text: as numbers they would change.
  if (/^-?\d+(\.\d+)?$/.test(cell) && !/^-?0\d/.test(cell) && cell.replace(/\D/g, '').length <= 15) return Number(cell);
  return cell;
}
