// The local GitHub's HTTP server and the way every request goes through it: logged, checked against
// GitHub's OpenAPI description, authenticated, rate limited, perhaps faulted, authorised, then answered by
// its operation's route (whose answer is checked against the description too).
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Auth, AuthorisedRequest } from './auth.js';
import { SimError, notFound, unsupported } from './errors.js';
import { faultReply, type Fault } from './faults.js';
import type { SimModel, SimRepo } from './model.js';
import type { RequestValidator } from './openapi-check.js';
import type { SimRenderer } from './render.js';
import type { Ctx, Reply, Routes } from './routes/route.js';
import { handleGraphQL } from './graphql.js';

export interface RequestLog {
  seq: number;
  method: string;
  /** The path without the query string and without a GitHub Enterprise /api/v3 prefix. */
  path: string;
  query: Record<string, string>;
  body: unknown;
  status: number;
  operationId?: string;
  /** Why it was refused: the OpenAPI check, or a parameter the simulation does not implement. */
  errors?: string[];
  fault?: 'server-error' | 'secondary-rate-limit' | 'slow';
  /** The simulation's clock when the request arrived. */
  at: string;
  /** Installation id, `app` (JWT), the login of a configured token, or undefined when unauthenticated. */
  actor?: string;
  responseErrors?: string[];
}

export interface ServerOptions {
  model: SimModel;
  validator: RequestValidator;
  /** Check each JSON response against the description (mismatches go to the log entry's responseErrors). */
  checkResponses: boolean;
  authenticate: (headers: http.IncomingHttpHeaders, operationId: string) => Auth;
  authorise: (request: AuthorisedRequest, method: string) => void;
  /** The primary rate limit for a key: headers to send, and whether it is used up. */
  rateLimit: (key: string) => { headers: Record<string, string>; exceeded: boolean };
  chooseFault: (request: { method: string; path: string; operationId: string }) => Fault | undefined;
  routes: Routes;
  /** Who writes what an App JWT creates. */
  botLogin: string;
  /** A renderer writing URLs under this API root. */
  renderAt: (apiUrl: string) => SimRenderer;
  host?: string;
  port?: number;
}

export interface SimServer {
  /** http://<host>:<port> */
  url: string;
  server: http.Server;
  requests: RequestLog[];
  rejected: RequestLog[];
  /** Ends every connection and timer. */
  close(): Promise<void>;
}

const DOCS = 'https://docs.github.com/rest';

function requestId(entry: RequestLog): string {
  return `SIM:${entry.seq.toString(16).toUpperCase().padStart(8, '0')}`;
}

