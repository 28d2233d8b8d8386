import { NextResponse } from "next/server";
import { requestAddress } from "@/lib/auth/request-address";
import { serverEnv } from "@/lib/config/server-env";
import { consoleDb } from "@/lib/db/console-db";
import { receiveClerkWebhook } from "@/lib/user-index/receive-webhook";

export const dynamic = "force-dynamic";

/** Clerk's user events (through Svix), keeping the user index; verified, never authenticated. */
export async function POST(request: Request) {
  const answer = await receiveClerkWebhook(request, {
    database: await consoleDb(),
    signingSecret: serverEnv().webhookSecret,
    address: await requestAddress(),
    now: Date.now(),
  });
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
