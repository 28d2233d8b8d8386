/** The webhook ingest part of `npm run bench:index`: signed events posted as Svix would. */
import { randomUUID } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { EMBEDDED_SECRET_KEY } from "@/lib/config/embedded-defaults";

/** A running backfill benchmark: the dashboard, the emulator and its database file. */
export interface BackfillStack {
  appUrl: string;
  emulatorUrl: string;
  databaseFile: string;
}

const SAMPLE_USERS = 2000;
const ROUNDS = 5;
const CONCURRENCY = 32;

/** Users as Clerk's API shows them (the JSON a `user.updated` event carries). */
async function userJson(emulatorUrl: string): Promise<Record<string, unknown>[]> {
  const users: Record<string, unknown>[] = [];
  for (let offset = 0; offset < SAMPLE_USERS; offset += 500) {
    const response = await fetch(`${emulatorUrl}/v1/users?limit=500&offset=${offset}`, {
      headers: { authorization: `Bearer ${EMBEDDED_SECRET_KEY}` },
    });
    users.push(...((await response.json()) as Record<string, unknown>[]));
  }
  return users;
}

/**
 * Posts every sampled user's `user.updated` ROUNDS times, each newer than the last (so each
 * one is applied, not skipped as stale), CONCURRENCY at a time; answers the sustained rate.
 */
export async function ingestRun(stack: BackfillStack, secret: string): Promise<string[]> {
  process.stderr.write("… webhook ingest\n");
  const signer = new Webhook(secret);
  const users = await userJson(stack.emulatorUrl);
  const events = Array.from({ length: ROUNDS }, (_, round) =>
    users.map((user) => ({
      data: { ...user, updated_at: Number(user.updated_at) + 1000 * (round + 1) },
      object: "event",
      type: "user.updated",
      timestamp: Date.now(),
      instance_id: "ins_bench",
      event_attributes: { http_request: { client_ip: "127.0.0.1", user_agent: "bench" } },
    })),
  ).flat();
  const floor = await nextFloor(stack.appUrl);
  let next = 0;
  const statuses: Record<number, number> = {};
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < events.length) {
        const payload = JSON.stringify(events[next++]);
        const id = `msg_${randomUUID()}`;
        const at = new Date();
        const response = await fetch(`${stack.appUrl}/api/webhooks/clerk`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "svix-id": id,
            "svix-timestamp": String(Math.floor(at.getTime() / 1000)),
            "svix-signature": signer.sign(id, at, payload),
          },
          body: payload,
        });
        await response.arrayBuffer();
        statuses[response.status] = (statuses[response.status] ?? 0) + 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return [
    `webhook ingest, SQLite: ${events.length.toLocaleString("en")} signed user.updated events (${CONCURRENCY} at a time) in ${seconds.toFixed(2)} s = ${Math.round(events.length / seconds)} events/s (target ≥ 500); answers ${JSON.stringify(statuses)}`,
    `  Next.js alone on this route (GET, answered 405 without any of Metadeck's code): ${floor} requests/s`,
  ];
}

/**
 * What Next.js itself sustains on the same route and server when none of Metadeck's code runs
 * (a GET, which the route does not export: Next answers 405): the ceiling any handler there has.
 */
async function nextFloor(appUrl: string): Promise<number> {
  const total = 3000;
  let sent = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (sent < total) {
        sent++;
        const response = await fetch(`${appUrl}/api/webhooks/clerk`);
        await response.arrayBuffer();
      }
    }),
  );
  return Math.round(total / ((performance.now() - started) / 1000));
}
