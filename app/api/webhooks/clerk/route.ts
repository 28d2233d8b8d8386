import { NextResponse } from "next/server";
import { receiveClerkWebhookHere } from "@/lib/user-index/ingest/clerk-webhook";

export const dynamic = "force-dynamic";

/** Clerk's user events (through Svix), keeping the user index; verified, never authenticated. */
export async function POST(request: Request) {
  const answer = await receiveClerkWebhookHere(request);
  return NextResponse.json(answer.body, {
    status: answer.status,
    headers: {
      "Cache-Control": "no-store",
      ...(answer.retryAfterSeconds === undefined
        ? {}
        : { "Retry-After": String(answer.retryAfterSeconds) }),
    },
  });
}
