import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";
import type { FaultInjector } from "../faults/fault-injector";

/** Svix's retry schedule: the wait before each attempt (https://docs.svix.com/retries). */
export const SVIX_RETRY_SCHEDULE_MS = [
  0, 5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000,
];
/** Svix gives an endpoint this long to answer. */
const ATTEMPT_TIMEOUT_MS = 15_000;
/** Finished deliveries kept for the admin list; the oldest go first. */
const KEEP_FINISHED = 10_000;
/** Attempts in flight at once; the rest wait their turn (a burst of writes is not a flood). */
const MAX_IN_FLIGHT = 32;

export interface WebhookEndpoint {
  url: string;
  /** `whsec_…`, base64, as Clerk's dashboard shows it. */
  secret: string;
}

export type DeliveryStatus = "pending" | "delivered" | "failed" | "dropped";

interface DeliveryAttempt {
  at: number;
  /** The endpoint's HTTP status, or null when it did not answer (refused, timed out). */
  status: number | null;
  error?: string;
}

export interface Delivery {
  /** The `svix-id`: the same for every attempt and for a duplicated copy. */
  id: string;
  type: string;
  /** Set on the second copy a duplicate fault sends. */
  copy: boolean;
  createdAt: number;
  status: DeliveryStatus;
  attempts: DeliveryAttempt[];
  nextAttemptAt: number | null;
}

interface Queued {
  key: string;
  delivery: Delivery;
  payload: string;
  timer: NodeJS.Timeout | null;
}

export interface WebhookDeliveriesOptions {
  endpoint: WebhookEndpoint | null;
  /** Multiplies the retry schedule: 0.001 turns 5 minutes into 300 ms, for tests. */
  retryScale: number;
  faults: FaultInjector;
  now?: () => number;
}

/**
 * Sends events to the one configured endpoint as Svix does for Clerk: signed with Standard
 * Webhooks headers, asynchronously, retried on any non-2xx answer or timeout on Svix's
 * schedule, in no guaranteed order. Deliveries live in memory, as the emulator's own record.
 */
export class WebhookDeliveries {
  private endpoint: WebhookEndpoint | null;
  private signer: Webhook | null;
  private readonly queued = new Map<string, Queued>();
  private readonly finished: Delivery[] = [];
  private held: Queued[] = [];
  private readonly waiting: Queued[] = [];
  private inFlight = 0;
  private paused = false;
  private closed = false;
  private sequence = 0;
  private readonly idleWaiters: (() => void)[] = [];

