import "server-only";
import type { AuditActor } from "@/lib/audit/audit-actor";
import { serverEnv } from "@/lib/config/server-env";
import type { ChangeRequest } from "@/lib/review/rules/change-request";
import { describeRules } from "@/lib/review/rules/review-required";

export type ReviewNotice = "requested" | "approved" | "rejected" | "applied" | "withdrawn";

/** Waits before the 2nd, 3rd and 4th attempt: a few tries over about half a minute. */
const RETRY_DELAYS_MS = [1_000, 5_000, 25_000];
const TIMEOUT_MS = 5_000;

/** Invisible, and not part of any address: Slack's link detection stops at it. */
const ZERO_WIDTH_SPACE = "\u200b";

/** Characters that make a link or formatting once they read as `:`, `.`, `@`, `*`, `_`, `~` or a backtick. */
const MARKS = /^[:.@*_~`]$/;

/**
 * A value as plain text in Slack's message format, where `<…>` makes links and mentions
 * (`<https://…|label>`, `<!channel>`) and `&` starts an escape: a Clerk user's name, a staff
 * name or a bulk filter is anyone's to choose. Slack also makes links of bare addresses
 * (`https://evil.example`, `evil.example`, `x@evil.example`) and formats `*bold*`: a zero-width
 * space after each `:`, `.`, `@` and formatting mark (and every character that reads as one,
 * `。`, `﹒`, `＠`…) reads the same and links and formats nothing, so the message's one link is the
 * dashboard's own. Line breaks, direction overrides and look-alike blanks cannot lay out a
 * line that passes for Metadeck's.
 */
function slackText(value: string): string {
  const plain = value
    .replace(/[\p{Cc}\p{Zl}\p{Zp}]+/gu, " ")
    .replace(/\p{Cf}/gu, "")
    .replace(/[\p{Zs}\u2800\u3164\u115f\u1160\uffa0]+/gu, " ")
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;");
  // NFKC folds `﹒`, `＠`, `﹕`… to the ASCII mark; browsers read the ideographic full stop as a dot.
  const reads = (c: string) => c.normalize("NFKC").replace("\u3002", ".");
  return Array.from(plain, (c) => (MARKS.test(reads(c)) ? c + ZERO_WIDTH_SPACE : c)).join("");
}

/** The message: Slack's incoming webhooks (and most chat tools) read `text`. */
export function reviewNoticeText(
  request: ChangeRequest,
  notice: ReviewNotice,
  actor: AuditActor,
  dashboardUrl: string | null,
): string {
  const who = slackText(request.user.name ?? request.user.email ?? request.user.id);
  const link = `${dashboardUrl?.replace(/\/$/, "") ?? ""}/reviews/${request.id}`;
  const by = slackText(actor.name ? `${actor.name} (${actor.email})` : actor.email);
  const what =
    notice === "requested"
      ? `${by} asks for review of a change to ${who}: needs ${slackText(describeRules(request.rules))}.`
      : `${by} ${notice} the change to ${who}.`;
  return `Change request #${request.id}: ${what} ${link}`;
}

/**
 * Posts `body` to `url`, trying again after each delay on any failure. Never throws: a chat tool
 * being down must not stop a review.
 */
export async function deliverWithRetries(
  url: string,
  body: unknown,
  delays: number[] = RETRY_DELAYS_MS,
  send: typeof fetch = fetch,
): Promise<boolean> {
  for (let attempt = 0; attempt <= delays.length; attempt += 1) {
    try {
      const response = await send(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      if (response.ok) return true;
    } catch {
      // Unreachable or timed out: tried again below.
    }
    const delay = delays[attempt];
    if (delay === undefined) break;
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
  console.warn("[reviews] the review webhook was not delivered", { url: new URL(url).host });
  return false;
}

/** Announces a request or decision at REVIEW_WEBHOOK_URL, in the background, if one is set. */
export function notifyReviewers(
  request: ChangeRequest,
  notice: ReviewNotice,
  actor: AuditActor,
): void {
  const { reviewWebhookUrl, dashboardUrl } = serverEnv();
  if (!reviewWebhookUrl) return;
  const text = reviewNoticeText(request, notice, actor, dashboardUrl);
  void deliverWithRetries(reviewWebhookUrl, { text, request_id: request.id, event: notice });
}
