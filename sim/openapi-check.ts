// Checks requests (and the simulation's responses) against the extract of GitHub's OpenAPI description in
// sim/openapi-subset.json, so a request GitHub would refuse or misread fails in tests instead of in production.
import { graphQLProblems } from './graphql.js';
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule, { type FormatsPlugin } from 'ajv-formats';
import { packageFile } from '../src/package-root.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  description?: string;
  schema?: JsonObject;
  'x-multi-segment'?: boolean;
  $ref?: string;
}

export interface OpenApiOperation {
  operationId: string;
  summary?: string;
  parameters?: OpenApiParameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema: JsonObject }> };
  responses?: Record<string, { content?: Record<string, { schema: JsonObject }> }>;
}

export interface OpenApiSubset {
  openapi: string;
  info?: JsonObject;
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: Record<string, Record<string, Json>>;
}

export interface RequestToValidate {
  method: string;
  /** The request path, percent-encoded as sent; a query string here is read too. */
  path: string;
  query?: Record<string, string | string[] | undefined> | URLSearchParams;
  body?: unknown;
}

export type ValidationResult =
  | {
      ok: true;
      operationId: string;
      /** The OpenAPI path template, e.g. /repos/{owner}/{repo}/issues. */
      template: string;
      /** Decoded path parameters. */
      params: Record<string, string>;
      /** Query parameters, converted to the types the description gives them. */
      query: Record<string, unknown>;
    }
  | { ok: false; errors: string[] };

export interface RequestValidator {
  (request: RequestToValidate): ValidationResult;
  /** Problems with a response body for an operation and status ([] when it conforms or is not described). */
  validateResponse(operationId: string, status: number, body: unknown): string[];
  /** Every operationId in the subset. */
  readonly operationIds: readonly string[];
}

export interface ValidatorOptions {
  /** Top-level body properties the description does not name are errors (GitHub ignores them silently). */
  allowUnknownBodyProperties?: boolean;
  /** Query parameters the description does not name are errors (GitHub ignores them silently). */
  allowUnknownQueryParameters?: boolean;
}

const SUBSET_ID = 'https://assure.invalid/openapi-subset.json';
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];
// GitHub documents these limits in prose only ("The number of results per page (max 100)").
const QUERY_LIMITS: Record<string, { minimum: number; maximum?: number }> = {
  per_page: { minimum: 1, maximum: 100 },
  page: { minimum: 1 },
};

// ajv-formats is CommonJS; under NodeNext its default export arrives wrapped.
const addFormats = ((addFormatsModule as unknown as { default?: FormatsPlugin }).default ?? addFormatsModule) as FormatsPlugin;

let defaultSubset: OpenApiSubset | undefined;

/** The committed extract (sim/openapi-subset.json). */
export function loadOpenApiSubset(): OpenApiSubset {
  defaultSubset ??= JSON.parse(readFileSync(packageFile('sim/openapi-subset.json'), 'utf8')) as OpenApiSubset;
  return defaultSubset;
}

/** OpenAPI 3.0 `nullable` becomes JSON Schema so ajv reads it the way GitHub means it. */
function toJsonSchema(node: Json): Json {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (node === null || typeof node !== 'object') return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) out[key] = toJsonSchema(value);
  if (out.nullable !== true) {
    delete out.nullable;
    return out;
  }
  delete out.nullable;
  if (typeof out.type === 'string') {
    out.type = [out.type, 'null'];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    return out;
  }
  if (Array.isArray(out.type)) {
    if (!out.type.includes('null')) out.type = [...out.type, 'null'];
    return out;
  }
  return { anyOf: [{ type: 'null' }, out] };
}

function pointer(...parts: string[]): string {
  return parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
}