  constructor(private readonly options: WebhookDeliveriesOptions) {
    this.endpoint = options.endpoint;
    this.signer = options.endpoint ? new Webhook(options.endpoint.secret) : null;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  get state() {
    return {
      url: this.endpoint?.url ?? null,
      paused: this.paused,
      pending: this.queued.size,
      retryScale: this.options.retryScale,
    };
  }

  /** Points deliveries at another endpoint (or none); pending ones go there from now on. */
  setEndpoint(endpoint: WebhookEndpoint | null): void {
    this.signer = endpoint ? new Webhook(endpoint.secret) : null;
    this.endpoint = endpoint;
  }

  /** Queues an event for delivery; returns at once. Without an endpoint nothing is sent. */
  send(type: string, event: unknown): void {
    if (!this.endpoint || this.closed) return;
    const payload = JSON.stringify(event);
    const id = `msg_${randomBytes(16).toString("base64url")}`;
    const fault = this.options.faults.decideDelivery();
    const first = this.queue({ id, type, copy: false, payload });
    if (fault.drop) return this.finish(first, "dropped");
    this.schedule(first, fault.delayMs);
    if (fault.duplicate)
      this.schedule(this.queue({ id, type, copy: true, payload }), fault.delayMs);
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    const held = this.held;
    this.held = [];
    for (const entry of held) void this.attempt(entry);
  }

  /** Newest first; `status` narrows the list. */
  list(options: { status?: DeliveryStatus; limit: number }): Delivery[] {
    const all = [...[...this.queued.values()].map((q) => q.delivery), ...this.finished];
    return all
      .filter((d) => !options.status || d.status === options.status)
      .sort((a, b) => b.createdAt - a.createdAt)
      .slice(0, options.limit);
  }

  /** Resolves once nothing is pending (tests: every delivery answered or given up). */
  idle(): Promise<void> {
    if (this.queued.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  close(): void {
    this.closed = true;
    for (const entry of this.queued.values()) if (entry.timer) clearTimeout(entry.timer);
    this.queued.clear();
    this.wakeIdle();
  }

  private queue(message: { id: string; type: string; copy: boolean; payload: string }): Queued {
    const delivery: Delivery = {
      id: message.id,
      type: message.type,
      copy: message.copy,
      createdAt: this.now(),
      status: "pending",
      attempts: [],
      nextAttemptAt: null,
    };
    const entry: Queued = {
      key: `${message.id}#${this.sequence++}`,
      delivery,
      payload: message.payload,
      timer: null,
    };
    this.queued.set(entry.key, entry);
    return entry;
  }

  private schedule(entry: Queued, delayMs: number): void {
    entry.delivery.nextAttemptAt = this.now() + delayMs;
    entry.timer = setTimeout(() => {
      entry.timer = null;
      void this.attempt(entry);
    }, delayMs);
  }

  private async attempt(entry: Queued): Promise<void> {
    if (this.closed) return;
    if (this.paused || !this.endpoint) {
      this.held.push(entry);
      return;
    }
    if (this.inFlight >= MAX_IN_FLIGHT) {
      this.waiting.push(entry);
      return;
    }
    this.inFlight += 1;
    try {
      await this.post(entry);
    } finally {
      this.inFlight -= 1;
      const next = this.waiting.shift();
      if (next) void this.attempt(next);
    }
  }

  private async post(entry: Queued): Promise<void> {
    const endpoint = this.endpoint;
    const signer = this.signer;
    if (!endpoint || !signer) return;
    const { delivery, payload } = entry;
    const at = new Date(this.now());
    const attempt: DeliveryAttempt = { at: at.getTime(), status: null };
    try {
      const response = await fetch(endpoint.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "user-agent": "Svix-Webhooks/1.0 (Metadeck emulator)",
          "svix-id": delivery.id,
          "svix-timestamp": String(Math.floor(at.getTime() / 1000)),
          "svix-signature": signer.sign(delivery.id, at, payload),
        },
        body: payload,
        // Svix never follows a redirect: a 3xx is a failed attempt, retried on its schedule.
        redirect: "manual",
        signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
      });
      attempt.status = response.status;
      // The endpoint's answer is not read beyond its status, as Svix keeps only a sample.
      await response.body?.cancel();
    } catch (error) {
      attempt.error = error instanceof Error ? error.message : String(error);
    }
    if (this.closed) return;
    delivery.attempts.push(attempt);
    if (attempt.status !== null && attempt.status >= 200 && attempt.status < 300)
      return this.finish(entry, "delivered");
    const wait = SVIX_RETRY_SCHEDULE_MS[delivery.attempts.length];
    if (wait === undefined) return this.finish(entry, "failed");
    this.schedule(entry, wait * this.options.retryScale);
  }

  private finish(entry: Queued, status: DeliveryStatus): void {
    entry.delivery.status = status;
    entry.delivery.nextAttemptAt = null;
    this.queued.delete(entry.key);
    this.finished.unshift(entry.delivery);
    if (this.finished.length > KEEP_FINISHED) this.finished.length = KEEP_FINISHED;
    if (this.queued.size === 0) this.wakeIdle();
  }

  private wakeIdle(): void {
    for (const wake of this.idleWaiters.splice(0)) wake();
  }
}
