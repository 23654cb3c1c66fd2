// Source of schema/report.schema.json, the contract of `assure check --format json`.
// Run `node scripts/report-schema.src.mjs > schema/report.schema.json`; a test keeps them equal.
import { schemaId } from './schema-id.mjs';

const statuses = ['pass', 'fail', 'warn', 'notice', 'not-applicable', 'exempted', 'exemption-expired', 'error', 'contradiction', 'unknown'];
const nullableInt = { type: ['integer', 'null'], minimum: 1 };
const evidenceProperties = {
  file: { type: 'string', description: 'Repository-relative; facts from the hosting platform use `github:` names' },
  line: nullableInt,
  column: nullableInt,
  collector: { type: 'string', description: 'The collector that found it' },
  detail: { type: ['string', 'null'], description: 'What was seen, in plain words, when the value alone does not say it' },
  values: { type: ['array', 'null'], description: 'Every value the evidence shows, when it shows more than one' },
};
const evidence = { type: 'object', required: Object.keys(evidenceProperties), additionalProperties: false, properties: evidenceProperties };
const exemption = {
  type: 'object',
  required: ['id', 'kind'],
  additionalProperties: false,
  properties: { id: { type: 'string' }, kind: { enum: ['minor', 'challenge', 'major'] }, expires: { type: 'string', format: 'date' }, url: { type: 'string' } },
};
const schema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: schemaId('report.schema.json'),
  title: 'assure JSON report',
  description: 'The output of `assure check --format json` (schemaVersion 2). Fields are only ever added within a schema version. Version 2 added the statuses `contradiction` and `unknown`, where the value of each result came from (`source`, `evidence`), how unknowns and contradictions count (`countsAs`), and `evidenceNotes`; the link to the standard moved from `source` to `standardUrl`. Added within version 2: `passed` (a register\'s passing rows counted per rule rather than listed in `results`, unless `assure check --verbose`) and `notListed` (results left out to keep the report bounded).',
  type: 'object',
  required: ['schemaVersion', 'tool', 'ok', 'manifest', 'profile', 'evaluatedAt', 'summary', 'results', 'gaps', 'closable', 'problems', 'evidenceNotes', 'overrides'],
  additionalProperties: false,
  properties: {
    schemaVersion: { const: 2 },
    tool: { type: 'object', required: ['name', 'version'], properties: { name: { type: 'string' }, version: { type: 'string' } } },
    ok: { type: 'boolean', description: 'true when nothing fails (a contradiction or an unknown counted as a failure included); warnings, notices and exemptions are allowed' },
    manifest: { type: 'string', description: 'The manifest file as named' },
    profile: { enum: ['service', 'school'] },
    evaluatedAt: { type: 'string', format: 'date', description: 'The calendar day evaluated as of, in the organisation time zone' },
    summary: { type: 'object', required: statuses, additionalProperties: false, properties: Object.fromEntries(statuses.map((s) => [s, { type: 'integer', minimum: 0 }])) },
    results: {
      type: 'array',
      description: 'Worst first, then by artefact, rule and path. A register\'s passing rows are counted in `passed` instead (listed here under `assure check --verbose`); past a bounded size the rest are counted in `notListed`.',
      items: {
        type: 'object',
        required: ['artefact', 'artefactTitle', 'rule', 'status', 'severity', 'path', 'file', 'line', 'column', 'message', 'standardUrl', 'source', 'evidence', 'countsAs'],
        additionalProperties: false,
        properties: {
          artefact: { type: 'string', description: 'The artefact id; `evidence` for a contradiction' },
          artefactTitle: { type: 'string' },
          rule: { type: 'string', description: 'The rule id; for a contradiction, the collector that saw the fact' },
          status: { enum: statuses },
          severity: { enum: ['must', 'should', 'may'] },
          path: { type: 'string', pattern: '^\\$' },
          file: { type: ['string', 'null'], description: 'Where the value is written: the manifest, or the evidence file for an observed value' },
          line: nullableInt,
          column: nullableInt,
          message: { type: 'string' },
          standardUrl: { type: ['string', 'null'], description: 'The standard as published' },
          source: { enum: ['declared', 'observed', null], description: 'Where the value the result is about came from; null when it is about no value (out of scope, unknown)' },
          evidence: { oneOf: [evidence, { type: 'null' }], description: 'Where an observed value, or the observed side of a contradiction, was seen' },
          countsAs: { enum: ['fail', 'warn', 'notice', null], description: 'How an unknown or a contradiction counts, by the organisation\'s choice' },
          contradiction: {
            type: 'object',
            description: 'Both places of a contradiction',
            required: ['declared', 'observed'],
            additionalProperties: false,
            properties: {
              declared: { type: 'object', required: ['value', 'file', 'line', 'column'], additionalProperties: false, properties: { value: {}, file: { type: ['string', 'null'] }, line: nullableInt, column: nullableInt } },
              observed: { type: 'object', required: ['value', ...Object.keys(evidenceProperties)], additionalProperties: false, properties: { value: {}, ...evidenceProperties } },
            },
          },
          exemption,
        },
      },
    },
    notListed: { type: 'integer', minimum: 0, description: 'Results left out of `results` to keep the report bounded (the worst are kept; the summary counts every result). Absent in reports written before it was added: read as 0.' },
    passed: {
      type: 'array',
      description: 'Passing register rows, counted per artefact, rule and register rather than listed one by one. Absent in reports written before it was added.',
      items: {
        type: 'object',
        required: ['artefact', 'artefactTitle', 'rule', 'severity', 'register', 'count', 'message', 'standardUrl'],
        additionalProperties: false,
        properties: {
          artefact: { type: 'string' },
          artefactTitle: { type: 'string' },
          rule: { type: 'string' },
          severity: { enum: ['must', 'should', 'may'] },
          register: { type: 'string', description: 'The register\'s rows as a path, e.g. `$.registers.assets.rows`' },
          count: { type: 'integer', minimum: 1 },
          message: { type: 'string' },
          standardUrl: { type: ['string', 'null'] },
        },
      },
    },
    gaps: {
      type: 'array',
      items: { type: 'object', required: ['path', 'file', 'line', 'column', 'message'], additionalProperties: false, properties: { path: { type: 'string' }, file: { type: ['string', 'null'] }, line: nullableInt, column: nullableInt, message: { type: 'string' } } },
    },
    closable: {
      type: 'array',
      items: { type: 'object', required: ['exemption', 'artefact', 'rules', 'message'], additionalProperties: false, properties: { exemption, artefact: { type: 'string' }, rules: { type: 'array', items: { type: 'string' } }, message: { type: 'string' } } },
    },
    problems: {
      type: 'array',
      items: { type: 'object', required: ['file', 'line', 'column', 'level', 'message'], additionalProperties: false, properties: { file: { type: 'string' }, line: nullableInt, column: nullableInt, level: { enum: ['error', 'warning'] }, message: { type: 'string' } } },
    },
    evidenceNotes: {
      type: 'array',
      description: 'How evidence was gathered: caps that applied, facts out of reach',
      items: { type: 'object', required: ['kind', 'message', 'file', 'line'], additionalProperties: false, properties: { kind: { enum: ['cap', 'unavailable', 'skipped', 'unreadable'] }, message: { type: 'string' }, file: { type: ['string', 'null'] }, line: nullableInt } },
    },
    overrides: {
      type: 'array',
      description: "What the organisation's ruleset switched off, re-graded or replaced",
      items: {
        type: 'object',
        required: ['artefact', 'rule', 'change', 'from', 'to', 'replacement', 'reason', 'file', 'line'],
        additionalProperties: false,
        properties: {
          artefact: { type: 'string' },
          rule: { type: ['string', 'null'] },
          change: { enum: ['off', 'severity', 'replace'] },
          from: { enum: ['must', 'should', 'may', null] },
          to: { enum: ['must', 'should', 'may', null] },
          replacement: { type: ['string', 'null'] },
          reason: { type: ['string', 'null'] },
          file: { type: 'string' },
          line: nullableInt,
        },
      },
    },
  },
};
process.stdout.write(JSON.stringify(schema, null, 2) + '\n');
