import type { NewUser } from "./user-record";

/**
 * The haystack Clerk's `query` searches: emails, phone numbers, username, user id, first and
 * last name (and the full name, so "ada lovelace" finds Ada Lovelace). A control character
 * separates fields so that a query never matches across two of them.
 */
export function buildSearchText(
  user: Pick<NewUser, "id" | "username" | "firstName" | "lastName" | "emails" | "phones">,
): string {
  const fullName = [user.firstName, user.lastName].filter(Boolean).join(" ");
  return [
    user.id,
    user.username,
    fullName,
    ...user.emails.map((e) => e.value),
    ...user.phones.map((p) => p.value),
  ]
    .filter((part): part is string => Boolean(part))
    .join(FIELD_SEPARATOR)
    .toLowerCase();
}

const FIELD_SEPARATOR = "\u0001";

/** Whether a needle could only match across two fields (it holds their separator). */
export function spansFields(needle: string): boolean {
  return needle.includes(FIELD_SEPARATOR);
}

/** The needle for a `query` value, normalised the same way as the haystack. */
export function searchNeedle(query: string): string {
  return query.trim().toLowerCase();
}
