import { test } from 'vitest';
import { createRequestValidator } from '../../sim/openapi-check.js';
test('x', () => {
  const t = Date.now();
  const v = createRequestValidator();
  console.log('compile ms', Date.now() - t);
  console.log(v({ method: 'PATCH', path: '/repos/o/r/check-runs/12', body: { conclusion: 'green', output: { title: 'x', summary: 's', annotations: [{ path: 'a', start_line: 1, end_line: 1, annotation_level: 'bad', message: 'm' }] } } }));
  console.log(v({ method: 'GET', path: '/repos/o/r/issues?labels=a,b&per_page=500&page=x&foo=1&state=opened' }));
  console.log(v({ method: 'GET', path: '/repos/o/r/contents/.github%2Fassure.yml', query: { ref: 'main' } }));
  console.log(v({ method: 'GET', path: '/repos/o/r/contents/a/b/c.yml' }));
  console.log(v({ method: 'GET', path: '/repos/o/r/commits/feature/x/check-runs' }));
  console.log(v({ method: 'GET', path: '/repos/o/r/issues/abc' }));
  console.log(v({ method: 'PUT', path: '/repos/o/r/issues/1/lock' }));
  console.log(v({ method: 'DELETE', path: '/repos/o/r/issues/1' }));
  console.log(v({ method: 'POST', path: '/repos/o/r/issues', body: { title: 't', labels: ['a'], bogus: 1 } }));
  console.log(v({ method: 'POST', path: '/repos/o/r/issues/3/labels', body: { labels: ['a'] } }));
  console.log(v.validateResponse('issues/get', 200, { id: 1 }).slice(0, 5));
});
