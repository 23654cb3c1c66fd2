// The few assertions JSON Schema lacks for this domain, as ajv keywords. Dates are judged against
// the evaluation day held in `context`, which the engine sets before each evaluation.
import { _, stringify, type Ajv2020, type Code } from 'ajv/dist/2020.js';
import type { ErrorObject } from 'ajv';
import { addDuration, daysBetween, isCalendarDate, parseDuration, type Duration } from '../time/dates.js';
import { compareVersions, inReleaseLine, partsOf, versionText, type VersionParts } from './version.js';

export interface AssertionContext {
  /** The day of evaluation, YYYY-MM-DD. */
  today: string;
  /** The tables of the artefact being compiled (bound at compile time). */
  tables: Record<string, SupportTable>;
}

/** An end-of-support row: `ends` is a date, false when no end is announced, true when ended on a date not given. */
export interface SupportRow {
  version: string | number;
  cycle?: string;
  ends: string | boolean;
}

/** A product's rows, either bare or with the source they were taken from and the names designs use. */
export type SupportEntry = SupportRow[] | { source: string; as_of?: string; names?: string[]; rows: SupportRow[] };
export type SupportTable = Record<string, SupportEntry>;

/** A check that cannot decide (the data needed is missing) says so rather than failing or passing. */
export interface Undecided {
  unknown: string;
}

type Check = (data: unknown) => string | Undecided | undefined;

/** True for an ajv error raised by a check that could not decide: the engine reports it as unknown. */
export function isUndecided(error: ErrorObject | undefined): boolean {
  return (error?.params as { unknown?: boolean } | undefined)?.unknown === true;
}

/** What a domain keyword's check found, in the shape the generated code reads. */
export interface DomainProblem {
  message: string;
  unknown: boolean;
}

/** Builds the check for one keyword value; what generated validators call to get their checks. */
export type DomainRuntime = (keyword: string, spec: unknown) => (data: unknown) => DomainProblem | undefined;

interface DomainKeyword {
  metaSchema: object;
  build: (spec: never, context: AssertionContext) => Check;
  /** The keyword's value as the check needs it, everything resolved: endOfSupport carries its table. */
  spec?: (schema: never, context: AssertionContext) => unknown;
}

/**
 * The keywords are ajv code keywords: the validator calls `runtime(keyword, spec)` once, when it is
 * made, and the check it returns on each value. `spec` is plain data, so ajv's standalone output can
 * hold the call and the build can ship library assertions that use these keywords already compiled.
 */
export function addDomainKeywords(ajv: Ajv2020, context: AssertionContext): void {
  const runtime = domainRuntime(context);
  for (const [name, keyword] of Object.entries(KEYWORDS)) {
    ajv.addKeyword({
      keyword: name,
      metaSchema: keyword.metaSchema,
      error: {
        message: ({ params }) => _`${params.problem as Code}.message`,
        params: ({ params }) => _`${params.problem as Code}.unknown ? {unknown: true} : {}`,
      },
      code(cxt) {
        const spec = keyword.spec ? keyword.spec(cxt.schema as never, context) : cxt.schema;
        // Built now so a bad value (a duration that is not one, a table not defined) fails the compile.
        const check = cxt.gen.scopeValue('keyword', { ref: runtime(name, spec), code: _`runtime(${name}, ${stringify(spec)})` });
        const problem = cxt.gen.const('problem', _`${check}(${cxt.data})`);
        cxt.setParams({ problem });
        cxt.fail(_`${problem} !== undefined`);
      },
    });
  }
}

/** The runtime that validators made for `context` (the evaluation day) call. */
export function domainRuntime(context: AssertionContext): DomainRuntime {
  return (name, spec) => {
    const keyword = KEYWORDS[name];
    if (!keyword) throw new Error(`"${name}" is not a domain keyword`);
    const check = keyword.build(spec as never, context);
    return (data) => {
      const problem = check(data);
      if (problem === undefined) return undefined;
      return typeof problem === 'string' ? { message: problem, unknown: false } : { message: problem.unknown, unknown: true };
    };
  };
}

const durationSchema = { type: 'string', minLength: 3, pattern: '^P(\\d+Y)?(\\d+M)?(\\d+W)?(\\d+D)?$' };

function duration(text: string): Duration {
  const parsed = parseDuration(text);
  if (!parsed) throw new Error(`"${text}" is not an ISO 8601 duration such as P12M`);
  return parsed;
}