function formatErrors(prefix: string, errors: ErrorObject[] | null | undefined): string[] {
  const seen = new Set<string>();
  for (const error of errors ?? []) {
    if (error.keyword === 'if') continue;
    const where = `${prefix}${error.instancePath}`;
    let message = error.message ?? 'is invalid';
    if (error.keyword === 'enum') message += `: ${(error.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
    if (error.keyword === 'additionalProperties') message += `: ${(error.params as { additionalProperty: string }).additionalProperty}`;
    seen.add(`${where} ${message}`);
  }
  return [...seen];
}

interface CompiledOperation {
  method: string;
  template: string;
  operation: OpenApiOperation;
  regex: RegExp;
  names: string[];
  literals: number;
  parameters: OpenApiParameter[];
  pathChecks: Map<string, ValidateFunction>;
  queryChecks: Map<string, ValidateFunction>;
  requiredQuery: string[];
  /** Compiled on first use: most operations are never called in a given test file. */
  body?: () => ValidateFunction;
  bodyRequired: boolean;
  bodyProperties?: Set<string>;
  responses: Map<string, () => ValidateFunction>;
}

function once(make: () => ValidateFunction): () => ValidateFunction {
  let compiled: ValidateFunction | undefined;
  return () => (compiled ??= make());
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function createRequestValidator(subset: OpenApiSubset = loadOpenApiSubset(), options: ValidatorOptions = {}): RequestValidator {
  const document = toJsonSchema(subset as unknown as Json) as unknown as OpenApiSubset;
  const ajvOptions = { strict: false, allErrors: true, logger: false as const, validateFormats: true };
  const bodies = new Ajv(ajvOptions);
  const params = new Ajv({ ...ajvOptions, coerceTypes: true });
  addFormats(bodies);
  addFormats(params);
  bodies.addSchema({ ...(document as unknown as JsonObject), $id: SUBSET_ID });
  params.addSchema({ ...(document as unknown as JsonObject), $id: SUBSET_ID });

  const resolveParameter = (p: OpenApiParameter): OpenApiParameter => {
    if (!p.$ref) return p;
    const name = p.$ref.split('/').pop() ?? '';
    const target = document.components?.parameters?.[name] as unknown as OpenApiParameter | undefined;
    if (!target) throw new Error(`OpenAPI subset: dangling parameter ${p.$ref}`);
    return resolveParameter(target);
  };
  const resolveSchema = (schema: JsonObject | undefined): JsonObject | undefined => {
    let current = schema;
    while (current && typeof current.$ref === 'string') {
      const name = current.$ref.split('/').pop() ?? '';
      current = document.components?.schemas?.[name] as JsonObject | undefined;
    }
    return current;
  };

  const compiled: CompiledOperation[] = [];
  const paramChecks = new Map<string, ValidateFunction>();
  for (const [template, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      if (!METHODS.includes(method)) continue;
      const parameters = (operation.parameters ?? []).map(resolveParameter);
      const names: string[] = [];
      let literals = 0;
      const source = template
        .split('/')
        .map((segment) => {
          const match = /^\{(.+)\}$/.exec(segment);
          if (!match?.[1]) {
            if (segment) literals += 1;
            return escapeRegex(segment);
          }
          names.push(match[1]);
          const multi = parameters.some((p) => p.in === 'path' && p.name === match[1] && p['x-multi-segment']);
          return multi ? '(.+)' : '([^/]+)';
        })
        .join('/');
      const base = pointer('paths', template, method);
      const paramCheck = (p: OpenApiParameter): ValidateFunction => {
        const key = JSON.stringify(p.schema ?? {});
        let check = paramChecks.get(key);
        if (!check) {
          check = params.compile({ type: 'object', properties: { value: p.schema ?? {} } });
          paramChecks.set(key, check);
        }
        return check;
      };
      const entry: CompiledOperation = {
        method,
        template,
        operation,
        regex: new RegExp(`^${source}/?$`),
        names,
        literals,
        parameters,
        pathChecks: new Map(parameters.filter((p) => p.in === 'path').map((p) => [p.name, paramCheck(p)])),
        queryChecks: new Map(parameters.filter((p) => p.in === 'query').map((p) => [p.name, paramCheck(p)])),
        requiredQuery: parameters.filter((p) => p.in === 'query' && p.required).map((p) => p.name),
        bodyRequired: Boolean(operation.requestBody?.required),
        responses: new Map(),
      };
      const json = operation.requestBody?.content['application/json'];
      if (json) {
        const ref = `${SUBSET_ID}#/${base}/${pointer('requestBody', 'content', 'application/json', 'schema')}`;
        entry.body = once(() => bodies.compile({ $ref: ref }));
        const top = resolveSchema(json.schema);
        if (top && top.type === 'object' && top.properties && typeof top.properties === 'object' && !Array.isArray(top.properties)) {
          entry.bodyProperties = new Set(Object.keys(top.properties));
        }
      }
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        if (!response.content?.['application/json']) continue;
        const ref = `${SUBSET_ID}#/${base}/${pointer('responses', status, 'content', 'application/json', 'schema')}`;
        entry.responses.set(status, once(() => bodies.compile({ $ref: ref })));
      }
      compiled.push(entry);
    }
  }
  // More literal segments first: /commits/{ref}/check-runs wins over /commits/{ref} with a multi-segment ref.
  compiled.sort((a, b) => b.literals - a.literals || a.names.length - b.names.length || a.template.localeCompare(b.template));
  const byOperationId = new Map(compiled.map((c) => [c.operation.operationId, c]));

  const validate = (request: RequestToValidate): ValidationResult => {
    const method = request.method.toLowerCase();
    const [rawPath = '', rawQuery = ''] = request.path.split('?', 2);
    const query = new Map<string, string[]>();
    const addQuery = (key: string, value: string): void => {
      query.set(key, [...(query.get(key) ?? []), value]);
    };
    for (const [key, value] of new URLSearchParams(rawQuery)) addQuery(key, value);
    if (request.query instanceof URLSearchParams) {
      for (const [key, value] of request.query) addQuery(key, value);
    } else if (request.query) {
      for (const [key, value] of Object.entries(request.query)) {
        if (value === undefined) continue;
        for (const v of Array.isArray(value) ? value : [value]) addQuery(key, v);
      }
    }

    const errors: string[] = [];
    const candidates = compiled.filter((c) => c.regex.test(rawPath));
    const entry = candidates.find((c) => c.method === method);
    if (!entry) {
      if (candidates.length > 0) {
        const allowed = [...new Set(candidates.map((c) => `${c.method.toUpperCase()} ${c.template}`))].join(', ');
        return { ok: false, errors: [`${request.method.toUpperCase()} ${rawPath} is not an operation in the OpenAPI subset (it has ${allowed})`] };
      }
      return { ok: false, errors: [`${request.method.toUpperCase()} ${rawPath} matches no path in the OpenAPI subset`] };
    }

    const match = entry.regex.exec(rawPath);
    const params: Record<string, string> = {};
    entry.names.forEach((name, i) => {
      const raw = match?.[i + 1] ?? '';
      try {
        params[name] = decodeURIComponent(raw);
      } catch {
        errors.push(`path parameter ${name} is not valid percent-encoding: ${raw}`);
        params[name] = raw;
      }
    });
    for (const [name, check] of entry.pathChecks) {
      const holder = { value: params[name] as unknown };
      if (!check(holder)) errors.push(...formatErrors(`path parameter ${name}`, check.errors).map((e) => e.replace(`${name}/value`, name)));
    }

    const coerced: Record<string, unknown> = {};
    for (const name of entry.requiredQuery) {
      if (!query.has(name)) errors.push(`query parameter ${name} is required`);
    }
    for (const [name, values] of query) {
      const check = entry.queryChecks.get(name);
      if (!check) {
        if (!options.allowUnknownQueryParameters) {
          const known = [...entry.queryChecks.keys()];
          errors.push(`query parameter ${name} is not in the description of ${entry.operation.operationId}${known.length ? ` (it takes ${known.join(', ')})` : ''}`);
        }
        continue;
      }
      const holder = { value: values.length === 1 ? values[0] : values } as { value: unknown };
      if (!check(holder)) {
        errors.push(...formatErrors('', check.errors).map((e) => `query parameter ${name}${e.replace(/^\/value/, '')}`));
        continue;
      }
      const limit = QUERY_LIMITS[name];
      if (limit && typeof holder.value === 'number') {
        if (holder.value < limit.minimum || (limit.maximum !== undefined && holder.value > limit.maximum)) {
          errors.push(`query parameter ${name} must be between ${limit.minimum} and ${limit.maximum ?? 'any'} (GitHub documents "${name}" as max ${limit.maximum ?? 'unbounded'}); got ${holder.value}`);
        }
      }
      coerced[name] = holder.value;
    }

    const hasBody = request.body !== undefined && request.body !== null && !(typeof request.body === 'string' && request.body === '');
    if (entry.body) {
      if (!hasBody) {
        if (entry.bodyRequired) errors.push(`a JSON request body is required for ${entry.operation.operationId}`);
      } else if (!entry.body()(request.body)) {
        errors.push(...formatErrors('body', entry.body().errors));
      } else if (entry.bodyProperties && !options.allowUnknownBodyProperties && typeof request.body === 'object' && !Array.isArray(request.body)) {
        for (const key of Object.keys(request.body as object)) {
          if (!entry.bodyProperties.has(key)) {
            errors.push(`body property ${key} is not in the description of ${entry.operation.operationId} (it takes ${[...entry.bodyProperties].join(', ')})`);
          }
        }
      }
    } else if (hasBody && method !== 'get' && method !== 'delete') {
      errors.push(`${entry.operation.operationId} takes no request body`);
    }

    if (errors.length > 0) return { ok: false, errors };
    return { ok: true, operationId: entry.operation.operationId, template: entry.template, params, query: coerced };
  };

  const validator = validate as RequestValidator;
  validator.validateResponse = (operationId: string, status: number, body: unknown): string[] => {
    const check = byOperationId.get(operationId)?.responses.get(String(status))?.();
    if (!check) return [];
    return check(body) ? [] : formatErrors('response', check.errors);
  };
  Object.defineProperty(validator, 'operationIds', { value: Object.freeze(compiled.map((c) => c.operation.operationId)) });
  return validator;
}

