// Passing deliveries on between replicas (app/peers.ts), against small servers on loopback: who owns a
// repository, what is passed on and what never is, and what happens when the owner cannot be reached.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { ANNOUNCE_PATH, ANNOUNCE_SIGNATURE, HOP_HEADER, createForwarder, ownerOf, readPeers, validSignature, type Forwarder, type Peers } from '../../app/peers.js';
import { createMetrics } from '../../app/metrics.js';
import { signature256 } from '../../sim/webhooks.js';

const SECRET = 'peer-secret';
const PATH = '/api/github/webhooks';

interface Received {
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function listen(handler: http.RequestListener): Promise<string> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** An owner that records what it is sent and answers `status`. */
async function owner(status = 200): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  const url = await listen((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(status, { 'content-type': 'text/plain' }).end(`owner says ${status}`);
    });
  });
  return { url, received };
}

interface Front {
  url: string;
  forwarder: Forwarder;
  log: Array<{ level: string; fields: object; message: string }>;
  forgotten: Array<string | undefined>;
  metrics: ReturnType<typeof createMetrics>;
  /** Deliveries this replica kept for itself. */
  local: string[];
}

/** A replica's front door: the forwarder, then "handled here" (200) for what it keeps. */
async function front(peers: Omit<Peers, 'urls'> & { urls: Array<string | (() => string)> }, timeoutMs?: number): Promise<Front> {
  const log: Front['log'] = [];
  const forgotten: Array<string | undefined> = [];
  const local: string[] = [];
  const metrics = createMetrics();
  // The forwarder needs this replica's own address, known once it listens.
  const late: { forwarder?: Forwarder } = {};
  const url = await listen((req, res) => {
    const forwarder = late.forwarder!;
    if (req.url === ANNOUNCE_PATH) return forwarder.receive(req, res);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      void forwarder.forward(req, res, body).then((passed) => {
        if (passed) return;
        local.push(body);
        res.writeHead(200).end('handled here');
      });
    });
  });
  const urls = peers.urls.map((u) => (typeof u === 'string' ? u : u()));
  urls[peers.self] = url;
  const forwarder = (late.forwarder = createForwarder({
    peers: { urls, self: peers.self },
    secret: SECRET,
    webhookPath: PATH,
    metrics,
    log: { warn: (fields, message) => log.push({ level: 'warn', fields, message }), error: (fields, message) => log.push({ level: 'error', fields, message }) },
    forget: (repo) => forgotten.push(repo),
    ...(timeoutMs ? { timeoutMs } : {}),
  }));
  closers.push(async () => forwarder.close());
  return { url, forwarder, log, forgotten, metrics, local };
}

function post(url: string, body: string, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...headers }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function github(body: string, extra: Record<string, string> = {}): Record<string, string> {
  return { 'x-github-event': 'issue_comment', 'x-github-delivery': 'd-1', 'x-hub-signature-256': signature256(body, SECRET), 'user-agent': 'GitHub-Hookshot/1', ...extra };
}

/** A repository id replica `index` of `replicas` owns. */
function ownedBy(index: number, replicas: number): number {
  for (let id = 1; ; id++) if (ownerOf(id, replicas) === index) return id;
}

async function counted(metrics: ReturnType<typeof createMetrics>, name: string): Promise<Record<string, number>> {
  const metric = metrics.registry.getSingleMetric(name);
  const out: Record<string, number> = {};
  for (const v of (await metric!.get()).values) out[Object.values(v.labels).join(' ')] = v.value;
  return out;
}