function humanDuration(d: Duration): string {
  const parts = [
    [d.years, 'year'],
    [d.months, 'month'],
    [d.weeks, 'week'],
    [d.days, 'day'],
  ] as const;
  return parts
    .filter(([n]) => n > 0)
    .map(([n, unit]) => `${n} ${unit}${n === 1 ? '' : 's'}`)
    .join(' ');
}

function dateOf(data: unknown): string | undefined | null {
  if (typeof data !== 'string') return null; // other types are not this keyword's business
  return isCalendarDate(data) ? data : undefined;
}

/** A date derived from the day of evaluation, worked out once per day rather than once per value. */
function perDay(context: AssertionContext, derive: (today: string) => string): () => string {
  let day = '';
  let value = '';
  return () => {
    if (day !== context.today) {
      day = context.today;
      value = derive(day);
    }
    return value;
  };
}

const KEYWORDS: Record<string, DomainKeyword> = {
  maxAge: {
    metaSchema: durationSchema,
    build: (schema: string, context) => {
      const age = duration(schema);
      const oldest = perDay(context, (today) => addDuration(today, age, -1));
      return (data) => {
        const date = dateOf(data);
        if (date === null) return undefined;
        if (date === undefined) return `"${String(data)}" is not a date written YYYY-MM-DD`;
        if (date > context.today) return `${date} is in the future`;
        const limit = oldest();
        return date < limit ? `${date} is more than ${humanDuration(age)} ago (the limit is ${limit})` : undefined;
      };
    },
  },

  notPast: {
    metaSchema: { type: 'boolean' },
    build: (schema: boolean, context) => (data) => {
      if (!schema) return undefined;
      const date = dateOf(data);
      if (date === null) return undefined;
      if (date === undefined) return `"${String(data)}" is not a date written YYYY-MM-DD`;
      return date < context.today ? `${date} has passed (${-daysBetween(context.today, date)} days ago)` : undefined;
    },
  },

  notWithin: {
    metaSchema: durationSchema,
    build: (schema: string, context) => {
      const window = duration(schema);
      const until = perDay(context, (today) => addDuration(today, window));
      return (data) => {
        const date = dateOf(data);
        if (date === null) return undefined;
        if (date === undefined) return `"${String(data)}" is not a date written YYYY-MM-DD`;
        const end = until();
        return date >= context.today && date <= end ? `${date} is in ${daysBetween(context.today, date)} days` : undefined;
      };
    },
  },

  minVersion: {
    metaSchema: { type: ['string', 'number'] },
    build: (schema: string | number) => {
      const minimum = String(schema);
      return (data) => {
        if (typeof data !== 'string' && typeof data !== 'number') return undefined;
        const version = versionText(data);
        if (!version) return `"${String(data)}" is not a version number`;
        return compareVersions(version, minimum) < 0 ? `${version} is below ${minimum}` : undefined;
      };
    },
  },

  endOfSupport: {
    metaSchema: { type: 'object', required: ['table'], additionalProperties: false, properties: { table: { type: 'string' }, within: durationSchema } },
    // The table's rows travel with the keyword, so a generated validator holds all it needs.
    spec: (schema: { table: string; within?: string }, context) => {
      const source = context.tables[schema.table];
      if (!source) throw new Error(`endOfSupport refers to table "${schema.table}", which the artefact's tables do not define`);
      return { ...schema, source };
    },
    build: (schema: { table: string; within?: string; source: SupportTable }, context) => {
      const products = supportProducts(schema.source);
      const window = schema.within ? duration(schema.within) : undefined;
      const horizon = perDay(context, (today) => (window ? addDuration(today, window) : today));
      // Designs repeat the same products and versions: each is judged once per day of evaluation.
      let day = '';
      const judged = new Map<string, ReturnType<Check>>();
      const judge = (product: string, declared: unknown): ReturnType<Check> => {
        const name = product.trim().toLowerCase();
        const candidates = products.filter((p) => p.names.has(name));
        const version = versionText(declared);
        if (window) {
          // Only a known, dated release line can be about to end; everything else is the other rule's business.
          const found = version ? findRow(candidates, partsOf(version)) : undefined;
          if (!found || typeof found.row.ends !== 'string' || found.row.ends < context.today) return undefined;
          return found.row.ends <= horizon() ? `${product} ${version} support ends on ${found.row.ends} (in ${daysBetween(context.today, found.row.ends)} days${found.product.source ? `; ${found.product.source}` : ''})` : undefined;
        }
        // A product the data does not track at all (a library such as Express, a managed service) is outside
        // what this rule can judge: an unknown here would block every design that uses one, with nothing
        // the team could declare to resolve it. Tracked products with unknown releases stay unknown below.
        if (candidates.length === 0) return undefined;
        const first = candidates[0]!;
        if (!version) {
          return { unknown: declared === undefined ? `${product} is declared without a version, so its support could not be checked: add its version${cite(first)}` : `"${String(declared)}" is not a version of ${product} the end-of-support data can look up${cite(first)}` };
        }
        const found = findRow(candidates, partsOf(version));
        if (!found) {
          const oldest = first.rows.map((r) => String(r.version)).sort(compareVersions)[0];
          if (oldest && compareVersions(version, oldest) < 0) return `${product} ${version} is older than ${oldest}, the oldest release the end-of-support data lists${cite(first)}, so it is out of support`;
          return { unknown: `${product} ${version} is not a release the end-of-support data knows${first.source ? ` (${first.source}${first.asOf ? `, as of ${first.asOf}` : ''})` : ''}, so its support could not be checked: check the version, or refresh the data` };
        }
        const { row } = found;
        if (row.ends === true) return `${product} ${version} is out of support${cite(found.product)}`;
        if (row.ends === false || row.ends >= context.today) return undefined;
        return `${product} ${version} reached end of support on ${row.ends}${cite(found.product)}`;
      };
      return (data) => {
        if (data === null || typeof data !== 'object' || Array.isArray(data)) return undefined;
        const record = data as Record<string, unknown>;
        // A data store names its product in `engine`; a language or framework in `name`.
        const product = typeof record.engine === 'string' ? record.engine : record.name;
        if (typeof product !== 'string') return undefined;
        if (day !== context.today) {
          day = context.today;
          judged.clear();
        }
        const key = `${product}\u0000${typeof record.version}\u0000${String(record.version)}`;
        if (judged.has(key)) return judged.get(key);
        const verdict = judge(product, record.version);
        if (judged.size < 4096) judged.set(key, verdict);
        return verdict;
      };
    },
  },
};

