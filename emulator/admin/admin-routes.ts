import { z } from "zod";
import { faultConfigSchema } from "../faults/fault-config";
import type { FaultInjector } from "../faults/fault-injector";
import { readJsonBody } from "../http/read-body";
import type { Route } from "../http/router";
import type { RateLimits } from "../limits/rate-limits";
import { bodyIssueToClerkError, parseMetadataBody } from "../users/user-bodies";
import type { InterleavedWrites } from "./interleaved-writes";
import type { RequestStats } from "./request-stats";
import type { WebhookDeliveries } from "../webhooks/webhook-deliveries";

const ADMIN_PREFIX = "/__emulator";

const rateLimitBody = z.object({ mode: z.enum(["off", "dev", "prod"]) }).strict();

const webhookEndpointBody = z
  .object({
    url: z.url({ protocol: /^https?$/ }).nullable(),
    secret: z
      .string()
      .regex(/^whsec_[A-Za-z0-9+/]+={0,2}$/)
      .optional(),
  })
  .strict()
  .refine((body) => body.url === null || body.secret, { message: "secret is required" });

const deliveriesQuery = z.object({
  status: z.enum(["pending", "delivered", "failed", "dropped"]).optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(100),
});

/** `patch` is checked as the metadata endpoint's own body is. */
const interleaveBody = z.object({ userId: z.string().min(1), patch: z.unknown() }).strict();

async function parseBody<T>(schema: z.ZodType<T>, body: Promise<unknown>): Promise<T> {
  const parsed = schema.safeParse(await body);
  if (!parsed.success) throw bodyIssueToClerkError(parsed.error);
  return parsed.data;
}

/**
 * The emulator's own control area, callable only with its secret key: switch faults and rate
 * limits at run time and read how many Backend API calls were made (per method and route).
 */
export function adminRoutes(deps: {
  faults: FaultInjector;
  limits: RateLimits;
  stats: RequestStats;
  interleaved: InterleavedWrites;
  webhooks: WebhookDeliveries;
}): Route[] {
  const { faults, limits, stats, interleaved, webhooks } = deps;
  return [
    ...webhookRoutes(webhooks),
    {
      method: "GET",
      template: `${ADMIN_PREFIX}/stats`,
      handler: () => ({ status: 200, body: stats.snapshot() }),
    },
    {
      method: "DELETE",
      template: `${ADMIN_PREFIX}/stats`,
      handler: () => {
        stats.reset();
        return { status: 200, body: stats.snapshot() };
      },
    },
    {
      method: "GET",
      template: `${ADMIN_PREFIX}/faults`,
      handler: () => ({ status: 200, body: faults.current }),
    },
    {
      method: "PUT",
      template: `${ADMIN_PREFIX}/faults`,
      handler: async ({ req }) => {
        faults.set(await parseBody(faultConfigSchema, readJsonBody(req)));
        return { status: 200, body: faults.current };
      },
    },
    {
      method: "DELETE",
      template: `${ADMIN_PREFIX}/faults`,
      handler: () => {
        faults.set(faultConfigSchema.parse({}));
        return { status: 200, body: faults.current };
      },
    },
    {
      // Queues an outside write of a user's metadata, applied just before the next metadata
      // write of that user (interleaved-writes.ts).
      method: "POST",
      template: `${ADMIN_PREFIX}/interleaved-writes`,
      handler: async ({ req }) => {
        const { userId, patch } = await parseBody(interleaveBody, readJsonBody(req));
        interleaved.add(userId, parseMetadataBody(patch));
        return { status: 200, body: { queued: true } };
      },
    },
    {
      method: "DELETE",
      template: `${ADMIN_PREFIX}/interleaved-writes`,
      handler: () => {
        interleaved.clear();
        return { status: 200, body: { queued: false } };
      },
    },
    {
      method: "GET",
      template: `${ADMIN_PREFIX}/rate-limit`,
      handler: () => ({ status: 200, body: { mode: limits.mode } }),
    },
    {
      method: "PUT",
      template: `${ADMIN_PREFIX}/rate-limit`,
      handler: async ({ req }) => {
        const { mode } = await parseBody(rateLimitBody, readJsonBody(req));
        limits.setMode(mode);
        return { status: 200, body: { mode: limits.mode } };
      },
    },
  ];
}

/**
 * The webhook endpoint, the deliveries with their attempts (newest first; `?status=` and
 * `?limit=`), and pausing: while paused nothing is sent, and resuming sends what is due.
 */
function webhookRoutes(webhooks: WebhookDeliveries): Route[] {
  return [
    {
      method: "GET",
      template: `${ADMIN_PREFIX}/webhooks`,
      handler: () => ({ status: 200, body: webhooks.state }),
    },
    {
      method: "PUT",
      template: `${ADMIN_PREFIX}/webhooks`,
      handler: async ({ req }) => {
        const { url, secret } = await parseBody(webhookEndpointBody, readJsonBody(req));
        webhooks.setEndpoint(url && secret ? { url, secret } : null);
        return { status: 200, body: webhooks.state };
      },
    },
    {
      method: "GET",
      template: `${ADMIN_PREFIX}/webhooks/deliveries`,
      handler: ({ url }) => {
        const query = deliveriesQuery.safeParse(Object.fromEntries(url.searchParams));
        if (!query.success) throw bodyIssueToClerkError(query.error);
        return { status: 200, body: { data: webhooks.list(query.data) } };
      },
    },
    {
      method: "POST",
      template: `${ADMIN_PREFIX}/webhooks/pause`,
      handler: () => {
        webhooks.pause();
        return { status: 200, body: webhooks.state };
      },
    },
    {
      method: "POST",
      template: `${ADMIN_PREFIX}/webhooks/resume`,
      handler: () => {
        webhooks.resume();
        return { status: 200, body: webhooks.state };
      },
    },
  ];
}

export function isAdminPath(pathname: string): boolean {
  return pathname === ADMIN_PREFIX || pathname.startsWith(`${ADMIN_PREFIX}/`);
}
