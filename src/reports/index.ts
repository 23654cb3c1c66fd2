import type { Evaluation } from '../types.js';
import { renderJson } from './json.js';
import { renderMarkdown, type MarkdownOptions } from './markdown.js';
import { toSarif, type SarifArtefact } from './sarif.js';
import { renderText } from './text.js';

export type ReportFormat = 'text' | 'markdown' | 'json' | 'sarif';

export interface ReportOptions extends MarkdownOptions {
  color?: boolean;
  tool: { name: string; version: string };
  /** The artefacts evaluated: SARIF rules carry their rationale, remediation and source as help. */
  artefacts: readonly SarifArtefact[];
  /** The folder SARIF's URIs are relative to (default: paths as the evaluation holds them). */
  root?: string;
  /** List every pass, a register's passing rows included, instead of counting them. */
  verbose?: boolean;
}

export const INFORMATION_URI = 'https://github.com/DFE-Digital/assure';

export function renderReport(ev: Evaluation, format: ReportFormat, options: ReportOptions): string {
  switch (format) {
    case 'text':
      return renderText(ev, { color: options.color ?? false, verbose: options.verbose ?? false });
    case 'markdown':
      return renderMarkdown(ev, options);
    case 'json':
      return renderJson(ev, options.tool, { verbose: options.verbose ?? false });
    case 'sarif':
      return `${JSON.stringify(toSarif(ev, { ...options.tool, informationUri: INFORMATION_URI, artefacts: options.artefacts, ...(options.root !== undefined ? { root: options.root } : {}) }), null, 2)}\n`;
  }
}

export { renderJson, toJsonReport, MAX_JSON_RESULTS_CHARS, type JsonReport, type JsonOptions } from './json.js';
export { countRegisterPasses } from './passes.js';
export { renderMarkdown, MAX_MARKDOWN, type MarkdownOptions } from './markdown.js';
export { toSarif, MAX_SARIF_RESULTS, FINGERPRINT_KEY, type SarifArtefact, type SarifOptions } from './sarif.js';
export { renderText } from './text.js';
