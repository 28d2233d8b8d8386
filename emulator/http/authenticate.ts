import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { ClerkApiError, clerkErrors } from "./clerk-error";

const SECRET_KEY_SHAPE = /^sk_(test|live)_[A-Za-z0-9_-]+$/;

/** Returns the error to answer with, or null when the request carries the emulator's key. */
export function authenticate(req: IncomingMessage, secretKey: string): ClerkApiError | null {
  const header = req.headers.authorization ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1] || !SECRET_KEY_SHAPE.test(match[1])) return clerkErrors.authenticationMissing();
  const given = Buffer.from(match[1]);
  const expected = Buffer.from(secretKey);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return clerkErrors.secretKeyInvalid();
  }
  return null;
}