export async function startServer(options: ServerOptions): Promise<SimServer> {
  const { model, validator, checkResponses, authenticate, authorise, rateLimit, chooseFault, routes, botLogin, renderAt } = options;
  const requests: RequestLog[] = [];
  const rejected: RequestLog[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let closed = false;
  let baseUrl = '';

  const send = (res: ServerResponse, entry: RequestLog, reply: Reply, headers: Record<string, string>): void => {
    entry.status = reply.status;
    if (closed || res.destroyed) return;
    const all: Record<string, string> = {
      'x-github-api-version-selected': '2022-11-28',
      'x-github-media-type': 'github.v3; format=json',
      'x-github-request-id': requestId(entry),
      ...headers,
      ...reply.headers,
    };
    if (reply.text !== undefined) {
      res.writeHead(reply.status, { 'content-type': 'text/plain; charset=utf-8', ...all });
      res.end(reply.text);
      return;
    }
    if (reply.body === undefined) {
      res.writeHead(reply.status, all);
      res.end();
      return;
    }
    res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', ...all });
    res.end(JSON.stringify(reply.body));
  };

  const errorReply = (error: SimError): Reply => ({
    status: error.status,
    body: { message: error.message, documentation_url: DOCS, status: String(error.status), ...Object.fromEntries(Object.entries(error.extra).filter(([k]) => k !== 'unsupported')) },
  });

  const delay = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  const handle = async (req: IncomingMessage, res: ServerResponse, raw: string): Promise<void> => {
    const self = new URL(req.url ?? '/', baseUrl);
    const prefix = self.pathname.startsWith('/api/v3/') ? '/api/v3' : '';
    const path = self.pathname.slice(prefix.length);
    const method = (req.method ?? 'GET').toUpperCase();
    const entry: RequestLog = {
      seq: requests.length + 1,
      method,
      path,
      query: Object.fromEntries(self.searchParams),
      body: undefined,
      status: 0,
      at: model.stamp(),
    };
    requests.push(entry);
    const refuse = (status: number, message: string, errors: string[]): void => {
      entry.errors = errors;
      rejected.push(entry);
      send(res, entry, { status, body: { message, errors, documentation_url: DOCS, status: String(status) } }, {});
    };

    let body: unknown;
    if (raw.trim() !== '') {
      try {
        body = JSON.parse(raw);
      } catch {
        refuse(400, 'Problems parsing JSON', [`the request body is not JSON: ${raw.slice(0, 80)}`]);
        return;
      }
    }
    entry.body = body;
    if (method === 'POST' && (path === '/graphql' || self.pathname === '/api/graphql')) {
      entry.operationId = 'graphql';
      try {
        const auth = authenticate(req.headers, 'graphql');
        const canRead = (repo: SimRepo): boolean => {
          try {
            authorise({ operationId: 'repos/get-content', params: { owner: repo.owner, repo: repo.name }, auth, repo }, 'GET');
            return true;
          } catch {
            return false;
          }
        };
        send(res, entry, handleGraphQL(body, { model, canRead }), {});
      } catch (error) {
        if (!(error instanceof SimError)) throw error;
        send(res, entry, errorReply(error), {});
      }
      return;
    }
    const checked = validator({ method, path: `${path}${self.search}`, body });
    if (!checked.ok) {
      refuse(422, `Invalid request.\n\n${checked.errors.join('\n')}`, checked.errors);
      return;
    }
    entry.operationId = checked.operationId;

    let rate: { headers: Record<string, string>; exceeded: boolean } = { headers: {}, exceeded: false };
    try {
      const auth = authenticate(req.headers, checked.operationId);
      entry.actor = auth.kind === 'app' ? 'app' : auth.grant.installationId !== undefined ? String(auth.grant.installationId) : auth.grant.login;
      rate = rateLimit(auth.kind === 'app' ? 'app' : auth.grant.installationId !== undefined ? `installation:${auth.grant.installationId}` : `token:${auth.grant.token}`);
      if (rate.exceeded) {
        const who = auth.kind === 'grant' && auth.grant.installationId !== undefined ? `installation ID ${auth.grant.installationId}` : 'this token';
        throw new SimError(403, `API rate limit exceeded for ${who}.`);
      }

      const fault = chooseFault({ method, path, operationId: checked.operationId });
      if (fault) entry.fault = fault.kind;
      if (fault && fault.kind !== 'slow') {
        send(res, entry, faultReply(fault, requestId(entry)), rate.headers);
        return;
      }
      if (fault?.kind === 'slow') {
        await delay(fault.ms);
        if (closed) return;
      }

      let repo: SimRepo | undefined;
      if (checked.params.owner !== undefined && checked.params.repo !== undefined) {
        repo = model.findRepo(checked.params.owner, checked.params.repo);
        if (!repo) throw notFound();
      }
      const ctx: Ctx = {
        operationId: checked.operationId,
        params: checked.params,
        query: checked.query,
        body,
        headers: req.headers,
        auth,
        actor: auth.kind === 'grant' ? auth.grant.login : botLogin,
        repo: repo as SimRepo,
        self,
        render: renderAt(`${baseUrl}${prefix}`),
      };
      authorise(ctx, method);
      const route = routes[checked.operationId];
      if (!route) throw unsupported(`${checked.operationId}`);
      const reply = route(ctx);
      if (checkResponses && reply.body !== undefined) {
        const problems = validator.validateResponse(checked.operationId, reply.status, reply.body);
        if (problems.length > 0) entry.responseErrors = problems;
      }
      send(res, entry, reply, rate.headers);
    } catch (error) {
      if (error instanceof SimError) {
        if (error.extra.unsupported) {
          entry.errors = [error.message];
          rejected.push(entry);
        }
        send(res, entry, errorReply(error), rate.headers);
        return;
      }
      entry.errors = [error instanceof Error ? (error.stack ?? error.message) : String(error)];
      rejected.push(entry);
      send(res, entry, { status: 500, body: { message: `GitHub simulation error: ${error instanceof Error ? error.message : String(error)}` } }, rate.headers);
    }
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void handle(req, res, Buffer.concat(chunks).toString('utf8'));
    });
  });
  // Clients keep connections alive; close() ends them so nothing holds the process open.
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  baseUrl = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;

  return {
    url: baseUrl,
    server,
    requests,
    rejected,
    close: async () => {
      if (closed) return;
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
