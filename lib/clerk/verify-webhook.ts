import { verifyWebhook } from "@clerk/backend/webhooks";
import { fail, ok, type Result } from "@/lib/result/result";

/** A webhook message whose signature held: who sent it is Clerk, and it is recent. */
export interface VerifiedWebhook {
  svixId: string;
  type: string;
  data: unknown;
  timestamp: number;
}

/**
 * Checks a delivery's Standard Webhooks signature with Clerk's SDK: the secret, the exact body,
 * and a timestamp within 5 minutes (so a captured delivery cannot be replayed later).
 */
export async function verifyClerkWebhook(
  body: string,
  headers: Headers,
  signingSecret: string,
): Promise<Result<VerifiedWebhook, { message: string }>> {
  const request = new Request("http://metadeck.invalid/api/webhooks/clerk", {
    method: "POST",
    headers,
    body,
  });
  try {
    const event = await verifyWebhook(request, { signingSecret });
    return ok({
      svixId: headers.get("svix-id")?.trim() ?? "",
      type: event.type,
      data: event.data,
      timestamp: event.timestamp,
    });
  } catch (error) {
    return fail({ message: error instanceof Error ? error.message : "Unverifiable webhook" });
  }
}
