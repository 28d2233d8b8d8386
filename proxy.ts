import { randomBytes } from "node:crypto";
import { NextResponse, type NextRequest } from "next/server";
import { parseServerEnv } from "@/lib/config/parse-server-env";
import { contentSecurityPolicy, imageOriginsFor } from "@/lib/config/security-headers";

let imageOrigins: string[] | undefined;

/**
 * Gives every page a Content-Security-Policy with a fresh script nonce (Next.js reads it from
 * the request and puts it on its own scripts). The proxy does no I/O: no Clerk call happens
 * before the page or action has verified a live session.
 */
export function proxy(request: NextRequest) {
  imageOrigins ??= imageOriginsFor(parseServerEnv(process.env).apiUrl);
  const csp = contentSecurityPolicy(randomBytes(16).toString("base64"), imageOrigins, {
    development: process.env.NODE_ENV === "development",
  });
  const headers = new Headers(request.headers);
  headers.set("Content-Security-Policy", csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", csp);
  return response;
}

export const config = {
  // Pages and their server actions; not static assets, nor route handlers (JSON, no scripts).
  matcher: ["/((?!api/|_next/static/|_next/image|favicon\\.svg|robots\\.txt).*)"],
};
