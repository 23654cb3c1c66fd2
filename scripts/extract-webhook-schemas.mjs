#!/usr/bin/env node
// Extracts GitHub's schemas for the webhook events assure handles, from @octokit/openapi-webhooks (GitHub's
// current description) and @octokit/webhooks-schemas (Octokit's), into test/fixtures/webhook-schemas.json,
// so the payloads the local GitHub builds are tested against both.
// Usage: node scripts/extract-webhook-schemas.mjs <node_modules folder holding both packages> [output path]
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { cleanSchema } from './extract-openapi.mjs';

/** event.action -> [openapi-webhooks key, webhooks-schemas definition]. */
export const EVENTS = {
  'pull_request.opened': ['pull-request-opened', 'pull_request$opened'],
  'pull_request.synchronize': ['pull-request-synchronize', 'pull_request$synchronize'],
  'pull_request.reopened': ['pull-request-reopened', 'pull_request$reopened'],
  'pull_request.ready_for_review': ['pull-request-ready-for-review', 'pull_request$ready_for_review'],
  'pull_request.closed': ['pull-request-closed', 'pull_request$closed'],
  'issue_comment.created': ['issue-comment-created', 'issue_comment$created'],
  'issue_comment.edited': ['issue-comment-edited', 'issue_comment$edited'],
  'issues.labeled': ['issues-labeled', 'issues$labeled'],
  'issues.unlabeled': ['issues-unlabeled', 'issues$unlabeled'],
  'issues.edited': ['issues-edited', 'issues$edited'],
  'check_run.rerequested': ['check-run-rerequested', 'check_run$rerequested'],
  'check_run.requested_action': ['check-run-requested-action', 'check_run$requested_action'],
  'check_suite.rerequested': ['check-suite-rerequested', 'check_suite$rerequested'],
  'installation.created': ['installation-created', 'installation$created'],
  'installation.deleted': ['installation-deleted', 'installation$deleted'],
};

/** Pretty-printed down to `depth`, one compact line per value below it: small, and each schema diffs on its own line. */
export function layout(value, depth, indent = '') {
  if (depth === 0 || value === null || typeof value !== 'object' || Object.keys(value).length === 0) return JSON.stringify(value);
  const inner = `${indent} `;
  if (Array.isArray(value)) return `[\n${value.map((v) => inner + layout(v, depth - 1, inner)).join(',\n')}\n${indent}]`;
  const entries = Object.entries(value).map(([k, v]) => `${inner}${JSON.stringify(k)}: ${layout(v, depth - 1, inner)}`);
  return `{\n${entries.join(',\n')}\n${indent}}`;
}

function closure(resolveRef, roots) {
  const out = new Map();
  const pending = [...roots];
  while (pending.length > 0) {
    const ref = pending.pop();
    if (out.has(ref)) continue;
    out.set(ref, cleanSchema(resolveRef(ref), (r) => pending.push(r)));
  }
  return new Map([...out.entries()].sort(([a], [b]) => a.localeCompare(b)));
}

export function extract(openapi, schemas, versions) {
  const openapiEvents = {};
  const schemaEvents = {};
  const openapiRoots = [];
  for (const [event, [webhook, definition]] of Object.entries(EVENTS)) {
    const body = openapi.webhooks?.[webhook]?.post?.requestBody?.content?.['application/json']?.schema;
    if (!body?.$ref) throw new Error(`@octokit/openapi-webhooks has no ${webhook}`);
    openapiEvents[event] = { $ref: body.$ref };
    openapiRoots.push(body.$ref);
    if (!schemas.definitions?.[definition]) throw new Error(`@octokit/webhooks-schemas has no ${definition}`);
    schemaEvents[event] = { $ref: `#/definitions/${definition}` };
  }
  const components = closure((ref) => {
    const [, , section, name] = ref.split('/');
    const found = openapi.components?.[section]?.[name];
    if (found === undefined) throw new Error(`Dangling $ref ${ref}`);
    return found;
  }, openapiRoots);
  const definitions = closure((ref) => {
    const found = schemas.definitions?.[ref.split('/').pop()];
    if (found === undefined) throw new Error(`Dangling $ref ${ref}`);
    return found;
  }, Object.values(schemaEvents).map((e) => e.$ref));

  const schemasSection = {};
  for (const [ref, schema] of components) schemasSection[ref.split('/').pop()] = schema;
  const definitionsSection = {};
  for (const [ref, schema] of definitions) definitionsSection[ref.split('/').pop()] = schema;
  return {
    description:
      'GitHub webhook payload schemas for the events assure handles, extracted by scripts/extract-webhook-schemas.mjs ' +
      '(descriptions and examples removed).',
    sources: versions,
    openapi: { events: openapiEvents, components: { schemas: schemasSection } },
    webhooksSchemas: { events: schemaEvents, definitions: definitionsSection },
  };
}

function main(argv) {
  const [modules, output] = argv;
  if (!modules) {
    console.error('Usage: node scripts/extract-webhook-schemas.mjs <node_modules folder with @octokit/openapi-webhooks and @octokit/webhooks-schemas> [output]');
    process.exit(2);
  }
  const read = (p) => JSON.parse(readFileSync(join(modules, p), 'utf8'));
  const openapi = read('@octokit/openapi-webhooks/generated/api.github.com.json');
  const schemas = read('@octokit/webhooks-schemas/schema.json');
  const versions = {
    '@octokit/openapi-webhooks': read('@octokit/openapi-webhooks/package.json').version,
    '@octokit/webhooks-schemas': read('@octokit/webhooks-schemas/package.json').version,
  };
  const here = dirname(fileURLToPath(import.meta.url));
  const target = resolve(output ?? resolve(here, '../test/fixtures/webhook-schemas.json'));
  const text = layout(extract(openapi, schemas, versions), 4) + '\n';
  writeFileSync(target, text);
  console.log(`${target}: ${Object.keys(EVENTS).length} events, ${Math.round(text.length / 1024)} KiB`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main(process.argv.slice(2));
