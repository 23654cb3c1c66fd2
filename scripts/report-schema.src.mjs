// Source of schema/report.schema.json, the contract of `assure check --format json`.
// Run `node scripts/report-schema.src.mjs > schema/report.schema.json`; a test keeps them equal.
const statuses = ['pass', 'fail', 'warn', 'notice', 'not-applicable', 'unknown', 'exempted', 'exemption-expired', 'error'];
const nullableInt = { type: ['integer', 'null'], minimum: 1 };
const exemption = {
  type: 'object',
  required: ['id', 'kind'],
  additionalProperties: false,
  properties: { id: { type: 'string' }, kind: { enum: ['minor', 'challenge', 'major'] }, expires: { type: 'string', format: 'date' }, url: { type: 'string' } },
};
const schema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://assure.dev/schema/report.schema.json',
  title: 'assure JSON report',
  description: 'The output of `assure check --format json` (schemaVersion 1). Fields are only ever added within a schema version.',
  type: 'object',
  required: ['schemaVersion', 'tool', 'ok', 'manifest', 'profile', 'evaluatedAt', 'summary', 'results', 'gaps', 'closable', 'problems', 'overrides'],
  additionalProperties: false,
  properties: {
    schemaVersion: { const: 1 },
    tool: { type: 'object', required: ['name', 'version'], properties: { name: { type: 'string' }, version: { type: 'string' } } },
    ok: { type: 'boolean', description: 'true when nothing fails; warnings, notices and exemptions are allowed' },
    manifest: { type: 'string', description: 'The manifest file as named' },
    profile: { enum: ['service', 'school'] },
    evaluatedAt: { type: 'string', format: 'date', description: 'The calendar day evaluated as of, in the organisation time zone' },
    summary: { type: 'object', required: statuses, additionalProperties: false, properties: Object.fromEntries(statuses.map((s) => [s, { type: 'integer', minimum: 0 }])) },
    results: {
      type: 'array',
      description: 'Worst first, then by artefact, rule and path',
      items: {
        type: 'object',
        required: ['artefact', 'artefactTitle', 'rule', 'status', 'severity', 'path', 'file', 'line', 'column', 'message', 'source'],
        additionalProperties: false,
        properties: {
          artefact: { type: 'string' },
          artefactTitle: { type: 'string' },
          rule: { type: 'string' },
          status: { enum: statuses },
          severity: { enum: ['must', 'should', 'may'] },
          path: { type: 'string', pattern: '^\\$' },
          file: { type: ['string', 'null'] },
          line: nullableInt,
          column: nullableInt,
          message: { type: 'string' },
          source: { type: ['string', 'null'] },
          exemption,
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