describe('PEERS and SELF', () => {
  it('are optional together, and name this replica by URL or index', () => {
    expect(readPeers({})).toBeUndefined();
    const peers = 'http://assure-0.assure-peers:3000, http://assure-1.assure-peers:3000/,http://assure-2.assure-peers:3000';
    expect(readPeers({ PEERS: peers, SELF: 'http://assure-1.assure-peers:3000' })).toEqual({
      urls: ['http://assure-0.assure-peers:3000', 'http://assure-1.assure-peers:3000', 'http://assure-2.assure-peers:3000'],
      self: 1,
    });
    expect(readPeers({ PEERS: peers, SELF: '2' })?.self).toBe(2);
  });

  it('refuse a list without this replica, a replica twice, and what is not an http URL', () => {
    expect(() => readPeers({ SELF: '0' })).toThrow(/PEERS is not/);
    expect(() => readPeers({ PEERS: 'http://a:1' })).toThrow(/SELF is not/);
    expect(() => readPeers({ PEERS: 'http://a:1,http://b:1', SELF: 'http://c:1' })).toThrow(/not one of the 2 replicas/);
    expect(() => readPeers({ PEERS: 'http://a:1,http://b:1', SELF: '2' })).toThrow(/not one of/);
    expect(() => readPeers({ PEERS: 'http://a:1,http://a:1/', SELF: '0' })).toThrow(/twice/);
    expect(() => readPeers({ PEERS: 'a:1,ftp://b', SELF: '0' })).toThrow(/not an http or https URL|not a URL/);
  });
});

describe('ownership', () => {
  it('gives every repository one owner, the same every time, spread over the replicas', () => {
    const counts = [0, 0, 0];
    for (let id = 1; id <= 3000; id++) {
      const index = ownerOf(id, 3);
      expect(ownerOf(String(id), 3)).toBe(index);
      counts[index]! += 1;
    }
    for (const n of counts) expect(n).toBeGreaterThan(800);
    expect(ownerOf(123456, 1)).toBe(0);
  });

  it('checks GitHub signatures in constant time', () => {
    expect(validSignature(SECRET, 'x', signature256('x', SECRET))).toBe(true);
    expect(validSignature(SECRET, 'y', signature256('x', SECRET))).toBe(false);
    expect(validSignature(SECRET, 'x', undefined)).toBe(false);
    expect(validSignature(SECRET, 'x', 'sha256=00')).toBe(false);
  });
});

describe('a replica that does not own the repository', () => {
  it('passes the delivery on with GitHub headers and signature, marked, and answers with the owner answer', async () => {
    const o = await owner(202);
    const f = await front({ urls: [() => '', o.url], self: 0 });
    const body = JSON.stringify({ action: 'created', repository: { id: ownedBy(1, 2) } });
    const answer = await post(`${f.url}${PATH}`, body, github(body, { 'x-github-hook-id': '7', authorization: 'Bearer nope' }));
    expect(answer).toEqual({ status: 202, text: 'owner says 202' });
    expect(f.local).toEqual([]);
    expect(o.received).toHaveLength(1);
    const [got] = o.received;
    expect(got!.url).toBe(PATH);
    expect(got!.body).toBe(body);
    expect(got!.headers).toMatchObject({ 'x-github-event': 'issue_comment', 'x-github-delivery': 'd-1', 'x-github-hook-id': '7', 'x-hub-signature-256': signature256(body, SECRET), [HOP_HEADER]: '0' });
    expect(got!.headers.authorization).toBeUndefined();
    expect(await counted(f.metrics, 'assure_webhook_forwarded_total')).toEqual({ 'issue_comment delivered': 1 });
  });

  it('keeps what it owns, what has no repository, what a peer passed on, and what is not signed', async () => {
    const o = await owner();
    const f = await front({ urls: [() => '', o.url], self: 0 });
    const mine = JSON.stringify({ repository: { id: ownedBy(0, 2) } });
    const installation = JSON.stringify({ action: 'created', installation: { id: 1 } });
    const theirs = JSON.stringify({ repository: { id: ownedBy(1, 2) } });
    expect((await post(`${f.url}${PATH}`, mine, github(mine))).status).toBe(200);
    expect((await post(`${f.url}${PATH}`, installation, github(installation))).status).toBe(200);
    expect((await post(`${f.url}${PATH}`, theirs, github(theirs, { [HOP_HEADER]: '1' }))).status).toBe(200);
    expect((await post(`${f.url}${PATH}`, theirs, github(theirs, { 'x-hub-signature-256': signature256(theirs, 'wrong') }))).status).toBe(200);
    expect((await post(`${f.url}${PATH}`, theirs, { 'x-github-event': 'issue_comment' })).status).toBe(200);
    expect(f.local).toEqual([mine, installation, theirs, theirs, theirs]);
    expect(o.received).toEqual([]);
  });

  it('answers 503 and logs it when the owner cannot be reached, and never handles the delivery itself', async () => {
    // A port nothing listens on: take one, then close it.
    const gone = await listen(() => undefined);
    await closers.pop()!();
    const f = await front({ urls: [() => '', gone], self: 0 });
    const body = JSON.stringify({ repository: { id: ownedBy(1, 2) } });
    const answer = await post(`${f.url}${PATH}`, body, github(body));
    expect(answer.status).toBe(503);
    expect(answer.text).toMatch(/redeliver/);
    expect(f.local).toEqual([]);
    expect(f.log).toEqual([expect.objectContaining({ level: 'error', fields: expect.objectContaining({ delivery: 'd-1', event: 'issue_comment', owner: 1, peer: gone }) })]);
    expect(await counted(f.metrics, 'assure_webhook_forwarded_total')).toEqual({ 'issue_comment failed': 1 });
    expect(await counted(f.metrics, 'assure_errors_total')).toEqual({ forward: 1 });
  });

  it('answers 503 when the owner takes longer than GitHub waits', async () => {
    const slow = await listen(() => undefined);
    const f = await front({ urls: [() => '', slow], self: 0 }, 200);
    const body = JSON.stringify({ repository: { id: ownedBy(1, 2) } });
    expect((await post(`${f.url}${PATH}`, body, github(body))).status).toBe(503);
    expect(f.log[0]?.fields).toMatchObject({ err: 'no answer within 200 ms' });
  });
});

