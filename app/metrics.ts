// Prometheus metrics for the App server, on GET /metrics: deliveries by event and outcome, how long each
// took, GitHub API requests and the rate limit left, and errors. One registry per server, so several
// servers in one process (tests, the load test) never mix their counts.
import type http from 'node:http';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface AppMetrics {
  registry: Registry;
  delivery(event: string, outcome: 'handled' | 'refused' | 'error', seconds: number): void;
  githubRequest(method: string, status: number, rateLimitRemaining: string | undefined): void;
  /** A delivery passed on to the replica that owns its repository: `delivered` (its answer was relayed) or `failed` (answered 503). */
  forwarded(event: string, outcome: 'delivered' | 'failed', seconds: number): void;
  /** A peer told of a change to exception issues (`sent`, `failed`) or telling this replica (`received`, `refused`). */
  announcement(outcome: 'sent' | 'failed' | 'received' | 'refused'): void;
  error(where: 'webhook' | 'github' | 'forward'): void;
}

export function createMetrics(): AppMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'assure_' });
  const deliveries = new Counter({ name: 'assure_webhook_deliveries_total', help: 'Webhook deliveries by event and outcome (handled, refused: bad signature or too large, error)', labelNames: ['event', 'outcome'], registers: [registry] });
  const handling = new Histogram({ name: 'assure_webhook_handling_seconds', help: 'Time from a delivery arriving to its response', labelNames: ['event'], buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60], registers: [registry] });
  const requests = new Counter({ name: 'assure_github_requests_total', help: 'GitHub API requests by method and status', labelNames: ['method', 'status'], registers: [registry] });
  const remaining = new Gauge({ name: 'assure_github_rate_limit_remaining', help: 'Requests left in the current GitHub rate-limit window, from the last response', registers: [registry] });
  const forwarded = new Counter({ name: 'assure_webhook_forwarded_total', help: 'Deliveries passed on to the replica that owns their repository, by event and outcome (delivered, failed)', labelNames: ['event', 'outcome'], registers: [registry] });
  const forwarding = new Histogram({ name: 'assure_webhook_forwarding_seconds', help: 'Time from a delivery arriving to the owning replica\'s answer being relayed', buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers: [registry] });
  const announcements = new Counter({ name: 'assure_peer_announcements_total', help: 'Changes to exception issues announced to peers (sent, failed) or by peers (received, refused)', labelNames: ['outcome'], registers: [registry] });
  const errors = new Counter({ name: 'assure_errors_total', help: 'Errors by where they happened', labelNames: ['where'], registers: [registry] });
  return {
    registry,
    delivery(event, outcome, seconds) {
      deliveries.inc({ event, outcome });
      handling.observe({ event }, seconds);
    },
    githubRequest(method, status, rateLimitRemaining) {
      requests.inc({ method, status: String(status) });
      const left = Number(rateLimitRemaining);
      if (rateLimitRemaining !== undefined && Number.isFinite(left)) remaining.set(left);
    },
    forwarded(event, outcome, seconds) {
      forwarded.inc({ event, outcome });
      forwarding.observe(seconds);
    },
    announcement(outcome) {
      announcements.inc({ outcome });
    },
    error(where) {
      errors.inc({ where });
    },
  };
}

/** Serves the registry in Prometheus' text format. */
export async function serveMetrics(metrics: AppMetrics, res: http.ServerResponse): Promise<void> {
  const body = await metrics.registry.metrics();
  res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(body);
}
