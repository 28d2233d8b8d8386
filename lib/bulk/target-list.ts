import { USER_ID_PATTERN } from "@/lib/clerk/user-id";

export const MAX_LIST_ENTRIES = 10_000;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

export interface TargetList {
  ids: string[];
  emails: string[];
  /** Entries that are neither a user id nor an email address, reported back as they were. */
  unrecognised: string[];
}

/**
 * Reads a pasted or uploaded list: user ids and email addresses separated by new lines, commas
 * or semicolons (a one-column CSV works). Spaces inside an entry stay in it, so a line such as
 * "Ada Lovelace <ada@example.com>" is reported back whole rather than split into pieces that
 * might each match someone. Duplicates count once; emails compare without case.
 */
export function parseTargetList(text: string): TargetList {
  const seen = new Set<string>();
  const list: TargetList = { ids: [], emails: [], unrecognised: [] };
  for (const raw of text.split(/[\r\n,;]+/)) {
    const entry = raw.trim().replace(/^["']|["']$/g, "");
    if (!entry) continue;
    const key = EMAIL.test(entry) ? entry.toLowerCase() : entry;
    if (seen.has(key)) continue;
    seen.add(key);
    if (USER_ID_PATTERN.test(entry)) list.ids.push(entry);
    else if (EMAIL.test(entry)) list.emails.push(key);
    else list.unrecognised.push(entry);
  }
  return list;
}

export function listSize(list: TargetList): number {
  return list.ids.length + list.emails.length + list.unrecognised.length;
}
