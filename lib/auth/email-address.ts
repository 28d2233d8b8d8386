import { z } from "zod";

/** RFC 5321's limit on a whole address. */
const MAX_EMAIL_LENGTH = 320;

const address = z.email();

/**
 * A staff member's e-mail address as it is stored, looked up and admitted: trimmed, lower-cased,
 * exactly one `@`, a valid address; null for anything else. Every door (single sign-on,
 * password sign-in, `/staff`, `npm run staff`) goes through this one function, so no spelling
 * of an address (" Ada@Corp.test", "ada@corp.test@corp.test") can reach a second account.
 */
export function normaliseEmail(raw: unknown): string | null {
  if (typeof raw !== "string") return null;
  const email = raw.trim().toLowerCase();
  if (email.length === 0 || email.length > MAX_EMAIL_LENGTH) return null;
  if (email.indexOf("@") !== email.lastIndexOf("@")) return null;
  return address.safeParse(email).success ? email : null;
}

/** The domain of a normalised address (after its one `@`). */
export function emailDomain(email: string): string {
  return email.slice(email.indexOf("@") + 1);
}
