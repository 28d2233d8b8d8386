import { z } from "zod";
import { fail, ok, type Result } from "@/lib/result/result";
import { MAX_REASON_LENGTH } from "./review-policy-schema";

/**
 * A write's reason as the browser sends it: free text, trimmed, at most MAX_REASON_LENGTH
 * characters (counted as people count them, by code point); blank is no reason.
 */
export const reasonSchema = z
  .string()
  .transform((text) => text.trim())
  .refine((text) => reasonLength(text) <= MAX_REASON_LENGTH, {
    message: `must be at most ${MAX_REASON_LENGTH} characters`,
  })
  .transform((text) => (text === "" ? null : text))
  .nullish()
  .transform((text) => text ?? null);

/** How long a reason is as the server counts it: trimmed, by code point (an emoji is one). */
export const reasonLength = (text: string) => [...text.trim()].length;

/** Whether a write may be sent with this reason: within the limit, and given where required. */
export function reasonReady(text: string, required: boolean): boolean {
  const length = reasonLength(text);
  return length <= MAX_REASON_LENGTH && (!required || length > 0);
}

/** The reason a write carries, or why it may not go ahead without one. */
export function requireReason(
  reason: string | null,
  required: boolean,
): Result<string | null, { kind: "reason_required"; message: string }> {
  if (required && reason === null)
    return fail({
      kind: "reason_required",
      message: "Give a reason for this change: this workspace requires one for every write.",
    });
  return ok(reason);
}

export type ReasonPart =
  { kind: "text"; text: string } | { kind: "link"; text: string; href: string };

// Web addresses only: a reason is someone's free text, so nothing else becomes a link.
const LINK = /\bhttps?:\/\/[^\s<>"']+/gi;
// Sentence punctuation right after an address belongs to the sentence.
const TRAILING = /[.,;:!?)\]]+$/;

const count = (text: string, char: string) => text.split(char).length - 1;

/** A reason split into text and web addresses, which are shown as links (ticket links). */
export function reasonParts(reason: string): ReasonPart[] {
  const parts: ReasonPart[] = [];
  let at = 0;
  for (const match of reason.matchAll(LINK)) {
    let href = match[0].replace(TRAILING, "");
    // A closing bracket the address itself opened is part of it (Wikipedia's "Foo_(bar)").
    while (count(href, "(") > count(href, ")") && match[0][href.length] === ")")
      href = match[0].slice(0, href.length + 1);
    const start = match.index;
    if (!URL.canParse(href)) continue;
    if (start > at) parts.push({ kind: "text", text: reason.slice(at, start) });
    parts.push({ kind: "link", text: href, href });
    at = start + href.length;
  }
  if (at < reason.length) parts.push({ kind: "text", text: reason.slice(at) });
  return parts;
}
