// One way to build validators, so every schema in assure is checked the same way.
import { _, Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import addFormatsModule, { type FormatsPlugin } from 'ajv-formats';
import type { RegExpEngine } from 'ajv/dist/types/index.js';
import { RE2JS } from 're2js';
import type { Segment } from '../paths/jsonpath.js';
import { uriFormat } from './uri.js';

// ajv-formats is CommonJS; under NodeNext its default export arrives wrapped.
const addFormats = ((addFormatsModule as unknown as { default?: FormatsPlugin }).default ?? addFormatsModule) as FormatsPlugin;

/**
 * Patterns written by an organisation run on RE2 (re2js), which never backtracks: matching takes time
 * linear in the text, so a pattern such as `^(a+)+$` cannot stall a check. RE2 has no lookaround and no
 * backreferences; such a pattern is refused when the artefact is compiled, with the reason.
 * `code` is what ajv's standalone output calls to build the same matcher.
 */
export const linearRegExp: RegExpEngine = Object.assign(
  (pattern: string) => {
    try {
      return RE2JS.compile(RE2JS.translateRegExp(pattern));
    } catch (error) {
      throw new Error(`pattern ${JSON.stringify(pattern)} cannot be used: assure matches patterns in linear time (RE2 syntax: no lookahead, lookbehind or backreferences), and this one ${(error as Error).message.replace(/^error parsing regexp: /, 'has ')}`, { cause: error });
    }
  },
  { code: '((pattern) => { const { RE2JS } = require("re2js"); return RE2JS.compile(RE2JS.translateRegExp(pattern)); })' },
);

/**
 * `formatsModule`: what standalone code requires for its formats, in place of ajv-formats; the build
 * gives assure's own schemas the module it writes beside them (src/schema/uri.ts).
 */
export function createAjv(options: { allErrors?: boolean; strictSchema?: boolean; source?: boolean; linearPatterns?: boolean; formatsModule?: string } = {}): Ajv2020 {
  // strictSchema catches misspelt keywords in assertions, which would otherwise pass silently.
  // `source` keeps each validator's code, so the build can write it out as standalone modules.
  const ajv = new Ajv2020({
    allErrors: options.allErrors ?? false,
    strict: false,
    strictSchema: options.strictSchema ?? false,
    allowUnionTypes: true,
    validateFormats: true,
    ...(options.source || options.linearPatterns ? { code: { ...(options.source ? { source: true } : {}), ...(options.linearPatterns ? { regExp: linearRegExp } : {}) } } : {}),
  });
  addFormats(ajv, { mode: 'full' });
  ajv.addFormat('uri', uriFormat);
  // Set after addFormats, which points standalone code at its own module.
  if (options.formatsModule) ajv.opts.code.formats = _`require(${options.formatsModule})`;
  return ajv;
}

/** Where an ajv error points, as path segments; a missing or unknown property points at itself. */
export function errorSegments(error: ErrorObject): Segment[] {
  const pointer = error.instancePath;
  // Most errors are about the value itself or a plain member path: no escapes to undo.
  if (pointer === '') return [];
  const escaped = pointer.includes('~');
  const raws = pointer.split('/');
  const segments: Segment[] = new Array(raws.length - 1);
  for (let i = 1; i < raws.length; i++) {
    const key = escaped ? raws[i]!.replace(/~1/g, '/').replace(/~0/g, '~') : raws[i]!;
    segments[i - 1] = DIGITS.test(key) ? Number(key) : key;
  }
  return segments;
}

const DIGITS = /^\d+$/;

/** An ajv error worth reporting, with the path it is about (an unknown key's own path, not its parent's). */
export interface ReportableError {
  error: ErrorObject;
  at: Segment[];
  unknown: boolean;
}

/** The errors to report: if/then/else and anyOf restate errors already reported at their own keyword. */
export function reportableErrors(errors: readonly ErrorObject[] | null | undefined): ReportableError[] {
  return (errors ?? [])
    .filter((error) => error.keyword !== 'if' && error.keyword !== 'anyOf')
    .map((error) => {
      const segments = errorSegments(error);
      const unknown = error.keyword === 'additionalProperties';
      return { error, unknown, at: unknown ? [...segments, String((error.params as { additionalProperty: string }).additionalProperty)] : segments };
    });
}

export function describeError(error: ErrorObject): string {
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return `"${String(p.missingProperty)}" is required`;
    case 'additionalProperties':
      return `unknown key "${String(p.additionalProperty)}"`;
    case 'enum':
      return `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const':
      return `must be ${JSON.stringify(p.allowedValue)}`;
    case 'type':
      return `must be ${String(p.type).replace(',', ' or ')}`;
    case 'format':
      return p.format === 'date' ? 'must be a real calendar date written YYYY-MM-DD' : `must be a valid ${String(p.format)}`;
    default:
      return error.message ?? `fails ${error.keyword}`;
  }
}
