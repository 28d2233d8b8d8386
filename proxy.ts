import { NextResponse, type NextRequest } from "next/server";
import { resolveAuthSecret } from "@/lib/auth/auth-secret";
import { hasSignedSessionCookie } from "@/lib/auth/session-cookie";
import { listUsers } from "@/lib/clerk/users";
import { parseServerEnv } from "@/lib/config/parse-server-env";
import { parseUserListQuery } from "@/lib/users/list-query";
import { READ_AHEAD_HEADER, startListReadAhead } from "@/lib/users/list-read-ahead";

let secret: string | undefined;

/**
 * A page load (address bar, link from elsewhere, reload), not a request from the client-side
 * router. Next.js hides its router headers from the proxy, and a router prefetch may never
 * render the page, so router requests (`Next-Url`, or a browser `fetch`) start no reads here;
 * the page starts its own when it renders.
 */
function isPageLoad(headers: Headers): boolean {
  const dest = headers.get("sec-fetch-dest");
  return !headers.has("next-url") && (dest === null || dest === "document");
}

/**
 * Starts Clerk's list calls for `/users` before Next.js sets up rendering (see
 * `lib/users/list-read-ahead.ts`). Only for a session cookie this server signed, so anonymous
 * and forged requests never spend Backend API quota; the page still checks the session and
 * role itself before it shows anything.
 */
export function proxy(request: NextRequest) {
  secret ??= resolveAuthSecret(process.env, parseServerEnv(process.env).embedded);
  const readAhead =
    request.method === "GET" &&
    isPageLoad(request.headers) &&
    hasSignedSessionCookie(request.headers.get("cookie"), secret);
  // A ticket only ever comes from here: one sent by the client is dropped.
  if (!readAhead && !request.headers.has(READ_AHEAD_HEADER)) return NextResponse.next();
  const headers = new Headers(request.headers);
  headers.delete(READ_AHEAD_HEADER);
  if (readAhead) {
    const query = parseUserListQuery(request.nextUrl.searchParams);
    headers.set(READ_AHEAD_HEADER, startListReadAhead(query, listUsers));
  }
  return NextResponse.next({ request: { headers } });
}

export const config = { matcher: "/users" };
