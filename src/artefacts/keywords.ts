// The few assertions JSON Schema lacks for this domain, as ajv keywords. Dates are judged against
// the evaluation day held in `context`, which the engine sets before each evaluation.
import type { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject } from 'ajv';
import type { DataValidateFunction } from 'ajv/dist/types/index.js';
import { addDuration, daysBetween, isCalendarDate, parseDuration, type Duration } from '../time/dates.js';
import { compareVersions, inReleaseLine, partsOf, versionText } from './version.js';

export interface AssertionContext {
  /** The day of evaluation, YYYY-MM-DD. */
  today: string;
  /** The tables of the artefact being compiled (bound at compile time). */
  tables: Record<string, Record<string, Array<{ version: string | number; ends: string }>>>;
}

type Check = (data: unknown) => string | undefined;

function keyword(ajv: Ajv2020, name: string, metaSchema: object, build: (schema: never) => Check): void {
  ajv.addKeyword({
    keyword: name,
    errors: true,
    metaSchema,
    compile(schema) {
      const check = build(schema as never);
      const validate = (data: unknown): boolean => {
        const problem = check(data);
        // instancePath is left for ajv to fill in, so a keyword nested under `properties` points at its value.
        validate.errors = problem ? [{ keyword: name, message: problem, params: {} } as unknown as ErrorObject] : null;
        return problem === undefined;
      };
      validate.errors = null as ErrorObject[] | null;
      return validate as DataValidateFunction;
    },
  });
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

export function addDomainKeywords(ajv: Ajv2020, context: AssertionContext): void {
  /** A date derived from the day of evaluation, worked out once per day rather than once per value. */
  const perDay = (derive: (today: string) => string): (() => string) => {
    let day = '';
    let value = '';
    return () => {
      if (day !== context.today) {
        day = context.today;
        value = derive(day);
      }
      return value;
    };
  };

  keyword(ajv, 'maxAge', durationSchema, (schema: string) => {
    const age = duration(schema);
    const oldest = perDay((today) => addDuration(today, age, -1));
    return (data) => {
      const date = dateOf(data);
      if (date === null) return undefined;
      if (date === undefined) return `"${String(data)}" is not a date written YYYY-MM-DD`;
      if (date > context.today) return `${date} is in the future`;
      const limit = oldest();
      return date < limit ? `${date} is more than ${humanDuration(age)} ago (the limit is ${limit})` : undefined;
    };
  });

  keyword(ajv, 'notPast', { type: 'boolean' }, (schema: boolean) => (data) => {
    if (!schema) return undefined;
    const date = dateOf(data);
    if (date === null) return undefined;
    if (date === undefined) return `"${String(data)}" is not a date written YYYY-MM-DD`;
    return date < context.today ? `${date} has passed (${-daysBetween(context.today, date)} days ago)` : undefined;
  });

  keyword(ajv, 'notWithin', durationSchema, (schema: string) => {
    const window = duration(schema);
    const until = perDay((today) => addDuration(today, window));
    return (data) => {
      const date = dateOf(data);
      if (date === null) return undefined;
      if (date === undefined) return `"${String(data)}" is not a date written YYYY-MM-DD`;
      const end = until();
      return date >= context.today && date <= end ? `${date} is in ${daysBetween(context.today, date)} days` : undefined;
    };
  });

  keyword(ajv, 'minVersion', { type: ['string', 'number'] }, (schema: string | number) => {
    const minimum = String(schema);
    return (data) => {
      if (typeof data !== 'string' && typeof data !== 'number') return undefined;
      const version = versionText(data);
      if (!version) return `"${String(data)}" is not a version number`;
      return compareVersions(version, minimum) < 0 ? `${version} is below ${minimum}` : undefined;
    };
  });

  keyword(
    ajv,
    'endOfSupport',
    { type: 'object', required: ['table'], additionalProperties: false, properties: { table: { type: 'string' }, within: durationSchema } },
    (schema: { table: string; within?: string }) => {
      const source = context.tables[schema.table];
      if (!source) throw new Error(`endOfSupport refers to table "${schema.table}", which the artefact's tables do not define`);
      // Release lines are parsed once here, not on every value checked.
      const table = Object.fromEntries(Object.entries(source).map(([name, rows]) => [name.toLowerCase(), rows.map((r) => ({ ...r, parts: partsOf(String(r.version)) }))]));
      const window = schema.within ? duration(schema.within) : undefined;
      const horizon = perDay((today) => (window ? addDuration(today, window) : today));
      return (data) => {
        if (data === null || typeof data !== 'object' || Array.isArray(data)) return undefined;
        const record = data as Record<string, unknown>;
        // A data store names its product in `engine`; a language or framework in `name`.
        const product = typeof record.engine === 'string' ? record.engine : record.name;
        const name = typeof product === 'string' ? product.toLowerCase() : undefined;
        const version = versionText(record.version);
        const rows = name ? table[name] : undefined;
        if (!rows || !version) return undefined;
        const parts = partsOf(version);
        const row = rows.find((r) => inReleaseLine(parts, r.parts));
        if (!row) {
          const oldest = rows.map((r) => String(r.version)).sort(compareVersions)[0];
          if (window || !oldest || compareVersions(version, oldest) >= 0) return undefined;
          return `${name} ${version} is older than ${name} ${oldest}, the oldest release line the table lists, so it is out of support`;
        }
        if (window) {
          if (row.ends < context.today) return undefined; // already out of support: the stricter rule reports it
          return row.ends <= horizon() ? `${name} ${version} support ends on ${row.ends} (in ${daysBetween(context.today, row.ends)} days)` : undefined;
        }
        return row.ends < context.today ? `${name} ${version} reached end of support on ${row.ends}` : undefined;
      };
    },
  );
}
