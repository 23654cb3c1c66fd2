// The Action's and the CLI's GitHub client against loopback servers: a request that gets no answer fails
// once, as GitHubUnreachable, instead of waiting out the retry plugin's back-off; an answer of 5xx is
// still retried.
import { createServer, type Server } from 'node:http';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createClient, GitHubUnreachable } from '../../github/client.js';

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost):\d+$/);
});
afterAll(() => nock.enableNetConnect());

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

async function listen(s: Server): Promise<string> {
  server = s;
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(s.address() as { port: number }).port}`;
}

describe('the GitHub client', () => {
  it('gives up on a request that gets no answer, once, and says so', async () => {
    let requests = 0;
    const silent = createServer(() => void requests++);
    const url = await listen(silent);
    const gh = createClient({ token: 't', baseUrl: url, timeoutMs: 300, retryBaseMs: 10 });
    const failure = await gh.rest.users.getAuthenticated().catch((error: unknown) => error);
    silent.closeAllConnections();
    expect(failure).toBeInstanceOf(GitHubUnreachable);
    expect((failure as Error).message).toBe(`cannot reach the GitHub API at ${url}: no answer within 0.3 s`);
    expect(requests).toBe(1);
  });

  it('follows a redirect to another host without the token', async () => {
    const seen: Array<string | undefined> = [];
    const elsewhere = createServer((req, res) => {
      seen.push(req.headers.authorization);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"login":"elsewhere"}');
    });
    await new Promise<void>((resolve) => elsewhere.listen(0, 'localhost', resolve));
    const port = (elsewhere.address() as { port: number }).port;
    const api = createServer((req, res) => {
      seen.push(req.headers.authorization);
      res.writeHead(302, { location: `http://localhost:${port}/user` }).end();
    });
    try {
      const gh = createClient({ token: 'secret-token', baseUrl: await listen(api), retries: false });
      expect((await gh.rest.users.getAuthenticated()).data.login).toBe('elsewhere');
      expect(seen).toEqual(['token secret-token', undefined]);
    } finally {
      await new Promise<void>((resolve) => elsewhere.close(() => resolve()));
    }
  });

  it('still retries an answer of 5xx', async () => {
    let requests = 0;
    const flaky = createServer((_req, res) => {
      requests++;
      if (requests === 1) {
        res.writeHead(502, { 'content-type': 'application/json' }).end('{"message":"Bad Gateway"}');
      } else {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"login":"octocat"}');
      }
    });
    const gh = createClient({ token: 't', baseUrl: await listen(flaky), retryBaseMs: 10 });
    expect((await gh.rest.users.getAuthenticated()).data.login).toBe('octocat');
    expect(requests).toBe(2);
  });
});
