#!/usr/bin/env node
// Extracts the REST operations assure uses from GitHub's OpenAPI description (@octokit/openapi,
// generated/api.github.com.json) into sim/openapi-subset.json, with every component they reference, so
// the local GitHub and the contract tests check requests against GitHub's own description.
// Usage: node scripts/extract-openapi.mjs <path to api.github.com.json> [output path]
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The operations the App, the Action and the sweep call: [method, path template]. */
export const OPERATIONS = [
  ['post', '/app/installations/{installation_id}/access_tokens'],
  ['get', '/repos/{owner}/{repo}/installation'],
  ['get', '/app'],
  ['get', '/repos/{owner}/{repo}'],
  ['get', '/repos/{owner}/{repo}/contents/{path}'],
  ['get', '/repos/{owner}/{repo}/commits/{ref}'],
  ['get', '/repos/{owner}/{repo}/branches/{branch}'],
  ['get', '/repos/{owner}/{repo}/git/trees/{tree_sha}'],
  ['post', '/repos/{owner}/{repo}/check-runs'],
  ['patch', '/repos/{owner}/{repo}/check-runs/{check_run_id}'],
  ['get', '/repos/{owner}/{repo}/check-runs/{check_run_id}'],
  ['get', '/repos/{owner}/{repo}/check-runs/{check_run_id}/annotations'],
  ['get', '/repos/{owner}/{repo}/commits/{ref}/check-runs'],
  ['get', '/repos/{owner}/{repo}/pulls'],
  ['get', '/repos/{owner}/{repo}/pulls/{pull_number}'],
  ['get', '/repos/{owner}/{repo}/issues'],
  ['post', '/repos/{owner}/{repo}/issues'],
  ['get', '/repos/{owner}/{repo}/issues/{issue_number}'],
  ['patch', '/repos/{owner}/{repo}/issues/{issue_number}'],
  ['get', '/repos/{owner}/{repo}/issues/{issue_number}/comments'],
  ['post', '/repos/{owner}/{repo}/issues/{issue_number}/comments'],
  ['patch', '/repos/{owner}/{repo}/issues/comments/{comment_id}'],
  ['post', '/repos/{owner}/{repo}/issues/{issue_number}/labels'],
  ['put', '/repos/{owner}/{repo}/issues/{issue_number}/labels'],
  ['delete', '/repos/{owner}/{repo}/issues/{issue_number}/labels/{name}'],
  ['post', '/repos/{owner}/{repo}/labels'],
  ['get', '/repos/{owner}/{repo}/labels/{name}'],
  ['get', '/orgs/{org}/teams/{team_slug}/memberships/{username}'],
  ['get', '/repos/{owner}/{repo}/collaborators/{username}/permission'],
];

// Annotations that make the description readable but play no part in validation.
const ANNOTATIONS = new Set(['description', 'example', 'examples', 'externalDocs', 'x-github', 'x-octokit']);
// Keywords whose value is a map of name -> schema.
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'definitions', '$defs']);
// Keywords whose value is a schema or an array of schemas.
const SCHEMA_VALUES = new Set(['items', 'additionalProperties', 'not', 'allOf', 'anyOf', 'oneOf', 'prefixItems', 'contains']);

/** A copy of a schema without annotations; `onRef` sees every $ref inside it. */
export function cleanSchema(schema, onRef) {
  if (Array.isArray(schema)) return schema.map((s) => cleanSchema(s, onRef));
  if (schema === null || typeof schema !== 'object') return schema;
  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    if (ANNOTATIONS.has(key)) continue;
    if (key === '$ref') {
      onRef(value);
      out[key] = value;
    } else if (SCHEMA_MAPS.has(key) && value && typeof value === 'object') {
      out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cleanSchema(v, onRef)]));
    } else if (SCHEMA_VALUES.has(key)) {
      out[key] = cleanSchema(value, onRef);
    } else {
      out[key] = value;
    }
  }
  return out;
}

