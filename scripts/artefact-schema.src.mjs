// Source of schema/artefact.schema.json. Run `node scripts/artefact-schema.src.mjs > schema/artefact.schema.json`;
// a test keeps the committed JSON equal to what this prints.
import { schemaId } from './schema-id.mjs';

const jsonPath = { type: 'string', minLength: 1, pattern: '^\\$', description: 'A JSONPath starting at the manifest root ($)' };
const paths = { oneOf: [jsonPath, { type: 'array', items: jsonPath, minItems: 1 }] };
const text = (description) => ({ type: 'string', minLength: 1, description });
const duration = { type: 'string', pattern: '^P(?!$)(\\d+Y)?(\\d+M)?(\\d+W)?(\\d+D)?$', description: 'ISO 8601 duration of whole days, weeks, months or years, e.g. P6M' };

const supportRow = {
  type: 'object',
  required: ['version', 'ends'],
  additionalProperties: false,
  properties: {
    version: { type: ['string', 'number'], description: 'Release line as designs write it, e.g. "3.2" or 2016' },
    cycle: { type: 'string', description: 'The source\'s name for the release cycle, where it differs' },
    ends: { oneOf: [{ type: 'string', format: 'date' }, { type: 'boolean' }], description: 'End of support (YYYY-MM-DD); false when none is announced, true when ended on a date not given' },
  },
};
const supportRows = { type: 'array', items: supportRow };
const supportProduct = {
  type: 'object',
  required: ['source', 'rows'],
  additionalProperties: false,
  properties: {
    source: { type: 'string', format: 'uri', description: 'Where the dates come from; findings cite it' },
    as_of: { type: 'string', format: 'date', description: 'The day the dates were taken' },
    names: { type: 'array', items: { type: 'string', minLength: 1 }, description: 'Names designs use for the product (matched without regard to case)' },
    rows: supportRows,
  },
};

const schema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: schemaId('artefact.schema.json'),
  title: 'assure artefact',
  description: 'A standard, pattern or guidance page as machine-checkable rules.',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'title', 'kind', 'owner', 'status', 'version', 'review_by', 'source', 'severity', 'exemptable', 'rules'],
  properties: {
    id: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9._-]{1,80}$', description: 'Stable identifier, unique across every artefact source' },
    title: text('Title as a person would say it'),
    kind: { enum: ['standard', 'pattern', 'guidance'] },
    category: text('Category, e.g. identity, hosting, data'),
    owner: text('Who owns the artefact'),
    status: { enum: ['draft', 'published', 'retired'], description: 'draft advises only; retired is ignored' },
    version: { type: ['string', 'number'], description: 'Version of the artefact' },
    review_by: { type: 'string', format: 'date', description: 'Review-by date (YYYY-MM-DD)' },
    source: { type: 'string', format: 'uri', description: 'Where the standard is published' },
    severity: { enum: ['must', 'should', 'may'], description: 'must -> fail, should -> warn, may -> notice' },
    exemptable: { type: 'boolean', description: 'false for legal requirements: no exemption can cover them' },
    profile: { enum: ['service', 'school'], description: 'Which kind of manifest it applies to (default service)' },
    scope: {
      type: 'object',
      additionalProperties: false,
      properties: {
        description: text('Which designs or parts of a design the artefact is about'),
        given: paths,
        when: { type: ['object', 'boolean'], description: 'JSON Schema the whole manifest must match for the artefact to apply' },
      },
    },
    covers: { type: 'array', items: jsonPath, description: 'Extra parts of a design this artefact covers (for gap reporting)' },
    rationale: text('Why the artefact exists'),
    remediation: text('What to do to comply'),
    tables: { type: 'object', description: 'Data rules can refer to, e.g. end-of-support tables', additionalProperties: { type: 'object', additionalProperties: { oneOf: [supportRows, supportProduct] } } },
    rules: {
      type: 'object',
      minProperties: 1,
      propertyNames: { pattern: '^[a-z0-9][a-z0-9-]{0,80}$' },
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['given', 'assert'],
        properties: {
          description: text('What the rule checks'),
          given: paths,
          when: { type: ['object', 'boolean'], description: 'JSON Schema the whole manifest must match for the rule to apply' },
          assert: { type: ['object', 'boolean'], description: 'JSON Schema each target must match' },
          severity: { enum: ['must', 'should', 'may'], description: 'Overrides the artefact severity' },
          message: text('Message template: {{value}}, {{path}}, {{property}}, {{error}}'),
        },
      },
    },
  },
  $defs: { duration },
};

process.stdout.write(JSON.stringify(schema, null, 2) + '\n');