/** ` (https://endoflife.date/x)` where the table names its source. */
function cite(product: SupportProduct): string {
  return product.source ? ` (${product.source})` : '';
}

interface SupportProduct {
  names: Set<string>;
  /** The page the dates come from, cited in findings; a bare table has none. */
  source?: string;
  asOf?: string;
  rows: Array<SupportRow & { parts: VersionParts }>;
}

/** Release lines are parsed once, when the rule is compiled, not on every value checked. */
function supportProducts(table: SupportTable): SupportProduct[] {
  return Object.entries(table).map(([key, entry]) => {
    const rows = Array.isArray(entry) ? entry : entry.rows;
    const names = Array.isArray(entry) ? [key] : [key, ...(entry.names ?? [])];
    return {
      names: new Set(names.map((n) => n.toLowerCase())),
      source: Array.isArray(entry) ? undefined : entry.source,
      asOf: Array.isArray(entry) ? undefined : entry.as_of,
      rows: rows.map((r) => ({ ...r, parts: partsOf(String(r.version)) })),
    };
  });
}

/**
 * The release line a version belongs to, from the first product that has one: the most specific
 * line (4.8.1 before 4.8), and of equal ones the latest end (SQL Server 2016 at its last service pack).
 */
function findRow(products: readonly SupportProduct[], parts: VersionParts): { product: SupportProduct; row: SupportRow } | undefined {
  for (const product of products) {
    let best: (SupportRow & { parts: VersionParts }) | undefined;
    for (const row of product.rows) {
      // `vue 3` does not say which 3.x line it is on: only a version at least as precise as the line matches.
      if (parts.length < row.parts.length || !inReleaseLine(parts, row.parts)) continue;
      if (!best || row.parts.length > best.parts.length || (row.parts.length === best.parts.length && laterEnd(row.ends, best.ends))) best = row;
    }
    if (best) return { product, row: best };
  }
  return undefined;
}

/** Whether end `a` is later than `b`: no announced end (false) is latest, ended on an unknown date (true) earliest. */
function laterEnd(a: string | boolean, b: string | boolean): boolean {
  const rank = (e: string | boolean): string => (e === false ? '9999-99-99' : e === true ? '0000-00-00' : e);
  return rank(a) > rank(b);
}
