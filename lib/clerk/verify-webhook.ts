import { firstUnstorable } from "@/lib/metadata/storable-text";
import { verifyWebhook } from "@clerk/backend/webhooks";
import { Webhook } from "standardwebhooks";
import { z } from "zod";
import { fail, ok, type Result } from "@/lib/result/result";

/** A webhook message whose signature held: who sent it is Clerk, and it is recent. */
export interface VerifiedWebhook {
  svixId: string;
  type: string;
  data: unknown;
  /** Clerk's event time; absent from some senders' events, which a deletion then cannot use. */
  timestamp?: number;
}

/**
 * Checks a delivery's Standard Webhooks signature with Clerk's SDK: the secret, the exact body,
 * and a timestamp within 5 minutes (so a captured delivery cannot be replayed later).
 */
export async function verifyClerkWebhook(
  body: string,
  headers: Headers,
  signingSecret: string,
): Promise<Result<VerifiedWebhook, { message: string; signed: boolean }>> {
  const request = new Request("http://metadeck.invalid/api/webhooks/clerk", {
    method: "POST",
    headers,
    body,
  });
  let event: unknown;
  try {
    event = await verifyWebhook(request, { signingSecret });
  } catch (error) {
    // The SDK answers a body that is not a JSON event as it answers a bad signature; only
    // the second may count against the sender's address.
    if (signatureHolds(body, headers, signingSecret))
      return fail({
        message: "The delivery is signed but its body is not a JSON event.",
        signed: true,
      });
    return fail({
      message: error instanceof Error ? error.message : "Unverifiable webhook",
      signed: false,
    });
  }
  // Signed, so Clerk's (or its secret's holder's) own mistake: the caller answers it without
  // counting it against the sender's address.
  const envelope = eventEnvelope.safeParse(event);
  if (!envelope.success)
    return fail({
      message: "The delivery is signed but is not an event: it needs a type (text) and data.",
      signed: true,
    });
  return ok({ svixId: headers.get("svix-id")?.trim() ?? "", ...envelope.data });
}

/**
 * Whether the delivery's Standard Webhooks signature and timestamp hold, its body left unread:
 * the same check as the SDK's (which maps Svix's headers to these), by the library it uses.
 */
function signatureHolds(body: string, headers: Headers, signingSecret: string): boolean {
  const header = (name: string) => headers.get(name)?.trim() ?? "";
  try {
    new Webhook(signingSecret).verify(
      body,
      {
        "webhook-id": header("svix-id"),
        "webhook-timestamp": header("svix-timestamp"),
        "webhook-signature": header("svix-signature"),
      },
      { jsonParse: false },
    );
    return true;
  } catch {
    return false;
  }
}

/** What Standard Webhooks' payload of Clerk's events holds; anything else is malformed. */
const eventEnvelope = z.object({
  // Stored with the receipt: a type PostgreSQL cannot hold (NUL, half a surrogate pair) is no
  // event of Clerk's, and answered 400 like any malformed one.
  type: z
    .string()
    .min(1)
    .max(200)
    .refine(
      (type) => firstUnstorable(type) === -1,
      "The event type holds a NUL or half a surrogate pair.",
    ),
  data: z.unknown(),
  timestamp: z.number().optional(),
});