let defaultValidator: RequestValidator | undefined;

function splitUrl(url: string): string {
  const parsed = new URL(url, 'http://api.invalid');
  // GitHub Enterprise Server serves the same API under /api/v3.
  const path = parsed.pathname.replace(/^\/api\/v3(?=\/)/, '');
  return `${path}${parsed.search}`;
}

/**
 * Throws unless GitHub's description accepts the request. For nock scopes:
 * `.post('/repos/o/r/check-runs', (body) => { assertAcceptedByOpenApi('POST', '/repos/o/r/check-runs', body); return true; })`.
 * `url` may be absolute (GitHub Enterprise's /api/v3 prefix is removed) and may carry the query.
 */
export function assertAcceptedByOpenApi(method: string, url: string, body?: unknown): string {
  // GraphQL is outside the REST description: its queries are checked against the part of GitHub's
  // GraphQL schema the simulation knows.
  if (method.toUpperCase() === 'POST' && /\/(api\/)?graphql$/.test(splitUrl(url))) {
    const problems = graphQLProblems(body);
    if (problems.length > 0) throw new Error(`POST ${url} is not a query GitHub's GraphQL schema accepts:\n  - ${problems.join('\n  - ')}`);
    return 'graphql';
  }
  defaultValidator ??= createRequestValidator();
  const result = defaultValidator({ method, path: splitUrl(url), body });
  if (!result.ok) {
    throw new Error(`${method.toUpperCase()} ${url} is not accepted by GitHub's OpenAPI description:\n  - ${result.errors.join('\n  - ')}`);
  }
  return result.operationId;
}

interface OctokitLike {
  hook: { before(name: 'request', hook: (options: Record<string, unknown>) => void): void };
  request: { endpoint: { parse(options: never): { method: string; url: string; body?: unknown } } };
}

/**
 * An Octokit plugin that checks every request against the description before it is sent:
 * `ProbotOctokit.plugin(openApiCheckPlugin)` in unit tests, so nock never answers a request GitHub would refuse.
 */
export function openApiCheckPlugin(octokit: OctokitLike): Record<string, never> {
  octokit.hook.before('request', (options) => {
    const request = octokit.request.endpoint.parse(options as never);
    assertAcceptedByOpenApi(request.method, request.url, request.body);
  });
  return {};
}
