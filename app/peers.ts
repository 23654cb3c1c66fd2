// Replicas. Each repository belongs to one replica, chosen by a stable hash of its id among the replicas
// listed in PEERS; a delivery about it is handled there and only there. So what one process guarantees
// (work for one pull request or issue runs one delivery at a time, github/serialise.ts; a concurrent
// duplicate finds the first one's work) holds however many replicas there are. A replica that receives
// a delivery for a repository it does not own checks the signature, then passes the raw body and
// GitHub's headers on to the owner and answers with the owner's answer. The owner checks the signature
// again; the hop marker makes it handle the delivery itself, so nothing is passed on twice. An owner
// that cannot be reached is answered 503: the delivery is marked failed and can be redelivered, rather
// than handled here alongside the owner.
//
// Replicas also tell each other when they change exception issues, so a peer forgets its cached list of
// them at once rather than after its minute (github/exceptions/store.ts): an approval recorded by the
// replica owning the exceptions repository takes effect on the next push to a design another replica owns.
import http from 'node:http';
import https from 'node:https';
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { AppMetrics } from './metrics.js';

/** Set on a delivery passed on by a peer (to its index): the receiver handles it, never passes it on. */
export const HOP_HEADER = 'x-assure-forwarded-by';
/** Where peers announce a change to exception issues. */
export const ANNOUNCE_PATH = '/api/assure/peers/exemptions';
/** The announcement's HMAC-SHA256 with the webhook secret, as `sha256=<hex>`. */
export const ANNOUNCE_SIGNATURE = 'x-assure-signature-256';
/** GitHub waits 10 s for an answer and the owner answers 202 after 9 s: a forward waits a little more than that. */
export const FORWARD_TIMEOUT_MS = 9_500;
const ANNOUNCE_TIMEOUT_MS = 2_000;
const MAX_ANNOUNCEMENT_BYTES = 4096;

/** The headers GitHub sends that the owner needs: the event, delivery id, signatures and hook details. */
const PASSED_ON = /^(x-github-|x-hub-signature|content-type$|user-agent$)/;

export interface Peers {
  /** Every replica's base URL, in the same order on every replica. */
  urls: string[];
  /** This replica's place in `urls`. */
  self: number;
}

export class PeersError extends Error {
  override name = 'PeersError';
}

