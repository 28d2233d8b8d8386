import { NextResponse, type NextRequest } from "next/server";
import { resolveAuthSecret } from "@/lib/auth/auth-secret";
import { hasSignedSessionCookie } from "@/lib/auth/session-cookie";
import { parseServerEnv } from "@/lib/config/parse-server-env";

let secret: string | undefined;

/**
 * An optimistic gate in front of the console pages: a request without a session cookie this
 * server signed goes to /sign-in (and back afterwards) before any rendering starts. Pages and
 * actions still check the session and role themselves; this only turns anonymous requests away
 * early and cheaply.
 */
export function proxy(request: NextRequest) {
  secret ??= resolveAuthSecret(process.env, parseServerEnv(process.env).embedded);
  if (hasSignedSessionCookie(request.headers.get("cookie"), secret)) return NextResponse.next();
  const signIn = new URL("/sign-in", request.url);
  signIn.searchParams.set("next", `${request.nextUrl.pathname}${request.nextUrl.search}`);
  return NextResponse.redirect(signIn, 307);
}

export const config = { matcher: ["/users", "/users/:path*", "/audit", "/audit/:path*", "/staff"] };
