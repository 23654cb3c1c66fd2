// Runs the App as a plain, stateless Node server: webhooks in at /api/github/webhooks, a health check at
// /healthz, Prometheus metrics at /metrics. Everything it needs comes from the environment. With PEERS
// set, each replica handles the repositories it owns and passes other deliveries on to their owner
// (app/peers.ts), so any number of replicas can sit behind a load balancer.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { createNodeMiddleware, createProbot, type Probot, type ProbotOctokit } from 'probot';
import type { Clock } from '../src/time/clock.js';
import { createApp } from './index.js';
import { AppOctokit } from './octokit.js';
import { KeyError, recordKeysFromEnv, type RecordKeys } from '../github/signing.js';
import { systemClock } from '../src/time/clock.js';
import { parseRepositories, startSweepTimer } from './sweep-timer.js';
import { createMetrics, serveMetrics, type AppMetrics } from './metrics.js';
import { ANNOUNCE_PATH, createForwarder, PeersError, readPeers, type Forwarder, type Peers } from './peers.js';
import { exemptionCache } from '../github/exceptions/store.js';

export interface ServerOptions {
  env?: NodeJS.ProcessEnv;
  clock?: Clock;
  /** Replaces Probot's Octokit (tests turn retries off or add request checks). */
  Octokit?: typeof ProbotOctokit;
}

export interface RunningServer {
  server: http.Server;
  probot: Probot;
  /** http://host:port */
  url: string;
  webhookUrl: string;
  metrics: AppMetrics;
  /** The replicas from PEERS and this one's place among them; undefined when it runs alone. */
  peers: Peers | undefined;
  close(): Promise<void>;
}

export class EnvError extends Error {
  override name = 'EnvError';
}

export const WEBHOOK_PATH = '/api/github/webhooks';
/** GitHub never sends a webhook larger than 25 MB; anything larger is not from GitHub. */
export const MAX_WEBHOOK_BYTES = 25 * 1024 * 1024;
/** How long a refused body's sender may go on sending after the answer, its bytes dropped, before its connection is closed. */
const LINGER_MS = 2_000;

/**
 * The body of a webhook, held only up to GitHub's maximum: a larger one is answered 413 and its
 * connection closed, before (or as soon as) it goes over, whatever its Content-Length says.
 */
function readWebhookBody(req: http.IncomingMessage, res: http.ServerResponse): Promise<string | undefined> {
  const refuse = (): undefined => {
    // A lingering close: what is still coming is read and dropped (never held), and the connection is
    // closed when the body ends, or LINGER_MS after the answer. Closed at once, mid-body (as Node does
    // after an answer that says `Connection: close`), the sender is reset while it is still writing
    // and may never read the 413.
    req.removeAllListeners('data');
    req.resume();
    const linger = setTimeout(() => req.socket.destroy(), LINGER_MS);
    linger.unref();
    req.once('end', () => {
      clearTimeout(linger);
      req.socket.end();
    });
    res.writeHead(413, { 'content-type': 'text/plain; charset=utf-8' }).end(`A webhook body is at most ${MAX_WEBHOOK_BYTES} bytes\n`);
    return undefined;
  };
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > MAX_WEBHOOK_BYTES) return Promise.resolve(refuse());
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_WEBHOOK_BYTES) {
        chunks.length = 0;
        req.removeAllListeners('data');
        resolve(refuse());
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(undefined));
  });
}

/** The GitHub API address: GITHUB_API_URL, else GHE_HOST (and GHE_PROTOCOL) as for GitHub Enterprise Server, else github.com. */
export function apiBaseUrl(env: NodeJS.ProcessEnv): string {
  if (env.GITHUB_API_URL) return env.GITHUB_API_URL.replace(/\/+$/, '');
  if (env.GHE_HOST) return `${env.GHE_PROTOCOL || 'https'}://${env.GHE_HOST}/api/v3`;
  return 'https://api.github.com';
}