/** Copies the referenced components (transitively) from `source` into `target.components`. */
export function copyReferenced(source, target, pending) {
  while (pending.length > 0) {
    const ref = pending.pop();
    const match = /^#\/components\/([^/]+)\/([^/]+)$/.exec(ref);
    if (!match) throw new Error(`Unsupported $ref ${ref}`);
    const [, section, name] = match;
    target.components[section] ??= {};
    if (Object.hasOwn(target.components[section], name)) continue;
    const component = source.components?.[section]?.[name];
    if (component === undefined) throw new Error(`Dangling $ref ${ref}`);
    const onRef = (r) => pending.push(r);
    target.components[section][name] = section === 'parameters' ? cleanParameter(component, onRef) : cleanSchema(component, onRef);
  }
}

function cleanParameter(parameter, onRef) {
  if (parameter.$ref) {
    onRef(parameter.$ref);
    return { $ref: parameter.$ref };
  }
  const out = { name: parameter.name, in: parameter.in };
  if (parameter.required) out.required = true;
  if (parameter['x-multi-segment']) out['x-multi-segment'] = true;
  if (parameter.schema) out.schema = cleanSchema(parameter.schema, onRef);
  // GitHub documents the per_page limit only in prose; keep the sentence so the check can cite it.
  if (typeof parameter.description === 'string' && /max(imum)? \d+/i.test(parameter.description)) {
    out.description = parameter.description.split('.')[0] + '.';
  }
  return out;
}

function jsonBody(content, onRef) {
  const media = content?.['application/json'];
  return media?.schema ? { 'application/json': { schema: cleanSchema(media.schema, onRef) } } : undefined;
}

export function extract(spec, operations = OPERATIONS) {
  const subset = {
    openapi: spec.openapi,
    info: {
      title: 'GitHub REST API: the operations assure uses',
      version: spec.info?.version ?? 'unknown',
      description:
        'Extracted by scripts/extract-openapi.mjs from @octokit/openapi generated/api.github.com.json: ' +
        'parameters, request bodies and success responses, without descriptions or examples.',
    },
    paths: {},
    components: {},
  };
  const pending = [];
  const onRef = (ref) => pending.push(ref);
  const missing = [];
  const sorted = [...operations].sort(([ma, pa], [mb, pb]) => (pa === pb ? ma.localeCompare(mb) : pa.localeCompare(pb)));
  for (const [method, path] of sorted) {
    const source = spec.paths?.[path]?.[method];
    if (!source) {
      missing.push(`${method.toUpperCase()} ${path}`);
      continue;
    }
    const operation = { operationId: source.operationId, summary: source.summary };
    operation.parameters = (source.parameters ?? []).map((p) => cleanParameter(p, onRef));
    if (source.requestBody) {
      const body = jsonBody(source.requestBody.content, onRef);
      if (body) operation.requestBody = { required: Boolean(source.requestBody.required), content: body };
    }
    operation.responses = {};
    for (const [status, response] of Object.entries(source.responses ?? {})) {
      if (!/^2\d\d$/.test(status)) continue;
      let resolved = response;
      if (response.$ref) resolved = spec.components.responses[response.$ref.split('/').pop()];
      const content = jsonBody(resolved?.content, onRef);
      operation.responses[status] = content ? { content } : {};
    }
    subset.paths[path] ??= {};
    subset.paths[path][method] = operation;
  }
  if (missing.length > 0) throw new Error(`Not in the description: ${missing.join('; ')}`);
  copyReferenced(spec, subset, pending);
  for (const section of Object.keys(subset.components).sort()) {
    const entries = Object.entries(subset.components[section]).sort(([a], [b]) => a.localeCompare(b));
    delete subset.components[section];
    subset.components[section] = Object.fromEntries(entries);
  }
  return subset;
}

function main(argv) {
  const [input, output] = argv;
  if (!input) {
    console.error('Usage: node scripts/extract-openapi.mjs <path to @octokit/openapi generated/api.github.com.json> [output]');
    process.exit(2);
  }
  const here = dirname(fileURLToPath(import.meta.url));
  const target = resolve(output ?? resolve(here, '../sim/openapi-subset.json'));
  const subset = extract(JSON.parse(readFileSync(input, 'utf8')));
  const text = JSON.stringify(subset, null, 1) + '\n';
  writeFileSync(target, text);
  const schemas = Object.keys(subset.components.schemas ?? {}).length;
  console.log(`${target}: ${Object.keys(subset.paths).length} paths, ${schemas} schemas, ${Math.round(text.length / 1024)} KiB`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main(process.argv.slice(2));
