import { countRefusedWebhook } from "@/lib/auth/request-limits";
import { verifyClerkWebhook } from "@/lib/clerk/verify-webhook";
import { MAX_WEBHOOK_BODY_BYTES } from "@/lib/config/limits";
import type { ConsoleDb } from "@/lib/db/open-database";
import { readCappedBody } from "./capped-body";
import { ingestWebhookMessage } from "./ingest-event";

export interface WebhookAnswer {
  status: number;
  body: { received: boolean; outcome?: string; error?: string };
  retryAfterSeconds?: number;
}

/**
 * What `POST /api/webhooks/clerk` answers. The one unauthenticated route that writes: the body
 * is read up to 1 MB and its signature checked before anything else. A delivery that fails the
 * check is counted against its address, and past the address's limit answered 429; a correctly
 * signed one is never refused for them, since Clerk sends from addresses others share.
 */
export async function receiveClerkWebhook(
  request: Request,
  deps: { database: ConsoleDb; signingSecret: string | null; address: string; now: number },
): Promise<WebhookAnswer> {
  const { database, signingSecret, address, now } = deps;
  const { db } = database;
  if (!signingSecret)
    return {
      status: 503,
      body: { received: false, error: "CLERK_WEBHOOK_SIGNING_SECRET is not set on this server." },
    };
  const refuse = async (error: string): Promise<WebhookAnswer> => {
    const wait = await countRefusedWebhook(database, address, now);
    if (wait === null) return { status: 400, body: { received: false, error } };
    return {
      status: 429,
      body: { received: false, error: "Too many refused deliveries from this address." },
      retryAfterSeconds: wait,
    };
  };
  // Without Standard Webhooks' three headers nothing can verify: refused before the body is read.
  if (["svix-id", "svix-timestamp", "svix-signature"].some((name) => !request.headers.get(name)))
    return refuse("The delivery is not signed (svix-id, svix-timestamp and svix-signature).");
  const body = await readCappedBody(request, MAX_WEBHOOK_BODY_BYTES);
  if (body === null) return refuse("The body is larger than 1 MB.");
  const verified = await verifyClerkWebhook(body, request.headers, signingSecret);
  if (!verified.ok)
    return verified.error.signed
      ? { status: 400, body: { received: false, error: verified.error.message } }
      : refuse(verified.error.message);
  const ingested = await ingestWebhookMessage(db, verified.value, now);
  // Signed by Clerk, so not a stranger's probe: refused, but not counted against its address.
  if (!ingested.ok)
    return { status: 400, body: { received: false, error: ingested.error.message } };
  return { status: 200, body: { received: true, outcome: ingested.value } };
}
