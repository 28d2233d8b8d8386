import "server-only";
import { requestAddress } from "@/lib/auth/request-address";
import { serverEnv } from "@/lib/config/server-env";
import { consoleDb } from "@/lib/db/console-db";
import { receiveClerkWebhook, type WebhookAnswer } from "./receive-webhook";

/** `POST /api/webhooks/clerk` on this server: its database, signing secret and sender's address. */
export async function receiveClerkWebhookHere(request: Request): Promise<WebhookAnswer> {
  return receiveClerkWebhook(request, {
    database: await consoleDb(),
    signingSecret: serverEnv().webhookSecret,
    address: await requestAddress(),
    now: Date.now(),
  });
}