function baseUrl(text: string, what: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new PeersError(`${what}: "${text}" is not a URL (write each replica as http://host:port)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new PeersError(`${what}: "${text}" is not an http or https URL`);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/**
 * PEERS (every replica's base URL, comma-separated, the same list in the same order everywhere) and SELF
 * (this replica's URL in it, or its index from 0). No PEERS: undefined, a single replica.
 */
export function readPeers(env: NodeJS.ProcessEnv): Peers | undefined {
  const listed = (env.PEERS ?? '').split(/[\s,]+/).filter(Boolean);
  if (listed.length === 0) {
    if (env.SELF) throw new PeersError('SELF is set but PEERS is not: list every replica in PEERS');
    return undefined;
  }
  const urls = listed.map((entry) => baseUrl(entry, 'PEERS'));
  const twice = urls.find((url, i) => urls.indexOf(url) !== i);
  if (twice) throw new PeersError(`PEERS names ${twice} twice`);
  const self = env.SELF?.trim();
  if (!self) throw new PeersError("PEERS is set but SELF is not: set it to this replica's URL in PEERS (or its index from 0)");
  const index = /^\d+$/.test(self) ? Number(self) : urls.indexOf(baseUrl(self, 'SELF'));
  if (index < 0 || index >= urls.length) throw new PeersError(`SELF "${self}" is not one of the ${urls.length} replicas in PEERS`);
  return { urls, self: index };
}

/** The replica (0 to replicas - 1) that owns a repository: the same answer on every replica, every time. */
export function ownerOf(repositoryId: number | string, replicas: number): number {
  return createHash('sha256').update(String(repositoryId)).digest().readUInt32BE(0) % replicas;
}

/** GitHub's X-Hub-Signature-256 (or an announcement's) checked against the body, in constant time. */
export function validSignature(secret: string, body: string, header: string | undefined): boolean {
  if (!header?.startsWith('sha256=')) return false;
  const expected = Buffer.from(createHmac('sha256', secret).update(body).digest('hex'));
  const given = Buffer.from(header.slice('sha256='.length));
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function repositoryIdOf(body: string): number | string | undefined {
  try {
    const id = (JSON.parse(body) as { repository?: { id?: unknown } } | null)?.repository?.id;
    return typeof id === 'number' || (typeof id === 'string' && id !== '') ? id : undefined;
  } catch {
    return undefined;
  }
}

function headerOf(req: http.IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export interface PeerLog {
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export interface PeerOptions {
  peers: Peers;
  /** The webhook secret: forwarded deliveries keep GitHub's signature; announcements are signed with it. */
  secret: string;
  /** The owner's webhook path, e.g. /api/github/webhooks. */
  webhookPath: string;
  metrics: AppMetrics;
  log: PeerLog;
  /** A peer announced a change to an exceptions repository's issues (undefined: all of them). */
  forget(repo: string | undefined): void;
  timeoutMs?: number;
}

export interface Forwarder {
  readonly peers: Peers;
  /**
   * For a delivery whose body is read: true when it was answered by passing it on to its owner (or with
   * 503 when the owner could not be reached); false when this replica handles it. A bad signature, a
   * forwarded delivery, a delivery without a repository and one this replica owns are handled here.
   */
  forward(req: http.IncomingMessage, res: http.ServerResponse, body: string): Promise<boolean>;
  /** Serves POST ANNOUNCE_PATH: a peer changed exception issues. */
  receive(req: http.IncomingMessage, res: http.ServerResponse): void;
  /** Tells every peer that this replica changed an exceptions repository's issues. */
  announce(repo: string | undefined): Promise<void>;
  close(): void;
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export function createForwarder(options: PeerOptions): Forwarder {
  const { peers, secret, metrics, log } = options;
  const timeoutMs = options.timeoutMs ?? FORWARD_TIMEOUT_MS;
  // A connection per request: a kept-alive one the peer closes as it is reused would fail a delivery for nothing.
  const agents = { http: new http.Agent({ keepAlive: false }), https: new https.Agent({ keepAlive: false }) };

  const post = (target: string, headers: http.OutgoingHttpHeaders, body: string, ms: number): Promise<Answer> =>
    new Promise((resolve, reject) => {
      const url = new URL(target);
      const secure = url.protocol === 'https:';
      const request = (secure ? https : http).request(url, { method: 'POST', headers: { ...headers, 'content-length': Buffer.byteLength(body) }, agent: secure ? agents.https : agents.http, timeout: ms }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 502, headers: response.headers, body: Buffer.concat(chunks) }));
        response.on('error', reject);
      });
      request.on('timeout', () => request.destroy(new Error(`no answer within ${ms} ms`)));
      request.on('error', reject);
      request.end(body);
    });

  return {
    peers,
    async forward(req, res, body) {
      if (req.headers[HOP_HEADER] !== undefined) return false;
      // Never pass on what GitHub did not sign: the webhook middleware refuses it here.
      if (!validSignature(secret, body, headerOf(req, 'x-hub-signature-256'))) return false;
      const id = repositoryIdOf(body);
      if (id === undefined) return false;
      const owner = ownerOf(id, peers.urls.length);
      if (owner === peers.self) return false;
      const started = process.hrtime.bigint();
      const event = headerOf(req, 'x-github-event') ?? 'unknown';
      const delivery = headerOf(req, 'x-github-delivery') ?? 'unknown';
      const headers: http.OutgoingHttpHeaders = { [HOP_HEADER]: String(peers.self) };
      for (const [name, value] of Object.entries(req.headers)) if (PASSED_ON.test(name) && value !== undefined) headers[name] = value;
      const seconds = (): number => Number(process.hrtime.bigint() - started) / 1e9;
      try {
        const answer = await post(`${peers.urls[owner]}${options.webhookPath}`, headers, body, timeoutMs);
        metrics.forwarded(event, 'delivered', seconds());
        const type = answer.headers['content-type'];
        res.writeHead(answer.status, type ? { 'content-type': type } : {}).end(answer.body);
      } catch (error) {
        metrics.forwarded(event, 'failed', seconds());
        metrics.error('forward');
        log.error(
          { delivery, event, owner, peer: peers.urls[owner], err: (error as Error).message },
          'could not pass the delivery on to the replica that owns its repository; answered 503 so that it can be redelivered',
        );
        if (!res.headersSent) {
          res
            .writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '10' })
            .end('The replica that handles this repository cannot be reached; redeliver this webhook.\n');
        }
      }
      return true;
    },

    receive(req, res) {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_ANNOUNCEMENT_BYTES) chunks.push(chunk);
      });
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        let repo: string | null | undefined;
        if (size <= MAX_ANNOUNCEMENT_BYTES && validSignature(secret, body, headerOf(req, ANNOUNCE_SIGNATURE))) {
          try {
            const parsed = (JSON.parse(body) as { repository?: unknown } | null)?.repository;
            if (parsed === null || typeof parsed === 'string') repo = parsed;
          } catch {
            repo = undefined;
          }
        }
        if (repo === undefined) {
          metrics.announcement('refused');
          log.warn({ from: req.socket.remoteAddress, status: 401 }, 'peer announcement refused (bad signature or malformed)');
          res.writeHead(401, { 'content-type': 'text/plain; charset=utf-8' }).end('bad signature\n');
          return;
        }
        metrics.announcement('received');
        options.forget(repo ?? undefined);
        res.writeHead(204).end();
      });
      req.on('error', () => res.destroy());
    },

    async announce(repo) {
      const body = JSON.stringify({ repository: repo ?? null });
      const headers = { 'content-type': 'application/json', [ANNOUNCE_SIGNATURE]: `sha256=${createHmac('sha256', secret).update(body).digest('hex')}` };
      await Promise.all(
        peers.urls.map(async (url, index) => {
          if (index === peers.self) return;
          try {
            const answer = await post(`${url}${ANNOUNCE_PATH}`, headers, body, ANNOUNCE_TIMEOUT_MS);
            if (answer.status !== 204) throw new Error(`answered ${answer.status}`);
            metrics.announcement('sent');
          } catch (error) {
            metrics.announcement('failed');
            log.warn({ peer: url, repository: repo ?? '*', err: (error as Error).message }, 'could not tell a peer that exception issues changed; it uses its cached list for up to a minute');
          }
        }),
      );
    },

    close() {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}
