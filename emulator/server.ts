import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { InterleavedWrites } from "./admin/interleaved-writes";
import { adminRoutes, isAdminPath } from "./admin/admin-routes";
import { avatarSvg } from "./admin/avatar-svg";
import { RequestStats } from "./admin/request-stats";
import { createIndexes, openDatabase, type EmulatorDatabase } from "./db/open-database";
import type { FaultConfig } from "./faults/fault-config";
import { FaultInjector } from "./faults/fault-injector";
import { authenticate } from "./http/authenticate";
import { ClerkApiError, clerkErrors } from "./http/clerk-error";
import { sendError, sendJson } from "./http/respond";
import { Router, type RouteMatch } from "./http/router";
import { RateLimits, type RateLimitMode } from "./limits/rate-limits";
import { seedUsers } from "./seed/seed-users";
import { userRoutes } from "./users/user-routes";
import { UserStore } from "./users/user-store";
import { WebhookDeliveries, type WebhookEndpoint } from "./webhooks/webhook-deliveries";
import { instanceIdFor, userEvent } from "./webhooks/webhook-event";

export interface EmulatorOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  dbFile: string;
  seedUsers: number;
  secretKey: string;
  rateLimit: RateLimitMode;
  faults: FaultConfig;
  /** Where user events are sent, as Clerk's webhooks (none: nothing is sent). */
  webhook?: { endpoint: WebhookEndpoint | null; retryScale: number };
  /** The clock for timestamps and rate limits; tests pass their own. */
  now?: () => number;
}

export interface RunningEmulator {
  url: string;
  store: UserStore;
  faults: FaultInjector;
  limits: RateLimits;
  stats: RequestStats;
  /** Outside writes queued to land just before a user's next metadata write. */
  interleaved: InterleavedWrites;
  webhooks: WebhookDeliveries;
  /** How many users the start-up seeded (0 when the database already held users). */
  seeded: number;
  close(): Promise<void>;
}

const IMAGE_PATH = /^\/__emulator\/images\/(user_[A-Za-z0-9]+)\.svg$/;

/** Opens the database, seeds it when empty, and serves Clerk's Backend API user endpoints. */
export async function startEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  const db: EmulatorDatabase = openDatabase(options.dbFile);
  const store = new UserStore(db);
  const seeded = store.total() === 0 ? options.seedUsers : 0;
  if (seeded > 0) seedUsers(store, seeded);
  createIndexes(db);

  const now = options.now ?? Date.now;
  const faults = new FaultInjector(options.faults);
  const limits = new RateLimits(options.rateLimit);
  const stats = new RequestStats();
  const interleaved = new InterleavedWrites();
  const webhooks = new WebhookDeliveries({
    endpoint: options.webhook?.endpoint ?? null,
    retryScale: options.webhook?.retryScale ?? 1,
    faults,
    now,
  });
  const instanceId = instanceIdFor(options.secretKey);
  const api = new Router(userRoutes(store, interleaved));
  const admin = new Router(adminRoutes({ faults, limits, stats, interleaved, webhooks }));
  let baseUrl = "";

  async function dispatch(req: IncomingMessage, res: ServerResponse, url: URL, match: RouteMatch) {
    if (match.kind === "none") throw clerkErrors.routeNotFound();
    if (match.kind === "wrong_method")
      throw clerkErrors.methodNotAllowed(req.method ?? "", match.allowed);
    const { route, params } = match;
    const result = await route.handler({ req, url, params, now: now(), baseUrl });
    const writtenUser = route.perUserWriteLimit ? params[route.perUserWriteLimit] : undefined;
    if (writtenUser && result.status === 200) stats.recordWrite(writtenUser);
    sendJson(res, result.status, result.body);
    if (result.change)
      webhooks.send(result.change.type, userEvent(result.change, { instanceId, req, now: now() }));
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL) {
    const method = req.method ?? "GET";
    const match = safeMatch(api, method, url.pathname);
    stats.record(`${method} ${match.kind === "none" ? url.pathname : routeTemplate(match)}`);

    const { latencyMs } = faults.current;
    if (latencyMs > 0) await sleep(latencyMs);
    const fault = faults.decide();
    if (fault.kind === "drop") {
      req.socket.destroy();
      return;
    }
    if (fault.kind === "error") throw clerkErrors.internal();
    if (fault.kind === "rate_limit") throw clerkErrors.tooManyRequests(fault.retryAfterSeconds);

    const authError = authenticate(req, options.secretKey);
    if (authError) throw authError;
    if (match.kind === "found") {
      const writtenUser = match.route.perUserWriteLimit
        ? (match.params[match.route.perUserWriteLimit] ?? null)
        : null;
      const verdict = limits.check(now(), writtenUser);
      if (verdict.limited) {
        stats.recordRateLimited();
        throw clerkErrors.tooManyRequests(verdict.retryAfterSeconds);
      }
    }
    await dispatch(req, res, url, match);
  }

  function serveImage(res: ServerResponse, userId: string) {
    const user = store.findById(userId);
    if (!user) throw clerkErrors.notFound();
    const initials =
      `${user.row.first_name?.[0] ?? ""}${user.row.last_name?.[0] ?? ""}` ||
      (user.row.username ?? "?");
    const svg = avatarSvg(userId, initials);
    res.writeHead(200, {
      "Content-Type": "image/svg+xml",
      "Cache-Control": "public, max-age=86400",
    });
    res.end(svg);
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", baseUrl);
    try {
      if (url.pathname === "/__emulator/health") {
        sendJson(res, 200, { status: "ok", users: store.total() });
        return;
      }
      const image = IMAGE_PATH.exec(url.pathname);
      if (image?.[1] && req.method === "GET") {
        serveImage(res, image[1]);
        return;
      }
      if (isAdminPath(url.pathname)) {
        const authError = authenticate(req, options.secretKey);
        if (authError) throw authError;
        await dispatch(req, res, url, safeMatch(admin, req.method ?? "GET", url.pathname));
        return;
      }
      await handleApi(req, res, url);
    } catch (error) {
      if (res.headersSent || res.destroyed) return;
      if (error instanceof ClerkApiError) {
        sendError(res, error);
      } else {
        console.error("[emulator] unexpected error", error);
        sendError(res, clerkErrors.internal());
      }
    }
  }

  const server: Server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const hostForUrl = options.host.includes(":") ? `[${options.host}]` : options.host;
  baseUrl = `http://${hostForUrl}:${port}`;

  return {
    url: baseUrl,
    store,
    faults,
    limits,
    stats,
    interleaved,
    webhooks,
    seeded,
    close: () =>
      new Promise<void>((resolve) => {
        webhooks.close();
        server.close(() => {
          db.close();
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}

function routeTemplate(match: Exclude<RouteMatch, { kind: "none" }>): string {
  return match.kind === "found" ? match.route.template : match.template;
}

/** A malformed percent-escape in a path matches no route rather than crashing the handler. */
function safeMatch(router: Router, method: string, pathname: string): RouteMatch {
  try {
    return router.match(method, pathname);
  } catch {
    return { kind: "none" };
  }
}
