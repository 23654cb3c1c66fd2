import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import nock from 'nock';
import { ProbotOctokit } from 'probot';
import {
  assertAcceptedByOpenApi,
  createRequestValidator,
  loadOpenApiSubset,
  openApiCheckPlugin,
  type OpenApiSubset,
  type ValidationResult,
} from '../../sim/openapi-check.js';

interface ExtractModule {
  OPERATIONS: Array<[string, string]>;
  extract(spec: unknown, operations?: Array<[string, string]>): OpenApiSubset;
}
const extractScript = '../../scripts/extract-openapi.mjs';
const { OPERATIONS, extract } = (await import(extractScript)) as ExtractModule;

const validate = createRequestValidator();

function errors(result: ValidationResult): string[] {
  return result.ok ? [] : result.errors;
}

describe('the committed OpenAPI subset', () => {
  const subset = loadOpenApiSubset();

  it('holds exactly the operations the extract script lists, and is small', () => {
    const present = Object.entries(subset.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m} ${path}`));
    expect(present.sort()).toEqual(OPERATIONS.map(([m, p]) => `${m} ${p}`).sort());
    expect(readFileSync('sim/openapi-subset.json').length).toBeLessThan(1024 * 1024);
  });

  it('resolves every $ref inside itself', () => {
    const text = JSON.stringify(subset);
    const refs = new Set([...text.matchAll(/"\$ref":"#\/components\/([^/"]+)\/([^"]+)"/g)].map((m) => `${m[1]}/${m[2]}`));
    expect(refs.size).toBeGreaterThan(20);
    for (const ref of refs) {
      const [section = '', name = ''] = ref.split('/');
      expect(subset.components?.[section]?.[name], ref).toBeDefined();
    }
  });
});

describe('extract-openapi.mjs', () => {
  const spec = {
    openapi: '3.0.3',
    info: { version: '1.2.3' },
    paths: {
      '/things/{id}': {
        get: {
          operationId: 'things/get',
          description: 'long prose',
          parameters: [{ $ref: '#/components/parameters/id' }],
          responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/thing' } } } }, '404': { $ref: '#/components/responses/nf' } },
        },
        delete: { operationId: 'things/delete', responses: {} },
      },
    },
    components: {
      parameters: { id: { name: 'id', in: 'path', required: true, schema: { type: 'integer' }, description: 'The id' } },
      schemas: {
        thing: { type: 'object', description: 'A thing', properties: { owner: { $ref: '#/components/schemas/user' }, description: { type: 'string' } }, example: { owner: {} } },
        user: { type: 'object', properties: { login: { type: 'string' } } },
        unused: { type: 'string' },
      },
      responses: { nf: { description: 'Not found' } },
    },
  };

  it('keeps the listed operations and what they reference, transitively, without prose', () => {
    const subset = extract(spec, [['get', '/things/{id}']]);
    expect(Object.keys(subset.paths['/things/{id}'] ?? {})).toEqual(['get']);
    expect(Object.keys(subset.components?.schemas ?? {})).toEqual(['thing', 'user']);
    expect(Object.keys(subset.components?.parameters ?? {})).toEqual(['id']);
    const thing = subset.components?.schemas?.thing as Record<string, unknown>;
    expect(thing.description).toBeUndefined();
    expect(thing.example).toBeUndefined();
    // A property that happens to be called "description" is data, not prose.
    expect((thing.properties as Record<string, unknown>).description).toEqual({ type: 'string' });
    expect(JSON.stringify(extract(spec, [['get', '/things/{id}']]))).toBe(JSON.stringify(subset));
  });

  it('fails loudly when an operation is missing from the description', () => {
    expect(() => extract(spec, [['post', '/things/{id}']])).toThrow(/POST \/things\/\{id\}/);
  });
});

describe('createRequestValidator', () => {
  it('accepts a well-formed check-run update and names the operation', () => {
    const result = validate({
      method: 'PATCH',
      path: '/repos/o/r/check-runs/7',
      body: { conclusion: 'failure', output: { title: 'assure', summary: 'Two failures', annotations: [{ path: 'design.yml', start_line: 3, end_line: 3, annotation_level: 'failure', message: 'm' }] } },
    });
    expect(result).toMatchObject({ ok: true, operationId: 'checks/update', params: { owner: 'o', repo: 'r', check_run_id: '7' } });
  });

  it('rejects enum values GitHub does not know, naming the field and the allowed values', () => {
    const result = errors(validate({ method: 'PATCH', path: '/repos/o/r/check-runs/7', body: { conclusion: 'green' } }));
    expect(result.join('\n')).toMatch(/body\/conclusion must be equal to one of the allowed values: .*"success"/);
    const annotation = errors(
      validate({ method: 'POST', path: '/repos/o/r/check-runs', body: { name: 'a', head_sha: 'abc', output: { title: 't', summary: 's', annotations: [{ path: 'x', start_line: 1, end_line: 1, annotation_level: 'error', message: 'm' }] } } }),
    );
    expect(annotation.join('\n')).toMatch(/annotations\/0\/annotation_level/);
  });

  it('rejects more than 50 annotations in one request', () => {
    const annotations = Array.from({ length: 51 }, (_, i) => ({ path: 'x', start_line: i + 1, end_line: i + 1, annotation_level: 'notice', message: 'm' }));
    expect(errors(validate({ method: 'PATCH', path: '/repos/o/r/check-runs/7', body: { output: { title: 't', summary: 's', annotations } } })).join()).toMatch(/annotations must NOT have more than 50 items/);
  });

  it('checks query parameters: per_page at most 100, state enum, integer page, unknown names', () => {
    expect(validate({ method: 'GET', path: '/repos/o/r/issues?per_page=100&page=2&state=all&labels=a,b' })).toMatchObject({ ok: true, query: { per_page: 100, page: 2 } });
    expect(errors(validate({ method: 'GET', path: '/repos/o/r/issues?per_page=101' })).join()).toMatch(/per_page must be between 1 and 100/);
    expect(errors(validate({ method: 'GET', path: '/repos/o/r/issues', query: { state: 'opened' } })).join()).toMatch(/query parameter state must be equal to one of the allowed values/);
    expect(errors(validate({ method: 'GET', path: '/repos/o/r/issues?page=two' })).join()).toMatch(/query parameter page must be integer/);
    // GitHub silently ignores a misspelt filter and returns every issue; the check does not.
    expect(errors(validate({ method: 'GET', path: '/repos/o/r/issues?label=assure' })).join()).toMatch(/query parameter label is not in the description of issues\/list-for-repo/);
  });

  it('checks path parameters and required bodies', () => {
    expect(errors(validate({ method: 'GET', path: '/repos/o/r/issues/abc' }))).toEqual(['path parameter issue_number must be integer']);
    expect(errors(validate({ method: 'POST', path: '/repos/o/r/issues', body: { body: 'no title' } })).join()).toMatch(/must have required property 'title'/);
    expect(errors(validate({ method: 'POST', path: '/repos/o/r/issues/1/comments' })).join()).toMatch(/request body is required/);
    expect(errors(validate({ method: 'POST', path: '/repos/o/r/issues', body: { title: 't', label: ['x'] } })).join()).toMatch(/body property label is not in the description/);
  });

  it('refuses routes and methods outside the subset', () => {
    expect(errors(validate({ method: 'PUT', path: '/repos/o/r/issues/1/lock' }))).toEqual(['PUT /repos/o/r/issues/1/lock matches no path in the OpenAPI subset']);
    expect(errors(validate({ method: 'DELETE', path: '/repos/o/r/issues/1' })).join()).toMatch(/not an operation in the OpenAPI subset \(it has GET .*PATCH/);
  });

  it('matches multi-segment parameters, encoded or not, and prefers the more specific path', () => {
    expect(validate({ method: 'GET', path: '/repos/o/r/contents/.github%2Fassure.yml' })).toMatchObject({ ok: true, params: { path: '.github/assure.yml' } });
    expect(validate({ method: 'GET', path: '/repos/o/r/contents/standards/a/b.yml' })).toMatchObject({ ok: true, params: { path: 'standards/a/b.yml' } });
    expect(validate({ method: 'GET', path: '/repos/o/r/commits/feature/x/check-runs' })).toMatchObject({ ok: true, operationId: 'checks/list-for-ref', params: { ref: 'feature/x' } });
    expect(validate({ method: 'GET', path: '/repos/o/r/commits/feature/x' })).toMatchObject({ ok: true, operationId: 'repos/get-commit', params: { ref: 'feature/x' } });
    expect(validate({ method: 'DELETE', path: '/repos/o/r/issues/3/labels/assure%3A%20approved' })).toMatchObject({ ok: true, params: { name: 'assure: approved' } });
  });

  it('reads OpenAPI 3.0 nullable fields as nullable when checking responses', () => {
    const issue = {
      id: 1, node_id: 'I', url: 'https://api.github.com/repos/o/r/issues/1', repository_url: 'https://api.github.com/repos/o/r', labels_url: 'https://api.github.com/repos/o/r/issues/1/labels{/name}', comments_url: 'https://api.github.com/repos/o/r/issues/1/comments', events_url: 'https://api.github.com/repos/o/r/issues/1/events',
      html_url: 'https://github.com/o/r/issues/1', number: 1, state: 'open', title: 't', body: null, user: null, labels: [], assignee: null, milestone: null, locked: false,
      comments: 0, closed_at: null, created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z',
    };
    expect(validate.validateResponse('issues/get', 200, issue)).toEqual([]);
    expect(validate.validateResponse('issues/get', 200, { ...issue, number: '1' })).toEqual(['response/number must be integer']);
    expect(validate.validateResponse('issues/get', 200, { ...issue, title: null }).join()).toMatch(/response\/title must be string/);
  });
});

describe('assertAcceptedByOpenApi', () => {
  it('returns the operation for an accepted request, including absolute and GitHub Enterprise URLs', () => {
    expect(assertAcceptedByOpenApi('POST', 'https://api.github.com/repos/o/r/issues/4/labels', { labels: ['assure: approved'] })).toBe('issues/add-labels');
    expect(assertAcceptedByOpenApi('GET', 'https://ghe.example/api/v3/repos/o/r/issues?state=all&per_page=100')).toBe('issues/list-for-repo');
  });

  it('throws with every reason', () => {
    expect(() => assertAcceptedByOpenApi('POST', '/repos/o/r/check-runs', { name: 'assure', head_sha: 'abc', status: 'done', conclusion: 'green' })).toThrow(
      /POST \/repos\/o\/r\/check-runs is not accepted by GitHub's OpenAPI description:\n {2}- body\/status .*\n {2}- body\/conclusion/,
    );
  });
});

describe('openApiCheckPlugin in a nock-based unit test', () => {
  beforeAll(() => nock.disableNetConnect());
  afterAll(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  const Octokit = ProbotOctokit.plugin(openApiCheckPlugin);
  const octokit = new Octokit({ auth: { token: 'ghs_test' }, retry: { enabled: false }, throttle: { enabled: false } });

  it('lets an accepted request through to nock', async () => {
    const scope = nock('https://api.github.com').post('/repos/o/r/issues/4/comments', { body: 'Thanks' }).reply(201, { id: 9 });
    const response = await octokit.rest.issues.createComment({ owner: 'o', repo: 'r', issue_number: 4, body: 'Thanks' });
    expect(response.data).toEqual({ id: 9 });
    expect(scope.isDone()).toBe(true);
  });

  it('stops a request GitHub would refuse before it is sent', async () => {
    const scope = nock('https://api.github.com').patch('/repos/o/r/check-runs/5').reply(200, {});
    await expect(octokit.rest.checks.update({ owner: 'o', repo: 'r', check_run_id: 5, conclusion: 'green' as 'success' })).rejects.toThrow(/body\/conclusion must be equal to one of the allowed values/);
    expect(scope.isDone()).toBe(false);
  });
});
