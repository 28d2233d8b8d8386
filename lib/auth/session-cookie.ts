import { createHmac, timingSafeEqual } from "node:crypto";

const COOKIE_NAMES = ["better-auth.session_token", "__Secure-better-auth.session_token"];

/**
 * Whether the request carries a session cookie that this server signed (better-auth signs
 * `token.base64(HMAC-SHA256(secret, token))`). It proves nothing about the session still being
 * valid; it only lets a page start Clerk calls alongside the real session check without handing
 * unauthenticated or forged requests any Backend API quota.
 */
export function hasSignedSessionCookie(cookieHeader: string | null, secret: string): boolean {
  if (!cookieHeader) return false;
  for (const part of cookieHeader.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0 || !COOKIE_NAMES.includes(part.slice(0, eq).trim())) continue;
    let value: string;
    try {
      value = decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      continue;
    }
    const dot = value.lastIndexOf(".");
    if (dot <= 0) continue;
    const expected = createHmac("sha256", secret).update(value.slice(0, dot)).digest();
    const given = Buffer.from(value.slice(dot + 1), "base64");
    if (given.length === expected.length && timingSafeEqual(given, expected)) return true;
  }
  return false;
}
