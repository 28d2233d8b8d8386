import { randomBytes } from "node:crypto";
import { NextResponse, type NextRequest } from "next/server";
import { authSecret } from "@/lib/auth/auth-secret";
import { hasSignedSessionCookie } from "@/lib/auth/session-cookie";
import { getUser, listUsers } from "@/lib/clerk/users";
import { parseServerEnv } from "@/lib/config/parse-server-env";
import { contentSecurityPolicy, imageOriginsFor } from "@/lib/config/security-headers";
import { readAheadKey } from "@/lib/read-ahead/read-ahead-keys";
import { READ_AHEAD_HEADER, startReadAhead } from "@/lib/read-ahead/read-ahead-store";
import { USER_ID_PATTERN } from "@/lib/clerk/user-id";
import { parseUserListQuery } from "@/lib/users/user-list-query";

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

/** The Clerk read this request's handler is sure to make first, started now; or none. */
function readAhead(request: NextRequest): string | null {
  const { pathname, searchParams } = request.nextUrl;
  if (pathname === "/users") {
    if (request.method !== "GET" || !isPageLoad(request.headers)) return null;
    const query = parseUserListQuery(searchParams);
    return startReadAhead(readAheadKey.userList(query), () => listUsers(query));
  }
  // Both actions of the user page (a metadata save, a flag switch) begin with the conflict
  // check's read of the user the page shows.
  const userId = pathname.slice("/users/".length);
  if (
    request.method === "POST" &&
    request.headers.has("next-action") &&
    USER_ID_PATTERN.test(userId)
  ) {
    return startReadAhead(readAheadKey.user(userId), () => getUser(userId));
  }
  return null;
}

let imageOrigins: string[] | undefined;

/**
 * Every page gets a Content-Security-Policy with a fresh script nonce (Next.js reads it from the
 * request and puts it on its scripts). For a `/users` load or a user-page action it also starts
 * the request's first Clerk read before Next.js sets up rendering (see
 * `lib/read-ahead/read-ahead-store.ts`), only for a session cookie this server signed, so
 * anonymous and forged requests never spend Backend API quota; pages and actions still check
 * the session and role themselves before they show or write anything.
 */
export function proxy(request: NextRequest) {
  const isUsersRead =
    request.nextUrl.pathname === "/users" || request.nextUrl.pathname.startsWith("/users/");
  const ticket =
    isUsersRead && hasSignedSessionCookie(request.headers.get("cookie"), authSecret())
      ? readAhead(request)
      : null;
  imageOrigins ??= imageOriginsFor(parseServerEnv(process.env).apiUrl);
  const csp = contentSecurityPolicy(randomBytes(16).toString("base64"), imageOrigins, {
    development: process.env.NODE_ENV === "development",
  });
  const headers = new Headers(request.headers);
  // A ticket only ever comes from here: one sent by the client is dropped.
  headers.delete(READ_AHEAD_HEADER);
  if (ticket !== null) headers.set(READ_AHEAD_HEADER, ticket);
  headers.set("Content-Security-Policy", csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", csp);
  return response;
}

export const config = {
  // Pages and their server actions; not static assets, nor route handlers (JSON, no scripts).
  matcher: ["/((?!api/|_next/static/|_next/image|favicon\\.svg|robots\\.txt).*)"],
};
