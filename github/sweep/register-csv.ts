// The exemptions register as CSV, for a spreadsheet: written by csv-stringify, whose formula guard
// neutralises text a spreadsheet would run (a leading =, +, -, @, tab or carriage return) and leaves
// numbers alone, so an ended exemption's days_left stays the number -10.
import { stringify } from 'csv-stringify/sync';
import type { Register, RegisterRow } from './exemptions-register.js';

const COLUMNS = ['issue', 'url', 'repository', 'artefact', 'kind', 'status', 'area', 'requester', 'approvers', 'conditions', 'approved', 'expires', 'realign_by', 'days_left'] as const;

type Cell = string | number | undefined;

function cells(row: RegisterRow): Partial<Record<(typeof COLUMNS)[number], Cell>> {
  return { ...row, approvers: row.approvers.join('; '), conditions: row.conditions.join('; ') };
}

export function registerCsv(register: Register): string {
  return stringify(register.rows.map(cells), { header: true, columns: [...COLUMNS], record_delimiter: 'windows', escape_formulas: true });
}