export function readEnv(env: NodeJS.ProcessEnv): { appId: number; secret: string; port: number; host: string; baseUrl: string; keys: RecordKeys; peers: Peers | undefined } {
  const missing = ['APP_ID', 'WEBHOOK_SECRET'].filter((name) => !env[name]);
  if (!env.PRIVATE_KEY && !env.PRIVATE_KEY_PATH) missing.push('PRIVATE_KEY (or PRIVATE_KEY_PATH)');
  if (!env.ASSURE_SIGNING_KEY) missing.push('ASSURE_SIGNING_KEY');
  if (!env.ASSURE_SIGNING_KEY_ID) missing.push('ASSURE_SIGNING_KEY_ID');
  if (missing.length > 0) throw new EnvError(`Missing environment: ${missing.join(', ')}. See docs/app.md for what each one is.`);
  const appId = Number(env.APP_ID);
  if (!Number.isInteger(appId) || appId <= 0) throw new EnvError(`APP_ID must be the App's numeric id, not "${env.APP_ID}"`);
  const port = env.PORT === undefined || env.PORT === '' ? 3000 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new EnvError(`PORT must be a port number, not "${env.PORT}"`);
  const baseUrl = apiBaseUrl(env);
  try {
    new URL(baseUrl);
  } catch {
    throw new EnvError(`The GitHub API address "${baseUrl}" is not a URL; check GITHUB_API_URL or GHE_HOST`);
  }
  let keys: RecordKeys;
  try {
    keys = recordKeysFromEnv(env, { sign: true });
  } catch (error) {
    if (error instanceof KeyError) throw new EnvError(error.message);
    throw error;
  }
  let peers: Peers | undefined;
  try {
    peers = readPeers(env);
  } catch (error) {
    if (error instanceof PeersError) throw new EnvError(error.message);
    throw error;
  }
  return { appId, secret: env.WEBHOOK_SECRET ?? '', port, host: env.HOST || 'localhost', baseUrl, keys, peers };
}

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const env = options.env ?? process.env;
  const settings = readEnv(env);
  // createProbot reads the key the way Probot always does (PRIVATE_KEY, escaped newlines, base64, PRIVATE_KEY_PATH).
  const metrics = createMetrics();
  const Octokit = (options.Octokit ?? AppOctokit).plugin((octokit) => {
    octokit.hook.after('request', (response, request) => metrics.githubRequest(request.method, response.status, response.headers['x-ratelimit-remaining']));
    octokit.hook.error('request', (error, request) => {
      const failed = error as { status?: number; response?: { headers?: Record<string, string | undefined> } };
      metrics.githubRequest(request.method, failed.status ?? 0, failed.response?.headers?.['x-ratelimit-remaining']);
      metrics.error('github');
      throw error;
    });
  });
  const probot = createProbot({
    env: { ...env, LOG_LEVEL: env.LOG_LEVEL ?? 'info' },
    overrides: { baseUrl: settings.baseUrl, secret: settings.secret, appId: settings.appId, Octokit },
  });
  const middleware = await createNodeMiddleware(createApp({ keys: settings.keys, clock: options.clock }), { probot, webhooksPath: WEBHOOK_PATH });
  const forwarder: Forwarder | undefined = settings.peers
    ? createForwarder({ peers: settings.peers, secret: settings.secret, webhookPath: WEBHOOK_PATH, metrics, log: probot.log, forget: (repo) => exemptionCache.forget(repo) })
    : undefined;
  // This replica's changes to exception issues are announced to its peers, which forget their cached lists.
  const unlisten = forwarder ? exemptionCache.onClear((repo) => void forwarder.announce(repo)) : () => undefined;
  const server = http.createServer((req, res) => {
    if (req.method === 'GET' && (req.url === '/healthz' || req.url === '/')) {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end('ok\n');
      return;
    }
    if (req.method === 'GET' && req.url === '/metrics') {
      void serveMetrics(metrics, res);
      return;
    }
    const notFound = (): void => {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
    };
    if (forwarder && req.method === 'POST' && req.url === ANNOUNCE_PATH) {
      forwarder.receive(req, res);
      return;
    }
    if (req.method !== 'POST' || req.url?.split('?')[0] !== WEBHOOK_PATH) {
      void middleware(req, res, notFound);
      return;
    }
    const observed = observeDelivery(req, res, probot, metrics);
    void readWebhookBody(req, res).then(async (body) => {
      if (body === undefined) return;
      // A delivery for a repository another replica owns is answered with that replica's answer.
      if (forwarder && (await forwarder.forward(req, res, body))) {
        observed.forwarded = true;
        return;
      }
      // The middleware takes a body already read as it is, and verifies its signature as usual.
      (req as http.IncomingMessage & { body?: string }).body = body;
      void middleware(req, res, notFound);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.port, settings.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  let repositories;
  try {
    repositories = parseRepositories(env.ASSURE_SWEEP_REPOSITORIES);
  } catch (error) {
    unlisten();
    forwarder?.close();
    server.close();
    throw new EnvError((error as Error).message);
  }
  // With replicas, the first in PEERS sweeps (one sweep at a time per repository, as with one replica).
  const sweeps = !settings.peers || settings.peers.self === 0;
  const stopSweeps =
    repositories.length > 0 && sweeps
      ? startSweepTimer({
          probot,
          repositories,
          clock: options.clock ?? systemClock,
          keys: settings.keys,
          log: { info: (m) => probot.log.info(m), warn: (m) => probot.log.warn(m), error: (m) => probot.log.error(m) },
        })
      : () => undefined;
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  return {
    server,
    probot,
    url,
    webhookUrl: `${url}${WEBHOOK_PATH}`,
    metrics,
    peers: settings.peers,
    close: () =>
      new Promise<void>((resolve) => {
        stopSweeps();
        unlisten();
        server.close(() => {
          forwarder?.close();
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}

/**
 * Counts and times each delivery when its response is sent, and logs a refused one (a bad signature,
 * a malformed or oversized payload) with what GitHub needs to find it again: the delivery id and event.
 */
function observeDelivery(req: http.IncomingMessage, res: http.ServerResponse, probot: Probot, metrics: AppMetrics): { forwarded: boolean } {
  const started = process.hrtime.bigint();
  const observed = { forwarded: false };
  res.once('finish', () => {
    // A delivery passed on is counted by the forwarder here, and as a delivery by the replica that handled it.
    if (observed.forwarded) return;
    const event = headerOf(req, 'x-github-event') ?? 'unknown';
    const delivery = headerOf(req, 'x-github-delivery') ?? 'unknown';
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const outcome = res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'refused' : 'handled';
    metrics.delivery(event, outcome, seconds);
    if (outcome === 'error') metrics.error('webhook');
    if (outcome === 'refused') {
      const reason = res.statusCode === 413 ? 'larger than GitHub sends' : 'bad signature or malformed payload';
      probot.log.warn({ delivery, event, status: res.statusCode }, `webhook refused (${reason})`);
    }
  });
  return observed;
}

function headerOf(req: http.IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** A line before Probot's logger exists, in the same shape as its lines (JSON under LOG_FORMAT=json). */
function startupError(message: string, env: NodeJS.ProcessEnv = process.env): string {
  if (env.LOG_FORMAT === 'json') return JSON.stringify({ level: 60, time: Date.now(), name: 'assure', msg: message });
  return message;
}

async function main(): Promise<void> {
  let running: RunningServer;
  try {
    running = await startServer();
  } catch (error) {
    console.error(startupError(error instanceof EnvError ? error.message : `assure could not start: ${(error as Error).message}`));
    process.exit(1);
  }
  running.probot.log.info({ url: running.webhookUrl }, `assure is listening for webhooks at ${running.webhookUrl}`);
  if (running.peers) {
    const { urls, self } = running.peers;
    running.probot.log.info({ replica: self, replicas: urls.length }, `replica ${self} of ${urls.length} (${urls[self]}): deliveries for repositories other replicas own are passed on to them${self === 0 && process.env.ASSURE_SWEEP_REPOSITORIES ? '; this replica sweeps' : ''}`);
  }
  const stop = (): void => {
    // Finish the deliveries in hand; the load balancer sends new ones to other replicas.
    void running.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) void main();
