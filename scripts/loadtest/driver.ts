// Sending webhooks as GitHub does, with a bound on how many are in flight: each POST is timed, a failed
// delivery is redelivered with the same X-GitHub-Delivery id (as GitHub's "Redeliver" does), and a share
// of deliveries is sent twice on purpose (GitHub delivers at least once).
import { randomUUID } from 'node:crypto';
import { deliver, type WebhookEvent } from '../../sim/webhooks.js';

import { seededRandom as prng } from '../../sim/random.js';

export { prng };


/** At most `size` slots taken at once; `take(n)` waits for n free slots together (a burst starts at once). */
export class Slots {
  private free: number;
  private readonly waiting: Array<{ n: number; go: () => void }> = [];
  constructor(readonly size: number) {
    this.free = size;
  }
  take(n = 1): Promise<void> {
    const want = Math.min(n, this.size);
    if (this.waiting.length === 0 && this.free >= want) {
      this.free -= want;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push({ n: want, go: resolve }));
  }
  give(n = 1): void {
    this.free += Math.min(n, this.size);
    while (this.waiting.length > 0 && this.free >= this.waiting[0]!.n) {
      const next = this.waiting.shift()!;
      this.free -= next.n;
      next.go();
    }
  }
}

export interface DeliveryStats {
  /** Every POST: originals, duplicates and redeliveries. */
  posts: number;
  /** Distinct deliveries (X-GitHub-Delivery ids). */
  originals: number;
  duplicates: number;
  /** Duplicates sent while the original was still in flight. */
  concurrentDuplicates: number;
  redeliveries: number;
  /** Deliveries still failing after the last redelivery. */
  abandoned: Array<{ id: string; event: string; statuses: number[] }>;
  /** Answers by HTTP status. */
  statuses: Map<number, number>;
  /** ms from POST to response, per POST. */
  times: number[];
  byEvent: Map<string, number>;
  /** What each delivery id carried (event and target), to say which delivery made what. */
  described: Map<string, string>;
  /** Bursts: several events for one pull request sent at the same moment. */
  bursts: number;
  burstEvents: number;
}

export function emptyStats(): DeliveryStats {
  return { posts: 0, originals: 0, duplicates: 0, concurrentDuplicates: 0, redeliveries: 0, abandoned: [], statuses: new Map(), times: [], described: new Map(), byEvent: new Map(), bursts: 0, burstEvents: 0 };
}

export interface DriverOptions {
  webhookUrl: string;
  secret: string;
  appId: number;
  concurrency: number;
  duplicateRate: number;
  /** Attempts per delivery in all (the first and the redeliveries). */
  maxAttempts: number;
  redeliverAfterMs: number;
  seed: number;
}

/** 2xx is delivered (202: Probot's "still processing" after 9 s); anything else GitHub shows as failed. */
function delivered(status: number): boolean {
  return status >= 200 && status < 300;
}

export class Driver {
  readonly stats = emptyStats();
  private readonly slots: Slots;
  private readonly random: () => number;
  private readonly later: Array<{ id: string; event: WebhookEvent }> = [];
  private readonly running = new Set<Promise<unknown>>();

  constructor(private readonly options: DriverOptions) {
    this.slots = new Slots(options.concurrency);
    this.random = prng(options.seed);
  }

  private async post(event: WebhookEvent, id: string): Promise<number> {
    const start = performance.now();
    let status: number;
    try {
      status = await deliver(this.options.webhookUrl, { ...event, secret: this.options.secret, appId: this.options.appId, id });
    } catch {
      status = 0; // the connection failed: GitHub counts it as a failed delivery too
    }
    this.stats.times.push(performance.now() - start);
    this.stats.posts += 1;
    this.stats.statuses.set(status, (this.stats.statuses.get(status) ?? 0) + 1);
    return status;
  }

  /** One delivery, redelivered (same id) until it is accepted or the attempts run out. Holds one slot. */
  private async once(event: WebhookEvent, id: string): Promise<void> {
    const statuses: number[] = [];
    for (let attempt = 1; attempt <= this.options.maxAttempts; attempt++) {
      if (attempt > 1) {
        this.stats.redeliveries += 1;
        await new Promise((resolve) => setTimeout(resolve, this.options.redeliverAfterMs));
      }
      const status = await this.post(event, id);
      statuses.push(status);
      if (delivered(status)) return;
      if (status === 400 || status === 401) break; // a bad signature is not made good by sending it again
    }
    this.stats.abandoned.push({ id, event: eventName(event), statuses });
  }

  private track(work: Promise<unknown>): void {
    this.running.add(work);
    void work.finally(() => this.running.delete(work));
  }

  /** Decides whether this delivery is also sent twice: half of the duplicates at once, half at the end of the phase. */
  private plan(event: WebhookEvent, id: string): number {
    this.stats.originals += 1;
    this.stats.described.set(id, describeEvent(event));
    this.stats.byEvent.set(eventName(event), (this.stats.byEvent.get(eventName(event)) ?? 0) + 1);
    if (this.random() >= this.options.duplicateRate) return 1;
    this.stats.duplicates += 1;
    if (this.random() < 0.5) {
      this.stats.concurrentDuplicates += 1;
      return 2;
    }
    this.later.push({ id, event });
    return 1;
  }

  /**
   * Sends events together: they take their slots at the same moment and are POSTed at once (a burst for
   * one pull request when there are several). `make` runs when the slots are free, so payloads are built
   * from the state at that moment, as GitHub builds them right after a push or a comment.
   */
  async send(make: () => WebhookEvent[]): Promise<void> {
    await this.slots.take(1);
    let events: WebhookEvent[];
    try {
      events = make();
    } catch (error) {
      this.slots.give(1);
      throw error;
    }
    const copies = events.map(() => randomUUID()).map((id, i) => ({ id, event: events[i]!, times: this.plan(events[i]!, id) }));
    const posts = copies.flatMap((c) => Array.from({ length: c.times }, () => c));
    if (posts.length > 1) {
      await this.slots.take(posts.length - 1);
      if (events.length > 1) {
        this.stats.bursts += 1;
        this.stats.burstEvents += events.length;
      }
    }
    const work = Promise.all(posts.map((p) => this.once(p.event, p.id))).finally(() => this.slots.give(posts.length));
    this.track(work);
  }

  /** One delivery outside the load (not counted in the stats): its HTTP status. */
  deliverNow(event: WebhookEvent): Promise<number> {
    return deliver(this.options.webhookUrl, { ...event, secret: this.options.secret, appId: this.options.appId, id: randomUUID() });
  }

  /** Waits for every delivery in flight. */
  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }

  /** Re-sends the duplicates kept for later (same delivery ids), then waits for everything. */
  async sendLateDuplicates(): Promise<void> {
    const late = this.later.splice(0);
    for (const { id, event } of late) {
      await this.slots.take(1);
      this.track(this.once(event, id).finally(() => this.slots.give(1)));
    }
    await this.drain();
  }
}

export function eventName(event: WebhookEvent): string {
  const action = (event.payload as { action?: string }).action;
  return action ? `${event.name}.${action}` : event.name;
}

/** e.g. "issue_comment.created on acme-gov/architecture#5 by carol". */
export function describeEvent(event: WebhookEvent): string {
  const p = event.payload as { repository?: { full_name?: string }; number?: number; issue?: { number?: number }; sender?: { login?: string } };
  const number = p.number ?? p.issue?.number;
  return `${eventName(event)} on ${p.repository?.full_name ?? '?'}${number === undefined ? '' : `#${number}`} by ${p.sender?.login ?? '?'}`;
}