describe('announcements between replicas', () => {
  it('tell every other replica which exceptions repository changed; an unsigned one is refused', async () => {
    const a = await front({ urls: [() => '', () => '', () => ''], self: 0 });
    const b = await front({ urls: [a.url, () => '', () => ''], self: 1 });
    const c = await front({ urls: [a.url, b.url, () => ''], self: 2 });
    // a and b learn the full list now that every replica listens.
    const all = [a.url, b.url, c.url];
    const teller = createForwarder({ peers: { urls: all, self: 2 }, secret: SECRET, webhookPath: PATH, metrics: c.metrics, log: { warn: () => undefined, error: () => undefined }, forget: () => undefined });
    closers.push(async () => teller.close());
    await teller.announce('acme/Architecture');
    await teller.announce(undefined);
    expect(a.forgotten).toEqual(['acme/Architecture', undefined]);
    expect(b.forgotten).toEqual(['acme/Architecture', undefined]);
    expect(c.forgotten).toEqual([]);
    expect(await counted(c.metrics, 'assure_peer_announcements_total')).toEqual({ sent: 4 });

    const body = JSON.stringify({ repository: 'acme/architecture' });
    expect((await post(`${a.url}${ANNOUNCE_PATH}`, body, {})).status).toBe(401);
    const forged = `sha256=${createHmac('sha256', 'wrong').update(body).digest('hex')}`;
    expect((await post(`${a.url}${ANNOUNCE_PATH}`, body, { [ANNOUNCE_SIGNATURE]: forged })).status).toBe(401);
    expect(a.forgotten).toHaveLength(2);
    expect(await counted(a.metrics, 'assure_peer_announcements_total')).toEqual({ received: 2, refused: 2 });
  });

  it('log a peer that cannot be told, and carry on', async () => {
    const gone = await listen(() => undefined);
    await closers.pop()!();
    const a = await front({ urls: [() => '', gone], self: 0 });
    await a.forwarder.announce('acme/architecture');
    expect(a.log).toEqual([expect.objectContaining({ level: 'warn', fields: expect.objectContaining({ peer: gone, repository: 'acme/architecture' }) })]);
  });
});
